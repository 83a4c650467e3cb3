package io.tilekv.conformance.bench;

import io.tilekv.spi.Entry;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The measuring loop the store benchmarks share, and the request they share: each case runs at 1,
 * 8 and 64 concurrent callers, for a fixed time per cell after a warm-up, and prints a table row
 * per cell: requests per second, median and 99th percentile latency, and the store's round trips
 * per request as the store counts them (calls, commands, RPCs or statements).
 */
public final class StoreBenchmark {
  /** The TTL of {@link #tiles}. */
  public static final Duration TTL = Duration.ofDays(8);
  private static final int[] CALLERS = {1, 8, 64};
  private static final Duration MAX_WARM_UP = Duration.ofSeconds(1);
  private static final int VALUE_BYTES = 200;
  private static final long MIN5 = 300_000;
  private static final long HOUR = 3_600_000;
  private static final long DAY = 86_400_000;

  private StoreBenchmark() {}

  /** One request of a case; {@code random} belongs to the calling thread. */
  public interface Request {
    void run(SplittableRandom random) throws Exception;
  }

  /**
   * A table row per number of callers.
   *
   * @param name the first column
   * @param roundTrips the store's count of round trips so far, read before and after each cell
   * @param request what every caller repeats
   */
  public record Case(String name, LongSupplier roundTrips, Request request) {
    public Case {
      Objects.requireNonNull(name, "name is null");
      Objects.requireNonNull(roundTrips, "roundTrips is null");
      Objects.requireNonNull(request, "request is null");
    }
  }

  /**
   * Prints the header, then for 1, 8 and 64 callers a row per case, in order. A failed request
   * ends the run with an IllegalStateException carrying its error.
   *
   * @param cell how long each row measures; the warm-up before it lasts as long, at most a second
   * @param perRequest the header of the last column, such as {@code calls/req}
   */
  public static void run(Duration cell, String perRequest, List<Case> cases) throws InterruptedException {
    run(System.out, cell, perRequest, cases);
  }

  static void run(PrintStream out, Duration cell, String perRequest, List<Case> cases) throws InterruptedException {
    int width = Math.max("case".length(), cases.stream().mapToInt(c -> c.name().length()).max().orElse(0));
    String last = "%" + Math.max(9, perRequest.length());
    out.printf(Locale.ROOT, "%-" + width + "s %7s %10s %9s %9s " + last + "s%n",
        "case", "callers", "req/s", "p50 ms", "p99 ms", perRequest);
    Duration warmUp = cell.compareTo(MAX_WARM_UP) < 0 ? cell : MAX_WARM_UP;
    for (int callers : CALLERS) {
      for (Case c : cases) {
        loop(c.request(), callers, warmUp);
        long before = c.roundTrips().getAsLong();
        long start = System.nanoTime();
        long[] nanos = loop(c.request(), callers, cell);
        double seconds = (System.nanoTime() - start) / 1e9;
        long trips = c.roundTrips().getAsLong() - before;
        // Nearest rank: the 99th percentile is a latency that was measured.
        long p99 = nanos[(int) Math.ceil(nanos.length * 0.99) - 1];
        out.printf(Locale.ROOT, "%-" + width + "s %7d %10.0f %9.2f %9.2f " + last + ".1f%n", c.name(), callers,
            nanos.length / seconds, nanos[nanos.length / 2] / 1e6, p99 / 1e6, trips / (double) nanos.length);
      }
    }
  }

  /**
   * The latencies in nanoseconds, sorted, of what {@code callers} threads did in {@code time}.
   * Every caller makes at least one request, so there is always a row to print.
   */
  private static long[] loop(Request request, int callers, Duration time) throws InterruptedException {
    long end = System.nanoTime() + time.toNanos();
    long[][] perCaller = new long[callers][];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread[] threads = new Thread[callers];
    for (int i = 0; i < callers; i++) {
      int id = i;
      threads[i] = new Thread(() -> {
        // The same seed per caller in every cell: each case meets the same sequence of requests.
        SplittableRandom random = new SplittableRandom(id);
        long[] mine = new long[1 << 12];
        int n = 0;
        try {
          do {
            long t0 = System.nanoTime();
            request.run(random);
            if (n == mine.length) {
              mine = Arrays.copyOf(mine, n * 2);
            }
            mine[n++] = System.nanoTime() - t0;
          } while (System.nanoTime() < end && failure.get() == null);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
        perCaller[id] = Arrays.copyOf(mine, n);
      }, "bench-" + i);
      // A request that hangs must not keep the JVM alive after main has reported the failure.
      threads[i].setDaemon(true);
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a benchmark request failed", failure.get());
    }
    return Arrays.stream(perCaller).flatMapToLong(Arrays::stream).sorted().toArray();
  }

  /** The 24 tiles of one entity a 6h + 1d fetch reads: 12 x 5m, 11 x 1h, 1 x 1d (three partitions). */
  public static List<Key> tileKeys(int entity) {
    byte[] ek = ("entity-" + entity).getBytes(StandardCharsets.UTF_8);
    List<Key> keys = new ArrayList<>(24);
    long day = 19_000 * DAY;
    for (int i = 0; i < 12; i++) {
      keys.add(TileKeys.key(ek, MIN5, day + 14 * HOUR + i * MIN5));
    }
    for (int i = 0; i < 11; i++) {
      keys.add(TileKeys.key(ek, HOUR, day + i * HOUR));
    }
    keys.add(TileKeys.key(ek, DAY, day - DAY));
    return keys;
  }

  /** The {@link #tileKeys} of {@code entity} with random values of 200 bytes and the {@link #TTL}. */
  public static List<Entry> tiles(int entity, SplittableRandom random) {
    List<Entry> out = new ArrayList<>(24);
    for (Key k : tileKeys(entity)) {
      byte[] v = new byte[VALUE_BYTES];
      random.nextBytes(v);
      out.add(Entry.of(k, v, TTL));
    }
    return out;
  }
}
