package io.tilekv.store.rocksdb;

import io.tilekv.spi.Entry;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Throughput and latency of the RocksDB store for the fetcher's and the writer's shapes: a multiGet
 * of one entity's 24 tiles per request and a multiPut of 24 tiles per request, at 1, 8 and 64
 * concurrent callers, each against the naive way (one single-key call per tile, awaited in turn)
 * in the same run on the same data. Not a unit test; run it with
 *
 * <pre>{@code
 * mvn -q -pl stores/rocksdb test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.tilekv.store.rocksdb.RocksDbBenchmark [-Dbench.seconds=3] [-Dbench.entities=20000]
 * }</pre>
 */
public final class RocksDbBenchmark {
  private static final int TILES = 24;
  private static final long TILE = 300_000;
  private static final int VALUE_BYTES = 256;

  private final RocksDbKVStore store;
  private final int entities;
  private final Duration cell;

  private RocksDbBenchmark(RocksDbKVStore store, int entities, Duration cell) {
    this.store = store;
    this.entities = entities;
    this.cell = cell;
  }

  public static void main(String[] args) throws Exception {
    int entities = Integer.getInteger("bench.entities", 20_000);
    Duration cell = Duration.ofSeconds(Integer.getInteger("bench.seconds", 3));
    Path dir = Files.createTempDirectory("tilekv-rocksdb-bench");
    try (RocksDbKVStore store = RocksDbKVStore.open(dir)) {
      RocksDbBenchmark bench = new RocksDbBenchmark(store, entities, cell);
      bench.fill();
      System.out.printf(Locale.ROOT, "%d entities x %d tiles of %d bytes, %s per cell, %d cores%n",
          entities, TILES, VALUE_BYTES, cell, Runtime.getRuntime().availableProcessors());
      System.out.printf(Locale.ROOT, "%-8s %-8s %7s %10s %9s %9s %8s%n",
          "op", "mode", "callers", "req/s", "p50 us", "p99 us", "calls/req");
      for (int callers : new int[] {1, 8, 64}) {
        Result batched = bench.run(callers, bench::batchedGet);
        Result naive = bench.run(callers, bench::naiveGet);
        print("multiGet", "batched", callers, batched, 1);
        print("multiGet", "naive", callers, naive, TILES);
        System.out.printf(Locale.ROOT, "  -> batched/naive throughput: %.1fx%n", batched.rate / naive.rate);
      }
      for (int callers : new int[] {1, 8, 64}) {
        Result batched = bench.run(callers, bench::batchedPut);
        Result naive = bench.run(callers, bench::naivePut);
        print("multiPut", "batched", callers, batched, 1);
        print("multiPut", "naive", callers, naive, TILES);
        System.out.printf(Locale.ROOT, "  -> batched/naive throughput: %.1fx%n", batched.rate / naive.rate);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private record Result(double rate, long p50Nanos, long p99Nanos) {}

  private interface Request {
    void run(SplittableRandom random);
  }

  private static void print(String op, String mode, int callers, Result r, int calls) {
    System.out.printf(Locale.ROOT, "%-8s %-8s %7d %10.0f %9.0f %9.0f %8d%n", op, mode, callers, r.rate,
        r.p50Nanos / 1e3, r.p99Nanos / 1e3, calls);
  }

  private void fill() {
    List<Entry> batch = new ArrayList<>();
    for (int e = 0; e < entities; e++) {
      batch.addAll(entries(e, new SplittableRandom(e)));
      if (batch.size() >= 4_800) {
        store.multiPut("bench", batch).join();
        batch.clear();
      }
    }
    store.multiPut("bench", batch).join();
  }

  private static List<Key> keys(int entity) {
    byte[] entityKey = io.tilekv.spi.EntityKey.of("customer-" + entity).bytes();
    List<Key> keys = new ArrayList<>(TILES);
    for (int t = 0; t < TILES; t++) {
      keys.add(TileKeys.key(entityKey, TILE, 1_705_300_000_000L / TILE * TILE + t * TILE));
    }
    return keys;
  }

  private static List<Entry> entries(int entity, SplittableRandom random) {
    List<Entry> out = new ArrayList<>(TILES);
    for (Key k : keys(entity)) {
      byte[] v = new byte[VALUE_BYTES];
      for (int i = 0; i < v.length; i += 8) {
        v[i] = (byte) random.nextInt();
      }
      out.add(Entry.of(k, v, Duration.ofDays(2)));
    }
    return out;
  }

  private void batchedGet(SplittableRandom r) {
    store.multiGet("bench", keys(r.nextInt(entities))).join();
  }

  private void naiveGet(SplittableRandom r) {
    for (Key k : keys(r.nextInt(entities))) {
      store.multiGet("bench", List.of(k)).join();
    }
  }

  private void batchedPut(SplittableRandom r) {
    store.multiPut("bench", entries(r.nextInt(entities), r)).join();
  }

  private void naivePut(SplittableRandom r) {
    for (Entry e : entries(r.nextInt(entities), r)) {
      store.multiPut("bench", List.of(e)).join();
    }
  }

  /** Runs {@code request} in a closed loop on {@code callers} threads: a short warm-up, then one timed cell. */
  private Result run(int callers, Request request) throws InterruptedException {
    // Every cell starts from flushed, compacted files, so a cell does not pay for the previous one's writes.
    store.compact().join();
    long warmupEnd = System.nanoTime() + cell.toNanos() / 3;
    long end = warmupEnd + cell.toNanos();
    long[][] latencies = new long[callers][];
    int[] counts = new int[callers];
    CountDownLatch done = new CountDownLatch(callers);
    for (int c = 0; c < callers; c++) {
      int caller = c;
      Thread t = new Thread(() -> {
        SplittableRandom random = new SplittableRandom(caller * 7919L + callers);
        long[] mine = new long[1 << 16];
        int n = 0;
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
          request.run(random);
          long took = System.nanoTime() - now;
          if (now >= warmupEnd) {
            if (n == mine.length) {
              mine = Arrays.copyOf(mine, n * 2);
            }
            mine[n++] = took;
          }
        }
        latencies[caller] = mine;
        counts[caller] = n;
        done.countDown();
      });
      t.setDaemon(true);
      t.start();
    }
    done.await();
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int pos = 0;
    for (int c = 0; c < callers; c++) {
      System.arraycopy(latencies[c], 0, all, pos, counts[c]);
      pos += counts[c];
    }
    Arrays.sort(all);
    return new Result(total / (cell.toNanos() / 1e9), all[(int) (total * 0.50)], all[Math.min(total - 1, (int) (total * 0.99))]);
  }
}
