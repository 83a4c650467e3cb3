package io.tilekv.store.cassandra;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.Key;
import io.tilekv.store.cassandra.internal.CassandraKVStore;
import io.tilekv.store.cassandra.servers.CassandraServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * ADAPTERS.md item 7 against a local Cassandra 5 node (or {@code -Dtilekv.cassandra.uri=...}):
 * multiGet of 24 tiles per request (one entity: 12 five-minute, 8 hourly, 4 daily tiles, so three
 * partitions) and multiPut of the same 24 tiles, at 1, 8 and 64 concurrent callers, against a naive
 * loop of one single-key call per tile on the same store in the same run. Run with
 * {@code mvn -q -pl stores/cassandra test-compile exec:java [-Dexec.args=SECONDS]}.
 */
public final class CassandraBenchmark {
  private static final int ENTITIES = 2_000;
  private static final int VALUE_BYTES = 200;

  private CassandraBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    String uri = CassandraServer.startForMain() + "&timeout=10s";
    CassandraServer.startSeconds().ifPresent(s -> System.out.printf("node ready in %.1f s%n", s));
    try (KVStore store = KVStores.open(uri)) {
      CassandraKVStore cass = (CassandraKVStore) store;
      String dataset = "bench";
      store.createDataset(dataset).get(30, TimeUnit.SECONDS);
      for (int e = 0; e < ENTITIES; e += 50) {
        List<Entry> load = new ArrayList<>();
        for (int i = e; i < e + 50; i++) {
          load.addAll(entries(i));
        }
        store.multiPut(dataset, load).get(60, TimeUnit.SECONDS);
      }
      System.out.printf("%-22s %7s %10s %9s %9s %10s%n", "case", "callers", "req/s", "p50 ms", "p99 ms", "stmts/req");
      for (int callers : new int[] {1, 8, 64}) {
        run("multiGet 24", callers, seconds, cass, () -> {
          List<Key> keys = keys(ThreadLocalRandom.current().nextInt(ENTITIES));
          store.multiGet(dataset, keys).get(30, TimeUnit.SECONDS);
        });
        run("naive get x24", callers, seconds, cass, () -> {
          for (Key k : keys(ThreadLocalRandom.current().nextInt(ENTITIES))) {
            store.multiGet(dataset, List.of(k)).get(30, TimeUnit.SECONDS);
          }
        });
        run("multiPut 24", callers, seconds, cass, () ->
            store.multiPut(dataset, entries(ThreadLocalRandom.current().nextInt(ENTITIES))).get(30, TimeUnit.SECONDS));
        run("naive put x24", callers, seconds, cass, () -> {
          for (Entry e : entries(ThreadLocalRandom.current().nextInt(ENTITIES))) {
            store.multiPut(dataset, List.of(e)).get(30, TimeUnit.SECONDS);
          }
        });
      }
    }
    System.exit(0); // the shutdown hook stops the node
  }

  interface Request {
    void run() throws Exception;
  }

  private static void run(String name, int callers, int seconds, CassandraKVStore store, Request request)
      throws InterruptedException {
    long warmUpEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
    long[][] latencies = new long[callers][];
    int[] counts = new int[callers];
    long[] statements = new long[2];
    CountDownLatch warm = new CountDownLatch(callers);
    CountDownLatch done = new CountDownLatch(callers);
    long[] window = new long[2];
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      int id = c;
      Thread t = new Thread(() -> {
        long[] mine = new long[1 << 16];
        try {
          while (System.nanoTime() < warmUpEnd) {
            request.run();
          }
          warm.countDown();
          warm.await();
          synchronized (window) {
            if (window[0] == 0) {
              window[0] = System.nanoTime();
              window[1] = window[0] + TimeUnit.SECONDS.toNanos(seconds);
              statements[0] = store.statementsSent();
            }
          }
          int n = 0;
          while (System.nanoTime() < window[1]) {
            long t0 = System.nanoTime();
            request.run();
            if (n == mine.length) {
              mine = Arrays.copyOf(mine, n * 2);
            }
            mine[n++] = System.nanoTime() - t0;
          }
          latencies[id] = mine;
          counts[id] = n;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          done.countDown();
        }
      }, "bench-" + c);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    done.await();
    long elapsed = System.nanoTime() - window[0];
    statements[1] = store.statementsSent();
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < callers; c++) {
      System.arraycopy(latencies[c], 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    System.out.printf("%-22s %7d %10.0f %9.2f %9.2f %10.1f%n", name, callers, total / (elapsed / 1e9),
        all[total / 2] / 1e6, all[(int) Math.min(total - 1, Math.ceil(total * 0.99) - 1)] / 1e6,
        (statements[1] - statements[0]) / (double) total);
  }

  /** One entity's tiles: 12 of 5 minutes, 8 hourly, 4 daily, as a 24-hour window with a fine edge. */
  private static List<Key> keys(int entity) {
    List<Key> keys = new ArrayList<>(24);
    long day = 86_400_000L;
    long base = 19_700L * day;
    for (int i = 0; i < 12; i++) {
      keys.add(Key.of(partition(entity, "5m"), base + i * 300_000L));
    }
    for (int i = 0; i < 8; i++) {
      keys.add(Key.of(partition(entity, "1h"), base + i * 3_600_000L));
    }
    for (int i = 0; i < 4; i++) {
      keys.add(Key.of(partition(entity, "1d"), base - (i + 1) * day));
    }
    return keys;
  }

  private static List<Entry> entries(int entity) {
    List<Entry> out = new ArrayList<>(24);
    byte[] value = new byte[VALUE_BYTES];
    for (Key k : keys(entity)) {
      ThreadLocalRandom.current().nextBytes(value);
      out.add(Entry.of(k, value));
    }
    return out;
  }

  private static byte[] partition(int entity, String size) {
    return ("customer-" + entity + "/" + size).getBytes(StandardCharsets.UTF_8);
  }
}
