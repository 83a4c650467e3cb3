package io.tilekv.store.dynamodb;

import io.tilekv.spi.Entry;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreConfig;
import io.tilekv.spi.TileKeys;
import io.tilekv.store.dynamodb.internal.DynamoDbKVStore;
import io.tilekv.store.dynamodb.internal.DynamoDbSettings;
import io.tilekv.store.dynamodb.servers.Dynalite;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Throughput and latency of the adapter against a naive one-GetItem (PutItem) per key loop, on the
 * same server in the same run: multiGet of 24 tiles (12 x 5m, 11 x 1h, 1 x 1d of one entity:
 * three partitions) and multiPut of 24 such tiles with a TTL, at 1, 8 and 64 concurrent callers.
 * Round trips per request are counted at the client (BatchGetItem/BatchWriteItem calls, retries of
 * unprocessed keys included; the naive loop makes one per key by construction).
 *
 * <p>Run: {@code mvn -q -pl stores/dynamodb test-compile exec:java} (starts its own dynalite;
 * {@code -Dbench.seconds=N} sets the measuring time per cell, default 3).
 */
public final class DynamoDbBenchmark {
  private static final int TILES = 24;
  private static final int ENTITIES = 500;
  private static final int VALUE_BYTES = 200;
  private static final long MIN5 = 300_000;
  private static final long HOUR = 3_600_000;
  private static final long DAY = 86_400_000;
  private static final Duration TTL = Duration.ofDays(8);
  private static final String DATASET = "bench_tiles";

  interface Op {
    void run(SplittableRandom r) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 3);
    try (Dynalite.Server server = Dynalite.start()) {
      System.out.printf(Locale.ROOT, "dynalite %s on port %d, listening after %d ms%n", Dynalite.VERSION,
          server.port(), server.startMillis());
      Map<String, String> options = Dynalite.options(server.uri());
      options.put("timeout", "60s");
      DynamoDbSettings settings = DynamoDbSettings.parse(new StoreConfig("dynamodb", options, DynamoDbOptions.SECRET));
      FaultyDynamoDb[] counted = new FaultyDynamoDb[1];
      try (DynamoDbKVStore store = DynamoDbKVStore.open(settings,
              c -> counted[0] = new FaultyDynamoDb(c, 0, 0.0, 0.0, 0), Clock.systemUTC());
          DynamoDbAsyncClient raw = DynamoDbAsyncClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
              .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
              .build()) {
        store.createDataset(DATASET).get();
        String table = store.table(DATASET);
        for (int e = 0; e < ENTITIES; e++) {
          store.multiPut(DATASET, tiles(e, new SplittableRandom(e))).get();
        }
        AtomicInteger gets = counted[0].batchGets;
        AtomicInteger writes = counted[0].batchWrites;
        AtomicInteger none = new AtomicInteger();
        System.out.printf(Locale.ROOT, "%-26s %5s %10s %9s %9s %9s%n", "case", "conc", "req/s", "p50 ms", "p99 ms", "calls/req");
        for (int conc : new int[] {1, 8, 64}) {
          bench("multiGet24 adapter", conc, seconds, gets, r -> store.multiGet(DATASET, keys(r.nextInt(ENTITIES))).get());
          bench("multiGet24 naive GetItem", conc, seconds, none, r -> {
            for (Key k : keys(r.nextInt(ENTITIES))) {
              none.incrementAndGet();
              raw.getItem(b -> b.tableName(table).key(rawKey(k))).get();
            }
          });
          bench("multiPut24 adapter", conc, seconds, writes, r -> store.multiPut(DATASET, tiles(r.nextInt(ENTITIES), r)).get());
          bench("multiPut24 naive PutItem", conc, seconds, none, r -> {
            long exp = (System.currentTimeMillis() + TTL.toMillis()) / 1000 + 1;
            for (Entry e : tiles(r.nextInt(ENTITIES), r)) {
              none.incrementAndGet();
              Map<String, AttributeValue> item = new java.util.HashMap<>(rawKey(e.key()));
              item.put("v", AttributeValue.fromB(SdkBytes.fromByteArray(e.value())));
              item.put("e", AttributeValue.fromN(Long.toString(exp)));
              raw.putItem(b -> b.tableName(table).item(item)).get();
            }
          });
        }
      }
    }
    System.exit(0);
  }

  /** The adapter's key layout (see Items): a layout byte before the partition, the sort key as a number. */
  private static Map<String, AttributeValue> rawKey(Key k) {
    byte[] p = new byte[k.partitionLength() + 1];
    p[0] = 1;
    k.copyPartitionTo(p, 1);
    return Map.of("p", AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(p)), "s", AttributeValue.fromN(Long.toString(k.sort())));
  }

  /** The 24 tiles of one entity a 6h + 1d fetch reads: 12 x 5m, 11 x 1h, 1 x 1d. */
  private static List<Key> keys(int entity) {
    byte[] ek = ("entity-" + entity).getBytes(StandardCharsets.UTF_8);
    List<Key> keys = new ArrayList<>(TILES);
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

  private static List<Entry> tiles(int entity, SplittableRandom r) {
    List<Entry> out = new ArrayList<>(TILES);
    for (Key k : keys(entity)) {
      byte[] v = new byte[VALUE_BYTES];
      for (int i = 0; i < v.length; i++) {
        v[i] = (byte) r.nextInt(256);
      }
      out.add(Entry.of(k, v, TTL));
    }
    return out;
  }

  private static void bench(String name, int conc, int seconds, AtomicInteger calls, Op op) throws Exception {
    run(conc, 1, op); // warm-up
    long before = calls.get();
    long[][] lat = run(conc, seconds, op);
    long after = calls.get();
    long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf(Locale.ROOT, "%-26s %5d %10.0f %9.2f %9.2f %9.1f%n", name, conc, all.length / (double) seconds,
        all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, (after - before) / (double) all.length);
  }

  private static long[][] run(int conc, int seconds, Op op) throws Exception {
    long[][] out = new long[conc][];
    CountDownLatch done = new CountDownLatch(conc);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    for (int t = 0; t < conc; t++) {
      int id = t;
      new Thread(() -> {
        SplittableRandom r = new SplittableRandom(id);
        long[] lat = new long[1 << 10];
        int n = 0;
        try {
          while (System.nanoTime() < end) {
            long s = System.nanoTime();
            op.run(r);
            if (n == lat.length) {
              lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = System.nanoTime() - s;
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
        out[id] = Arrays.copyOf(lat, n);
        done.countDown();
      }, "bench-" + t).start();
    }
    done.await();
    if (failure.get() != null) {
      throw new IllegalStateException("benchmark call failed", failure.get());
    }
    return out;
  }
}
