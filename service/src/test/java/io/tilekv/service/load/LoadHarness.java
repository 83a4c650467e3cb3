package io.tilekv.service.load;

import io.micrometer.core.instrument.search.Search;
import io.tilekv.service.FeatureService;
import io.tilekv.service.support.Tiles;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.plugin.StorePlugins;
import io.tilekv.store.redis.servers.RedisServers;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Drives the feature service with closed-loop clients against RocksDB and a real Redis, and the
 * same load through {@code Fetcher.fetch(List)} in the same JVM, so the HTTP overhead is a ratio.
 *
 * <pre>mvn -q -pl service test-compile exec:exec -Pload -Dload.args="seconds=60 clients=64 batch=1"</pre>
 *
 * Arguments ({@code name=value}): seconds (per measured run, 60), clients (64), batch (requests per
 * call, 1), keys (10000), hot (share of calls for the hot key, 0.1), stores (rocksdb,redis),
 * warmup (seconds, 10). Every tile is written from events relative to now, and requests ask for
 * "now", so the newest tiles are open and come from the store on every call while complete tiles
 * come from the fetcher's cache (default options: 64 MiB, 5 min lateness).
 */
public final class LoadHarness {
  static final String YAML = """
      name: load_purchases
      schema: {user: string, ts: long, amount: double, qty: long, item: string}
      keys: [user]
      timestamp: ts
      layers: [5m, 1h, 1d]
      aggregations:
        - {input: amount, op: COUNT, windows: [1h, 6h, 1d, 7d]}
        - {input: amount, op: SUM, windows: [1h, 1d, 7d]}
        - {input: amount, op: AVERAGE, windows: [1d, 7d]}
        - {input: qty, op: MAX, windows: [1d]}
        - {input: item, op: LAST, windows: [1h]}
        - {input: item, op: UNIQUE_COUNT, windows: [7d]}
        - {input: amount, op: APPROX_PERCENTILE, windows: [7d], args: {k: 200, percentiles: [0.5, 0.99]}}
      """;
  private static final long DAY = 86_400_000L;

  private LoadHarness() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    int seconds = Integer.parseInt(a.getOrDefault("seconds", "60"));
    int clients = Integer.parseInt(a.getOrDefault("clients", "64"));
    int batch = Integer.parseInt(a.getOrDefault("batch", "1"));
    int keys = Integer.parseInt(a.getOrDefault("keys", "10000"));
    double hot = Double.parseDouble(a.getOrDefault("hot", "0.1"));
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));
    List<String> stores = List.of(a.getOrDefault("stores", "rocksdb,redis").split(","));
    Path root = Path.of(System.getProperty("tilekv.root", ".")).toAbsolutePath();

    GroupBy g = GroupBy.parseYaml(YAML);
    Path work = Files.createTempDirectory("tilekv-load");
    Path groupBys = Files.createDirectories(work.resolve("groupbys"));
    Files.writeString(groupBys.resolve("load_purchases.yaml"), YAML);
    LoadRun.Keys load = new LoadRun.Keys(keys, hot, g.name(), batch);
    System.out.printf(Locale.ROOT, "# %d clients, %d s per run, batch %d, %d keys + hot key (%.0f%% of requests), %d cores%n",
        clients, seconds, batch, keys, hot * 100, Runtime.getRuntime().availableProcessors());
    List<String> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    try (RedisServers.Servers servers = new RedisServers.Servers()) {
      for (String kind : stores) {
        try (KVStore store = open(kind, work, root, servers)) {
          long now = System.currentTimeMillis();
          long t0 = System.nanoTime();
          int tiles = write(g, store, keys, now);
          System.out.printf(Locale.ROOT, "%s: wrote %d tiles in %.1f s%n", kind, tiles, (System.nanoTime() - t0) / 1e9);
          try (FeatureService service = FeatureService.builder().store(store).groupBys(groupBys).port(0)
              .maxInFlight(4 * clients).start()) {
            LoadRun.library(kind + " warm-up", service.fetcher(), load, clients, warmup);
            LoadRun.http(kind + " warm-up", service.port(), load, clients, warmup);
            LoadRun.Result http = LoadRun.http(kind + " HTTP", service.port(), load, clients, seconds);
            System.out.println(http.row());
            LoadRun.Result lib = LoadRun.library(kind + " library", service.fetcher(), load, clients, seconds);
            System.out.println(lib.row());
            rows.add(http.row());
            rows.add(lib.row());
            notes.add(String.format(Locale.ROOT, "%s: HTTP/library throughput %.2f, p50 %.2f, p99 %.2f; %s", kind,
                (http.calls() / http.seconds()) / (lib.calls() / lib.seconds()),
                (double) http.micros().getValueAtPercentile(50) / lib.micros().getValueAtPercentile(50),
                (double) http.micros().getValueAtPercentile(99) / lib.micros().getValueAtPercentile(99),
                serverSide(service)));
          }
        }
      }
    } finally {
      deleteRecursively(work);
    }
    System.out.println();
    System.out.println("| run                        |  calls/s |  keys/s | p50 ms | p99 ms | p99.9 ms | errors |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
    notes.forEach(n -> System.out.println("- " + n));
  }

  private static KVStore open(String kind, Path work, Path root, RedisServers.Servers servers) {
    return switch (kind) {
      case "rocksdb" -> KVStores.open("rocksdb:" + work.resolve("rocksdb"));
      // The Redis adapter is a plugin (its own Netty 4.1 next to Vert.x's 4.2), as bin/tilekv loads it.
      case "redis" -> KVStores.open(servers.standalone().uri(), StorePlugins.load(List.of(root.resolve("plugins"))));
      case "memory" -> KVStores.open("memory:");
      default -> throw new IllegalArgumentException("unknown store " + kind);
    };
  }

  /**
   * Eight days of purchases before {@code now}: about 12 per user, 20,000 for the hot key (every
   * 5m tile of the week has events), written user by user so the heap holds one user's tiles.
   */
  static int write(GroupBy g, KVStore store, int keys, long now) {
    SplittableRandom r = new SplittableRandom(42);
    int tiles = 0;
    List<Row> rows = new ArrayList<>();
    for (int u = -1; u < keys; u++) {
      String user = u < 0 ? "hot" : "u" + u;
      int n = u < 0 ? 20_000 : 1 + r.nextInt(24);
      rows.clear();
      for (int i = 0; i < n; i++) {
        rows.add(g.row(user, now - 1 - r.nextLong(8 * DAY), r.nextDouble(1, 100), (long) r.nextInt(1, 5),
            "item" + r.nextInt(50)));
      }
      tiles += Tiles.write(g, store, rows, 1_000);
    }
    return tiles;
  }

  private static String serverSide(FeatureService s) {
    var m = s.metrics();
    double calls = m.get("tilekv.fetch.tiles.planned").summary().count();
    return String.format(Locale.ROOT, "per fetch call: %.1f tiles planned, %.1f from the store, %.1f from the cache, "
            + "%.2f store calls; cache hit ratio %.3f; store reads %s",
        m.get("tilekv.fetch.tiles.planned").summary().totalAmount() / calls,
        m.get("tilekv.fetch.tiles.store").summary().totalAmount() / calls,
        m.get("tilekv.fetch.tiles.cache").summary().totalAmount() / calls,
        m.get("tilekv.fetch.store.calls").summary().totalAmount() / calls,
        m.get("tilekv.fetch.cache.hit.ratio").gauge().value(),
        Search.in(m).name("tilekv.store.latency").timers().stream()
            .map(t -> String.format(Locale.ROOT, "%s %s: %d calls, mean %.3f ms", t.getId().getTag("op"),
                t.getId().getTag("outcome"), t.count(), t.mean(java.util.concurrent.TimeUnit.MILLISECONDS)))
            .toList());
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
