package io.tilekv.writer;

import java.io.Serializable;

/**
 * An event the writer set aside instead of tiling, as emitted on a side output.
 *
 * @param kind why it was set aside
 * @param reason a readable explanation (the parse error, or the tile and watermark for a late event)
 * @param event the line as read (malformed) or the parsed row (late)
 * @param timestamp the event time, or {@link Long#MIN_VALUE} when the line had none
 * @param lineNumber the line's number in its file (1-based), or, for a source that does not number
 *     its lines, as its reader counted it; 0 when unknown
 * @param origin the file the line was read from (relative to the directory read), null when unknown
 */
public record Rejected(Kind kind, String reason, String event, long timestamp, long lineNumber, String origin)
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
    this(kind, reason, event, timestamp, 0, null);
  }

  /** A rejection with a line number but no file. */
  public Rejected(Kind kind, String reason, String event, long timestamp, long lineNumber) {
    this(kind, reason, event, timestamp, lineNumber, null);
  }

  /**
   * One line for people: {@code events/b.jsonl line 12: MALFORMED: reason: event}, the event cut to
   * 200 characters.
   */
  public String describe() {
    String e = event == null ? "" : event.length() <= 200 ? event : event.substring(0, 200) + "...("
        + event.length() + " chars)";
    String where = (origin != null ? origin + (lineNumber > 0 ? " " : ": ") : "")
        + (lineNumber > 0 ? "line " + lineNumber + ": " : "");
    return where + kind + ": " + reason + ": " + e;
  }
}
