package io.tilekv.writer;

import java.io.Serializable;
import java.time.Duration;

/**
 * When the writer emits a changed tile to the store.
 *
 * <ul>
 *   <li>{@link #everyEvent()}: after every event, each tile the event changed (one write per
 *       layer per event; the freshest store, the most writes).
 *   <li>{@link #buffered(Duration)}: a changed tile at most once per interval of processing time
 *       per key, and always when its window closes (the watermark passes its end).
 * </ul>
 * In BATCH execution (backfill) the trigger does not apply: each tile is written once, complete.
 */
public final class EmitTrigger implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long intervalMillis;

  private EmitTrigger(long intervalMillis) {
    this.intervalMillis = intervalMillis;
  }

  /** Emit every changed tile after every event. */
  public static EmitTrigger everyEvent() {
    return new EmitTrigger(0);
  }

  /**
   * Emit a changed tile at most once per {@code interval} and when its window closes.
   *
   * @throws IllegalArgumentException if {@code interval} is under 1 ms
   */
  public static EmitTrigger buffered(Duration interval) {
    long ms = interval.toMillis();
    if (ms < 1) {
      throw new IllegalArgumentException("the buffer interval must be at least 1 ms: " + interval);
    }
    return new EmitTrigger(ms);
  }

  /** Parses {@code event} or a duration such as {@code 1s}, {@code 500ms}, {@code 2m}. */
  public static EmitTrigger parse(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("event")) {
      return everyEvent();
    }
    return buffered(new OptionTexts.DurationText().convert(t));
  }

  public boolean isEveryEvent() {
    return intervalMillis == 0;
  }

  /** The buffer interval in millis; 0 for {@link #everyEvent()}. */
  public long intervalMillis() {
    return intervalMillis;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmitTrigger t && t.intervalMillis == intervalMillis;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(intervalMillis);
  }

  @Override
  public String toString() {
    return isEveryEvent() ? "event" : intervalMillis + "ms";
  }
}
