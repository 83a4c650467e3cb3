package io.tilekv.writer;

import io.tilekv.tiling.Durations;
import io.tilekv.tiling.Times;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;

/**
 * What a finished writer run did, from the job's accumulators: the counts, and what the store now
 * holds from this run (keys, event times, tiles per layer), so that the next {@code fetch} can be
 * typed from it. The counts are exact for a run without restarts; after a restart Flink keeps only
 * the last attempt's counts for each task.
 *
 * @param eventsRead lines read from the source
 * @param malformed lines that did not fit the schema (side output, never fatal)
 * @param late events that arrived after their tile closed plus the allowed lateness
 * @param beforeCutover events older than the cut-over time, ignored
 * @param tilesWritten tile writes emitted to the store (a tile rewritten counts again)
 * @param rejectedSample the first few malformed events, one line each ({@link Rejected#describe()});
 *     every one of them goes to the rejects file when the job has one
 * @param keys the distinct entity keys tiled; exact in BATCH mode, while a stream counts a key
 *     again when it comes back after all its tiles closed
 * @param exampleKeys a few of those keys, the smallest, as fetch takes them ({@code customer_id=Alice})
 * @param firstEventTime the earliest event time tiled, {@link Long#MAX_VALUE} when none was
 * @param lastEventTime the latest event time tiled, {@link Long#MIN_VALUE} when none was
 * @param tilesPerLayer tile writes per layer (tile size in milliseconds), smallest layer first
 */
public record WriterSummary(long eventsRead, long malformed, long late, long beforeCutover,
    long tilesWritten, List<String> rejectedSample, long keys, List<String> exampleKeys,
    long firstEventTime, long lastEventTime, SortedMap<Long, Long> tilesPerLayer) {

  public WriterSummary {
    rejectedSample = List.copyOf(rejectedSample);
    exampleKeys = List.copyOf(exampleKeys);
    tilesPerLayer = Collections.unmodifiableSortedMap(new TreeMap<>(tilesPerLayer));
  }

  /** A summary of counts and a sample only. */
  public WriterSummary(long eventsRead, long malformed, long late, long beforeCutover, long tilesWritten,
      List<String> rejectedSample) {
    this(eventsRead, malformed, late, beforeCutover, tilesWritten, rejectedSample, 0, List.of(),
        Long.MAX_VALUE, Long.MIN_VALUE, new TreeMap<>());
  }

  /** A summary of counts only. */
  public WriterSummary(long eventsRead, long malformed, long late, long beforeCutover, long tilesWritten) {
    this(eventsRead, malformed, late, beforeCutover, tilesWritten, List.of());
  }

  /** True when the input had events and not one was well-formed: the input is not events at all. */
  public boolean allMalformed() {
    return eventsRead > 0 && malformed == eventsRead;
  }

  /** Metric and accumulator names. */
  public static final String EVENTS_READ = "eventsRead";
  public static final String MALFORMED = "malformedEvents";
  public static final String LATE = "lateEvents";
  public static final String BEFORE_CUTOVER = "eventsBeforeCutover";
  /** Also the prefix of the per-layer accumulators, {@code tilesEmitted.<tile size in ms>}. */
  public static final String TILES_WRITTEN = "tilesEmitted";
  public static final String REJECTED_SAMPLE = "rejectedSample";
  public static final String KEYS = "keys";
  public static final String KEY_EXAMPLES = "keyExamples";
  public static final String FIRST_EVENT = "firstEventTime";
  public static final String LAST_EVENT = "lastEventTime";

  /** Reads the counts of a finished job. */
  public static WriterSummary of(JobExecutionResult result) {
    Map<String, Object> acc = result.getAllAccumulatorResults();
    SortedMap<Long, Long> perLayer = new TreeMap<>();
    acc.forEach((name, value) -> {
      if (name.startsWith(TILES_WRITTEN + ".") && value instanceof Number n) {
        perLayer.put(Long.parseLong(name.substring(TILES_WRITTEN.length() + 1)), n.longValue());
      }
    });
    return new WriterSummary(count(acc, EVENTS_READ), count(acc, MALFORMED), count(acc, LATE),
        count(acc, BEFORE_CUTOVER), count(acc, TILES_WRITTEN), strings(acc, REJECTED_SAMPLE),
        count(acc, KEYS), strings(acc, KEY_EXAMPLES),
        acc.get(FIRST_EVENT) instanceof Number n ? n.longValue() : Long.MAX_VALUE,
        acc.get(LAST_EVENT) instanceof Number n ? n.longValue() : Long.MIN_VALUE, perLayer);
  }

  private static long count(Map<String, Object> acc, String name) {
    Object v = acc.get(name);
    return v instanceof Number n ? n.longValue() : 0;
  }

  private static List<String> strings(Map<String, Object> acc, String name) {
    return acc.get(name) instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  /**
   * One line per count, for people; then the keys (with examples), the event times and the tiles
   * per layer when the run tiled any event, and the first malformed events.
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder()
        .append("events read:     ").append(eventsRead).append('\n')
        .append("malformed:       ").append(malformed).append('\n')
        .append("late:            ").append(late).append('\n');
    if (beforeCutover > 0) {
      b.append("before cut-over: ").append(beforeCutover).append('\n');
    }
    if (keys > 0) {
      b.append("keys:            ").append(keys);
      if (!exampleKeys.isEmpty()) {
        b.append(keys > exampleKeys.size() ? ", e.g. " : " (").append(String.join(", ", exampleKeys))
            .append(keys > exampleKeys.size() ? ", ..." : ")");
      }
      b.append('\n');
    }
    if (firstEventTime <= lastEventTime) {
      b.append("event times:     ").append(Times.format(firstEventTime)).append(" .. ")
          .append(Times.format(lastEventTime)).append('\n');
    }
    b.append("tiles written:   ").append(tilesWritten);
    if (tilesWritten > 0 && !tilesPerLayer.isEmpty()) {
      b.append(tilesPerLayer.entrySet().stream()
          .map(e -> Durations.format(e.getKey()) + ": " + e.getValue())
          .collect(Collectors.joining(", ", " (", ")")));
    }
    if (!rejectedSample.isEmpty()) {
      b.append("\nfirst malformed events:\n  ").append(String.join("\n  ", rejectedSample));
      if (malformed > rejectedSample.size()) {
        b.append("\n  ... and ").append(malformed - rejectedSample.size()).append(" more");
      }
    }
    return b.toString();
  }
}
