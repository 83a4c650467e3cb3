package io.tilekv.tiling;

import java.io.Serializable;

/**
 * The result of parsing one line of events: either a {@link Valid} row or a {@link Malformed}
 * line with its reason. Switch on the two records, or use {@link #isMalformed()}.
 */
public sealed interface ParsedEvent extends Serializable {

  /** True for a line that does not fit the schema. */
  boolean isMalformed();

  /** The 1-based line number given to the parser. */
  long lineNumber();

  /**
   * The row of a valid line.
   *
   * @throws IllegalStateException for a malformed line
   */
  Row row();

  /** Why the line is malformed; null for a valid one. */
  String reason();

  /** The line as read, for a malformed line; null for a valid one. */
  String raw();

  /** A line that fits the schema. */
  record Valid(Row row, long lineNumber) implements ParsedEvent {
    @Override
    public boolean isMalformed() {
      return false;
    }

    @Override
    public String reason() {
      return null;
    }

    @Override
    public String raw() {
      return null;
    }
  }

  /** A line that does not fit the schema; {@code toString()} reads {@code line 7: <reason>}. */
  record Malformed(long lineNumber, String reason, String raw) implements ParsedEvent {
    @Override
    public boolean isMalformed() {
      return true;
    }

    @Override
    public Row row() {
      throw new IllegalStateException("line " + lineNumber + " is malformed: " + reason);
    }

    @Override
    public String toString() {
      return "line " + lineNumber + ": " + reason;
    }
  }
}
