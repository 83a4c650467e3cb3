package io.tilekv.store.cassandra;

import io.tilekv.conformance.bench.StoreBenchmark;
import io.tilekv.conformance.bench.StoreBenchmark.Case;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.Key;
import io.tilekv.store.cassandra.internal.CassandraKVStore;
import io.tilekv.store.cassandra.servers.CassandraServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * ADAPTERS.md item 7 against a local Cassandra 5 node (or {@code -Dtilekv.cassandra.uri=...}):
 * multiGet of 24 tiles per request (one entity: 12 five-minute, 8 hourly, 4 daily tiles, so three
 * partitions) and multiPut of the same 24 tiles, at 1, 8 and 64 concurrent callers, against a naive
 * loop of one single-key call per tile on the same store in the same run. Run with
 * {@code mvn -q -pl stores/cassandra test-compile exec:java [-Dexec.args=SECONDS]}
 * ({@code -Dbench.seconds=SECONDS} as well; default 4).
 */
public final class CassandraBenchmark {
  private static final int ENTITIES = 2_000;
  private static final int VALUE_BYTES = 200;

  private CassandraBenchmark() {}

  public static void main(String[] args) throws Exception {
    Duration cell = Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : Integer.getInteger("bench.seconds", 4));
    String uri = CassandraServer.startForMain() + "&timeout=10s";
    CassandraServer.startSeconds().ifPresent(s -> System.out.printf("node ready in %.1f s%n", s));
    try (KVStore store = KVStores.open(uri)) {
      CassandraKVStore cass = (CassandraKVStore) store;
      String dataset = "bench";
      store.createDataset(dataset).get(30, TimeUnit.SECONDS);
      SplittableRandom loading = new SplittableRandom(0);
      for (int e = 0; e < ENTITIES; e += 50) {
        List<Entry> load = new ArrayList<>();
        for (int i = e; i < e + 50; i++) {
          load.addAll(entries(i, loading));
        }
        store.multiPut(dataset, load).get(60, TimeUnit.SECONDS);
      }
      StoreBenchmark.run(cell, "stmts/req", List.of(
          new Case("multiGet 24", cass::statementsSent,
              r -> store.multiGet(dataset, keys(r.nextInt(ENTITIES))).get(30, TimeUnit.SECONDS)),
          new Case("naive get x24", cass::statementsSent, r -> {
            for (Key k : keys(r.nextInt(ENTITIES))) {
              store.multiGet(dataset, List.of(k)).get(30, TimeUnit.SECONDS);
            }
          }),
          new Case("multiPut 24", cass::statementsSent,
              r -> store.multiPut(dataset, entries(r.nextInt(ENTITIES), r)).get(30, TimeUnit.SECONDS)),
          new Case("naive put x24", cass::statementsSent, r -> {
            for (Entry e : entries(r.nextInt(ENTITIES), r)) {
              store.multiPut(dataset, List.of(e)).get(30, TimeUnit.SECONDS);
            }
          })));
    }
    System.exit(0); // the shutdown hook stops the node
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

  private static List<Entry> entries(int entity, SplittableRandom random) {
    List<Entry> out = new ArrayList<>(24);
    byte[] value = new byte[VALUE_BYTES];
    for (Key k : keys(entity)) {
      random.nextBytes(value);
      out.add(Entry.of(k, value));
    }
    return out;
  }

  private static byte[] partition(int entity, String size) {
    return ("customer-" + entity + "/" + size).getBytes(StandardCharsets.UTF_8);
  }
}
