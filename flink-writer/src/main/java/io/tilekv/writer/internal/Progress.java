package io.tilekv.writer.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints a progress line every interval while a local run runs: events read and their rate over
 * the last interval, malformed events and tiles written so far. One daemon thread, ended by
 * {@link #close()}.
 */
public final class Progress implements AutoCloseable {
  private final String key;
  private final LiveCounts counts;
  private final PrintWriter out;
  private final long started = System.nanoTime();
  private final ScheduledExecutorService timer;
  private long lastRead;
  private long lastTiles;
  private long lastNanos = started;

  private Progress(String key, Duration every, PrintWriter out) {
    this.key = key;
    this.counts = LiveCounts.register(key);
    this.out = out;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tilekv-write-progress");
      t.setDaemon(true);
      return t;
    });
    long millis = every.toMillis();
    timer.scheduleAtFixedRate(this::print, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Registers the counts of run {@code key} and prints them every {@code every} until closed. */
  public static Progress start(String key, Duration every, PrintWriter out) {
    return new Progress(key, every, out);
  }

  private void print() {
    long now = System.nanoTime();
    long read = counts.read.sum();
    long tiles = counts.tiles.sum();
    double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
    out.println(line(Duration.ofNanos(now - started), read, Math.round((read - lastRead) / seconds),
        counts.malformed.sum(), tiles, Math.round((tiles - lastTiles) / seconds)));
    out.flush();
    lastRead = read;
    lastTiles = tiles;
    lastNanos = now;
  }

  /**
   * {@code [1m05s] 1,234,567 events read (49,383/s), 12 malformed, 3,456 tiles written (120/s)},
   * rates over the last interval.
   */
  static String line(Duration elapsed, long read, long readRate, long malformed, long tiles, long tileRate) {
    long s = elapsed.toSeconds();
    String time = s < 60 ? s + "s" : s < 3600 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
        : String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60);
    if (read == 0) {
      return "[" + time + "] no event read yet";
    }
    return String.format(Locale.ROOT, "[%s] %,d events read (%,d/s), %,d malformed, %,d tiles written (%,d/s)",
        time, read, readRate, malformed, tiles, tileRate);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LiveCounts.unregister(key);
  }
}
