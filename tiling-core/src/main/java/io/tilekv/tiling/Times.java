package io.tilekv.tiling;

import java.time.Instant;

/**
 * The range of event and query times TileKV supports: {@value #MIN} to {@value #MAX} epoch
 * milliseconds, about 146 million years either side of 1970. Durations are at most
 * {@link Durations#MAX} (a quarter of that), so every tile start, tile end, window start and expiry
 * computed from a time in range and a valid duration fits in a {@code long}: no time arithmetic
 * can overflow. An event outside the range is malformed; a query time outside it is an error.
 */
public final class Times {
  /** The earliest supported time, {@code -2^62}. */
  public static final long MIN = -(1L << 62);
  /** The latest supported time, {@code 2^62 - 1}. */
  public static final long MAX = (1L << 62) - 1;

  private Times() {}

  /** True if {@code millis} is within [{@link #MIN}, {@link #MAX}]. */
  public static boolean inRange(long millis) {
    return millis >= MIN && millis <= MAX;
  }

  /**
   * Returns {@code millis} if in range.
   *
   * @throws IllegalArgumentException naming {@code what} and the supported range otherwise
   */
  public static long check(long millis, String what) {
    if (!inRange(millis)) {
      throw new IllegalArgumentException(outOfRange(millis, what));
    }
    return millis;
  }

  /** The message for a time outside the range, e.g. {@code "query time 9223372036854775807 is ..."}. */
  public static String outOfRange(long millis, String what) {
    return what + " " + millis + " is outside the supported range " + MIN + " to " + MAX
        + " epoch milliseconds (about 146 million years either side of 1970)";
  }

  /** {@code millis} as an ISO instant where {@link Instant} can show it, else as a number. */
  public static String format(long millis) {
    try {
      return Instant.ofEpochMilli(millis).toString();
    } catch (java.time.DateTimeException e) {
      return Long.toString(millis);
    }
  }
}
