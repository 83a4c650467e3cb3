package io.tilekv.writer;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;

/**
 * What a finished writer run did, from the job's accumulators. The counts are exact for a run
 * without restarts; after a restart Flink keeps only the last attempt's counts for each task.
 *
 * @param eventsRead lines read from the source
 * @param malformed lines that did not fit the schema (side output, never fatal)
 * @param late events that arrived after their tile closed plus the allowed lateness
 * @param beforeCutover events older than the cut-over time, ignored
 * @param tilesWritten tile writes emitted to the store (a tile rewritten counts again)
 * @param rejectedSample the first few malformed events, one line each ({@link Rejected#describe()});
 *     every one of them goes to the rejects file when the job has one
 */
public record WriterSummary(long eventsRead, long malformed, long late, long beforeCutover,
    long tilesWritten, List<String> rejectedSample) {

  public WriterSummary {
    rejectedSample = List.copyOf(rejectedSample);
  }

  /** A summary without a sample. */
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
  public static final String TILES_WRITTEN = "tilesEmitted";
  public static final String REJECTED_SAMPLE = "rejectedSample";

  /** Reads the counts of a finished job. */
  public static WriterSummary of(JobExecutionResult result) {
    Map<String, Object> acc = result.getAllAccumulatorResults();
    Object sample = acc.get(REJECTED_SAMPLE);
    List<String> lines = sample instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    return new WriterSummary(count(acc, EVENTS_READ), count(acc, MALFORMED), count(acc, LATE),
        count(acc, BEFORE_CUTOVER), count(acc, TILES_WRITTEN), lines);
  }

  private static long count(Map<String, Object> acc, String name) {
    Object v = acc.get(name);
    return v instanceof Number n ? n.longValue() : 0;
  }

  /** One line per count, for people. */
  @Override
  public String toString() {
    return "events read:     " + eventsRead + "\n"
        + "malformed:       " + malformed + "\n"
        + "late:            " + late + "\n"
        + (beforeCutover > 0 ? "before cut-over: " + beforeCutover + "\n" : "")
        + "tiles written:   " + tilesWritten
        + (rejectedSample.isEmpty() ? "" : "\nfirst malformed events:\n  " + String.join("\n  ", rejectedSample)
            + (malformed > rejectedSample.size() ? "\n  ... and " + (malformed - rejectedSample.size()) + " more" : ""));
  }
}
