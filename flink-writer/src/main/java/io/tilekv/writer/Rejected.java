package io.tilekv.writer;

import java.io.Serializable;

/**
 * An event the writer set aside instead of tiling, as emitted on a side output.
 *
 * @param kind why it was set aside
 * @param reason a readable explanation (the parse error, or the tile and watermark for a late event)
 * @param event the line as read (malformed) or the parsed row (late)
 * @param timestamp the event time, or {@link Long#MIN_VALUE} when the line had none
 */
public record Rejected(Kind kind, String reason, String event, long timestamp)
    implements Serializable {

  /** Why an event was set aside. */
  public enum Kind {
    /** It does not fit the GroupBy's schema (not JSON, a missing key or timestamp, a wrong type). */
    MALFORMED,
    /** It arrived after its tile closed and the allowed lateness passed (streaming only). */
    LATE
  }
}
