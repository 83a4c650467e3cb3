package io.tilekv.store.hbase;

import static io.tilekv.conformance.bench.StoreBenchmark.TTL;
import static io.tilekv.conformance.bench.StoreBenchmark.tileKeys;
import static io.tilekv.conformance.bench.StoreBenchmark.tiles;

import io.tilekv.conformance.bench.StoreBenchmark;
import io.tilekv.conformance.bench.StoreBenchmark.Case;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.Key;
import io.tilekv.store.hbase.internal.HBaseRowKeys;
import io.tilekv.store.hbase.servers.HBaseServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
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
  private static final int ENTITIES = 1_000;
  private static final String DATASET = "bench_tiles";
  private static final byte[] FAMILY = {'t'};
  private static final byte[] QUALIFIER = {'v'};

  private HBaseBenchmark() {}

  public static void main(String[] args) throws Exception {
    Duration cell = Duration.ofSeconds(Integer.getInteger("bench.seconds", 3));
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
        StoreBenchmark.run(cell, "rpc/req", List.of(
            new Case("multiGet24 adapter", HBaseBenchmark::rpcs,
                r -> store.multiGet(DATASET, tileKeys(r.nextInt(ENTITIES))).get()),
            new Case("multiGet24 naive Get loop", HBaseBenchmark::rpcs, r -> {
              for (Key k : tileKeys(r.nextInt(ENTITIES))) {
                table.get(new Get(HBaseRowKeys.row(k)).addColumn(FAMILY, QUALIFIER)).get();
              }
            }),
            new Case("multiPut24 adapter", HBaseBenchmark::rpcs,
                r -> store.multiPut(DATASET, tiles(r.nextInt(ENTITIES), r)).get()),
            new Case("multiPut24 naive Put loop", HBaseBenchmark::rpcs, r -> {
              for (Entry e : tiles(r.nextInt(ENTITIES), r)) {
                Put p = new Put(HBaseRowKeys.row(e.key())).addColumn(FAMILY, QUALIFIER, e.value());
                p.setTTL(TTL.toMillis());
                table.put(p).get();
              }
            })));
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

  /** RPCs the HBase clients of this JVM made so far: the counts of their per-method RPC timers. */
  private static long rpcs() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    long sum = 0;
    for (ObjectName n : server.queryNames(null, null)) {
      String s = n.toString();
      if (s.contains("rpcCallDurationMs_") && !s.contains("_ConnectionRegistry")) {
        try {
          sum += ((Number) server.getAttribute(n, "Count")).longValue();
        } catch (JMException e) {
          throw new IllegalStateException("cannot read " + n, e);
        }
      }
    }
    return sum;
  }
}
