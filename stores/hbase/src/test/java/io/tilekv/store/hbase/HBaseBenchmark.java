package io.tilekv.store.hbase;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import io.tilekv.store.hbase.internal.HBaseRowKeys;
import io.tilekv.store.hbase.servers.HBaseServer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.AsyncConnection;
import org.apache.hadoop.hbase.client.AsyncTable;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;

/**
 * Throughput and latency of the adapter against a naive one-Get (one-Put) per key loop on the same
 * cluster in the same run: multiGet of 24 tiles (12 x 5m, 11 x 1h, 1 x 1d of one entity: three
 * partitions) and multiPut of 24 such tiles with a TTL, at 1, 8 and 64 concurrent callers.
 *
 * <p>Run: {@code mvn -q -pl stores/hbase test-compile exec:java} (starts its own HBase;
 * {@code -Dtilekv.hbase.uri=hbase://zk:2181} uses an existing cluster, and {@code -Dbench.seconds=N}
 * sets the measuring time per cell, default 3). RPCs per request are counted by the HBase client's
 * own metrics ({@code hbase.client.metrics.enable}), read over JMX.
 */
public final class HBaseBenchmark {
  private static final int TILES = 24;
  private static final int ENTITIES = 1_000;
  private static final int VALUE_BYTES = 200;
  private static final long MIN5 = 300_000;
  private static final long HOUR = 3_600_000;
  private static final long DAY = 86_400_000;
  private static final Duration TTL = Duration.ofDays(8);
  private static final String DATASET = "bench_tiles";
  private static final byte[] FAMILY = {'t'};
  private static final byte[] QUALIFIER = {'v'};

  interface Op {
    void run(SplittableRandom r) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 3);
    Path site = Files.createTempFile("tilekv-bench-hbase-site", ".xml");
    Files.writeString(site, "<configuration><property><name>hbase.client.metrics.enable</name><value>true</value>"
        + "</property></configuration>");
    try (HBaseServer.Cluster cluster = HBaseServer.start()) {
      String uri = HBaseFixture.withOption(HBaseFixture.withOption(cluster.uri(), "timeout", "30s"), "site", site.toString());
      try (KVStore store = KVStores.open(uri); AsyncConnection raw = rawConnection(cluster.uri(), site)) {
        store.createDataset(DATASET).get();
        AsyncTable<?> table = raw.getTable(TableName.valueOf("tilekv", DATASET));
        List<Entry> all = new ArrayList<>();
        for (int e = 0; e < ENTITIES; e++) {
          all.addAll(tiles(e, new SplittableRandom(e)));
        }
        store.multiPut(DATASET, all).get();
        System.out.printf(Locale.ROOT, "%-26s %5s %10s %9s %9s %9s%n", "case", "conc", "req/s", "p50 ms", "p99 ms", "rpc/req");
        for (int conc : new int[] {1, 8, 64}) {
          bench("multiGet24 adapter", conc, seconds, r -> store.multiGet(DATASET, keys(r.nextInt(ENTITIES))).get());
          bench("multiGet24 naive Get loop", conc, seconds, r -> {
            for (Key k : keys(r.nextInt(ENTITIES))) {
              table.get(new Get(HBaseRowKeys.row(k)).addColumn(FAMILY, QUALIFIER)).get();
            }
          });
          bench("multiPut24 adapter", conc, seconds, r -> store.multiPut(DATASET, tiles(r.nextInt(ENTITIES), r)).get());
          bench("multiPut24 naive Put loop", conc, seconds, r -> {
            for (Entry e : tiles(r.nextInt(ENTITIES), r)) {
              Put p = new Put(HBaseRowKeys.row(e.key())).addColumn(FAMILY, QUALIFIER, e.value());
              p.setTTL(TTL.toMillis());
              table.put(p).get();
            }
          });
        }
      }
    } finally {
      Files.deleteIfExists(site);
    }
    System.exit(0);
  }

  private static AsyncConnection rawConnection(String uri, Path site) throws Exception {
    Configuration c = HBaseConfiguration.create();
    c.addResource(new org.apache.hadoop.fs.Path(site.toUri()));
    String location = uri.replaceFirst("^hbase://", "").replaceFirst("\\?.*", "");
    c.set("hbase.zookeeper.quorum", location);
    return ConnectionFactory.createAsyncConnection(c).get(30, TimeUnit.SECONDS);
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

  private static void bench(String name, int conc, int seconds, Op op) throws Exception {
    run(conc, 1, op); // warm-up
    long before = rpcs();
    long[][] lat = run(conc, seconds, op);
    long after = rpcs();
    long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf(Locale.ROOT, "%-26s %5d %10.0f %9.2f %9.2f %9.1f%n", name, conc, all.length / (double) seconds,
        all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, (after - before) / (double) all.length);
  }

  /** RPCs the HBase clients of this JVM made so far: the counts of their per-method RPC timers. */
  private static long rpcs() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    long sum = 0;
    for (ObjectName n : server.queryNames(null, null)) {
      String s = n.toString();
      if (s.contains("rpcCallDurationMs_") && !s.contains("_ConnectionRegistry")) {
        sum += ((Number) server.getAttribute(n, "Count")).longValue();
      }
    }
    return sum;
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
        long[] lat = new long[1 << 12];
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
