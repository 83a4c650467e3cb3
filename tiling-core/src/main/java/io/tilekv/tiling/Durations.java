package io.tilekv.tiling;

import static java.util.Objects.requireNonNull;

/**
 * Durations as written in GroupBy files: {@code <n>s}, {@code <n>m}, {@code <n>h} or {@code <n>d}
 * with a positive integer {@code n}. In the API every duration is a {@code long} of milliseconds.
 */
public final class Durations {
  public static final long SECOND = 1_000L;
  public static final long MINUTE = 60 * SECOND;
  public static final long HOUR = 60 * MINUTE;
  public static final long DAY = 24 * HOUR;
  /**
   * The longest duration, {@code 2^60} ms (about 36 million years): with {@link Times} this keeps
   * every sum of a time and a few durations inside a {@code long}.
   */
  public static final long MAX = 1L << 60;

  private static final long[] UNITS = {DAY, HOUR, MINUTE, SECOND};
  private static final char[] SUFFIXES = {'d', 'h', 'm', 's'};

  private Durations() {}

  /**
   * Parses {@code "5m"} into 300000.
   *
   * @throws IllegalArgumentException if the text is not a positive count followed by s, m, h or d,
   *     or is longer than {@link #MAX}
   */
  public static long parse(String text) {
    requireNonNull(text, "text is null");
    String t = text.trim();
    if (t.length() < 2) {
      throw invalid(text);
    }
    char suffix = Character.toLowerCase(t.charAt(t.length() - 1));
    long unit = -1;
    for (int i = 0; i < SUFFIXES.length; i++) {
      if (SUFFIXES[i] == suffix) {
        unit = UNITS[i];
      }
    }
    String digits = t.substring(0, t.length() - 1);
    if (unit < 0 || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 12) {
      throw invalid(text);
    }
    long n = Long.parseLong(digits);
    if (n <= 0) {
      throw new IllegalArgumentException("duration must be positive: '" + text + "'");
    }
    if (n > MAX / unit) {
      throw new IllegalArgumentException("duration '" + text + "' is too long: at most "
          + (MAX / unit) + String.valueOf(suffix) + " (about 36 million years)");
    }
    return n * unit;
  }

  /**
   * Formats millis in the largest unit that divides it exactly: 300000 gives {@code "5m"}, 90000
   * gives {@code "90s"}. Values that are not whole seconds are written as {@code "<n>ms"}.
   *
   * @throws IllegalArgumentException if {@code millis} is not positive
   */
  public static String format(long millis) {
    if (millis <= 0) {
      throw new IllegalArgumentException("duration must be positive: " + millis);
    }
    for (int i = 0; i < UNITS.length; i++) {
      if (millis % UNITS[i] == 0) {
        return (millis / UNITS[i]) + String.valueOf(SUFFIXES[i]);
      }
    }
    return millis + "ms";
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "invalid duration '" + text + "': expected <n>s, <n>m, <n>h or <n>d, e.g. 5m");
  }
}
