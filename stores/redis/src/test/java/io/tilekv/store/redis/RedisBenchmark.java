package io.tilekv.store.redis;

import static io.tilekv.conformance.bench.StoreBenchmark.TTL;
import static io.tilekv.conformance.bench.StoreBenchmark.tileKeys;
import static io.tilekv.conformance.bench.StoreBenchmark.tiles;

import io.lettuce.core.SetArgs;
import io.tilekv.conformance.bench.StoreBenchmark;
import io.tilekv.conformance.bench.StoreBenchmark.Case;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.store.redis.internal.RedisTileKeys;
import io.tilekv.store.redis.servers.RawRedis;
import io.tilekv.store.redis.servers.RedisServers;
import io.tilekv.store.redis.servers.RedisTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Throughput and latency of the adapter against a naive one-command-per-key loop, on the same
 * server in the same run: multiGet of 24 tiles (12 x 5m, 11 x 1h, 1 x 1d of one entity: three
 * partitions) and multiPut of 24 such tiles with a TTL, at 1, 8 and 64 concurrent callers.
 *
 * <p>Run: {@code mvn -q -pl stores/redis test-compile exec:java} (starts its own redis-server;
 * {@code -Dtilekv.redis.uri=redis://host:port?password=...} uses an existing one, and
 * {@code -Dbench.seconds=N} sets the measuring time per cell, default 3). Commands per request are
 * read from the server's INFO commandstats.
 */
public final class RedisBenchmark {
  private static final int ENTITIES = 1_000;
  private static final String DATASET = "bench_tiles";

  private RedisBenchmark() {}

  public static void main(String[] args) throws Exception {
    Duration cell = Duration.ofSeconds(Integer.getInteger("bench.seconds", 3));
    try (RedisServers.Servers servers = new RedisServers.Servers()) {
      RedisTarget target = servers.standalone();
      try (KVStore store = target.open(); RawRedis raw = new RawRedis(target)) {
        List<Entry> all = new ArrayList<>();
        for (int e = 0; e < ENTITIES; e++) {
          all.addAll(tiles(e, new SplittableRandom(e)));
        }
        store.multiPut(DATASET, all).get();
        var async = rawAsync(target);
        StoreBenchmark.run(cell, "cmd/req", List.of(
            new Case("multiGet24 adapter", () -> calls(raw, "mget"),
                r -> store.multiGet(DATASET, tileKeys(r.nextInt(ENTITIES))).get()),
            new Case("multiGet24 naive GET", () -> calls(raw, "get"), r -> {
              for (Key k : tileKeys(r.nextInt(ENTITIES))) {
                async.get(RedisTileKeys.redisKey(DATASET, k)).get();
              }
            }),
            new Case("multiPut24 adapter", () -> calls(raw, "eval"),
                r -> store.multiPut(DATASET, tiles(r.nextInt(ENTITIES), r)).get()),
            new Case("multiPut24 naive SET", () -> calls(raw, "set"), r -> {
              for (Entry e : tiles(r.nextInt(ENTITIES), r)) {
                async.set(RedisTileKeys.redisKey(DATASET, e.key()), e.value(), SetArgs.Builder.px(TTL.toMillis())).get();
              }
            })));
      }
    }
    System.exit(0);
  }

  private static io.lettuce.core.api.async.RedisAsyncCommands<byte[], byte[]> rawAsync(RedisTarget t) {
    int colon = t.location().lastIndexOf(':');
    io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.builder().withHost(t.location().substring(0, colon))
        .withPort(Integer.parseInt(t.location().substring(colon + 1))).build();
    String pw = t.options().get("password");
    if (pw != null) {
      uri.setPassword(pw.toCharArray());
    }
    return io.lettuce.core.RedisClient.create(uri).connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE).async();
  }

  /** Calls of {@code command} so far, as the server counts them. */
  private static long calls(RawRedis raw, String command) {
    for (String line : raw.sync().info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_" + command + ":")) {
        return Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
      }
    }
    return 0;
  }
}
