package io.tilekv.writer;

import java.io.Serializable;

/**
 * An event the writer set aside instead of tiling, as emitted on a side output.
 *
 * @param kind why it was set aside
 * @param reason a readable explanation (the parse error, or the tile and watermark for a late event)
 * @param event the line as read (malformed) or the parsed row (late)
 * @param timestamp the event time, or {@link Long#MIN_VALUE} when the line had none
 * @param lineNumber the line's number in its input as its reader counted it (1-based; within one
 *     file when each file is read by one reader, as for JSON Lines files), 0 when unknown
 */
public record Rejected(Kind kind, String reason, String event, long timestamp, long lineNumber)
    implements Serializable {

  /** Why an event was set aside. */
  public enum Kind {
    /** It does not fit the GroupBy's schema (not JSON, a missing key or timestamp, a wrong type). */
    MALFORMED,
    /** It arrived after its tile closed and the allowed lateness passed (streaming only). */
    LATE
  }

  /** A rejection without a line number. */
  public Rejected(Kind kind, String reason, String event, long timestamp) {
    this(kind, reason, event, timestamp, 0);
  }

  /** One line for people: {@code line 12: MALFORMED: reason}, the event cut to 200 characters. */
  public String describe() {
    String e = event == null ? "" : event.length() <= 200 ? event : event.substring(0, 200) + "...("
        + event.length() + " chars)";
    return (lineNumber > 0 ? "line " + lineNumber + ": " : "") + kind + ": " + reason + ": " + e;
  }
}
