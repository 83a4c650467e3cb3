package io.tilekv.tiling;

/**
 * A sliding window of a given length with a hop (SPEC: sawtooth windows, as in Chronon).
 *
 * <p>A query at time {@code q} aggregates the events with {@code start(q) <= ts < q} where
 * {@code start(q) = floor((q - length) / hop) * hop}: the head is exact, the tail moves in steps of
 * one hop. The default hop is 5 minutes for windows shorter than 12 hours, 1 hour for windows
 * shorter than 12 days and 1 day otherwise.
 *
 * <p>Immutable and serializable; equal by length and hop; ordered by length, then hop.
 */
public final class Window implements Comparable<Window>, java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final long length;
  private final long hop;

  private Window(long length, long hop) {
    if (length <= 0) {
      throw new IllegalArgumentException("window length must be positive: " + length);
    }
    if (hop <= 0) {
      throw new IllegalArgumentException("window hop must be positive: " + hop);
    }
    if (length > Durations.MAX) {
      throw new IllegalArgumentException("window length " + length + " is longer than the maximum "
          + Durations.MAX + " ms");
    }
    if (length % hop != 0) {
      throw new IllegalArgumentException("window " + Durations.format(length)
          + " is not a multiple of its hop " + Durations.format(hop));
    }
    this.length = length;
    this.hop = hop;
  }

  /** A window with the default hop for its length. */
  public static Window of(long length) {
    return new Window(length, defaultHop(length));
  }

  /**
   * A window with an explicit hop.
   *
   * @throws IllegalArgumentException if either is not positive or length is not a multiple of hop
   */
  public static Window of(long length, long hop) {
    return new Window(length, hop);
  }

  /** Parses a duration such as {@code "6h"} into a window with the default hop. */
  public static Window parse(String length) {
    return of(Durations.parse(length));
  }

  /** The default hop of a window of {@code length} millis. */
  public static long defaultHop(long length) {
    if (length < 12 * Durations.HOUR) {
      return 5 * Durations.MINUTE;
    }
    return length < 12 * Durations.DAY ? Durations.HOUR : Durations.DAY;
  }

  /** Length in millis. */
  public long length() {
    return length;
  }

  /** Hop in millis. */
  public long hop() {
    return hop;
  }

  /** The length as written in files and feature names, e.g. {@code "6h"}. */
  public String label() {
    return Durations.format(length);
  }

  /**
   * The first event time the window includes for a query at {@code queryTime}.
   *
   * @throws ArithmeticException if {@code queryTime} is so close to {@link Long#MIN_VALUE} that
   *     the start does not fit a long (never for a time in {@link Times}' range)
   */
  public long start(long queryTime) {
    return Math.multiplyExact(Math.floorDiv(Math.subtractExact(queryTime, length), hop), hop);
  }

  /** True if an event at {@code ts} is inside the window for a query at {@code queryTime}. */
  public boolean contains(long queryTime, long ts) {
    return ts >= start(queryTime) && ts < queryTime;
  }

  @Override
  public int compareTo(Window o) {
    int c = Long.compare(length, o.length);
    return c != 0 ? c : Long.compare(hop, o.hop);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Window w && w.length == length && w.hop == hop;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(length) * 31 + Long.hashCode(hop);
  }

  @Override
  public String toString() {
    return label() + (hop == defaultHop(length) ? "" : "/" + Durations.format(hop));
  }
}
