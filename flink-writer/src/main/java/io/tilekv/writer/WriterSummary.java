package io.tilekv.writer;

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
 */
public record WriterSummary(long eventsRead, long malformed, long late, long beforeCutover,
    long tilesWritten) {

  /** Metric and accumulator names. */
  public static final String EVENTS_READ = "eventsRead";
  public static final String MALFORMED = "malformedEvents";
  public static final String LATE = "lateEvents";
  public static final String BEFORE_CUTOVER = "eventsBeforeCutover";
  public static final String TILES_WRITTEN = "tilesEmitted";

  /** Reads the counts of a finished job. */
  public static WriterSummary of(JobExecutionResult result) {
    Map<String, Object> acc = result.getAllAccumulatorResults();
    return new WriterSummary(count(acc, EVENTS_READ), count(acc, MALFORMED), count(acc, LATE),
        count(acc, BEFORE_CUTOVER), count(acc, TILES_WRITTEN));
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
        + "tiles written:   " + tilesWritten;
  }
}
