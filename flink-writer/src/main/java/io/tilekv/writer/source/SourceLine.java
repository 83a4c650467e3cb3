package io.tilekv.writer.source;

import java.io.Serializable;

/**
 * One line of input and where it came from, so that a malformed event can be found again.
 *
 * @param origin the file (relative to the input directory, or the file's name) or another
 *     description of where the line was read; null when the source cannot tell
 * @param number the line's 1-based number within {@code origin}; 0 when unknown (the writer then
 *     numbers lines per reader)
 * @param text the line
 */
public record SourceLine(String origin, long number, String text) implements Serializable {

  /** A line without a known position. */
  public static SourceLine unnumbered(String text) {
    return new SourceLine(null, 0, text);
  }
}
