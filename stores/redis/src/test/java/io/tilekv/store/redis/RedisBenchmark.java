package io.tilekv.store.redis;

import io.lettuce.core.SetArgs;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import io.tilekv.store.redis.internal.RedisTileKeys;
import io.tilekv.store.redis.servers.RawRedis;
import io.tilekv.store.redis.servers.RedisServers;
import io.tilekv.store.redis.servers.RedisTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

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
  private static final int TILES = 24;
  private static final int ENTITIES = 1_000;
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
    try (RedisServers.Servers servers = new RedisServers.Servers()) {
      RedisTarget target = servers.standalone();
      try (KVStore store = target.open(); RawRedis raw = new RawRedis(target)) {
        List<Entry> all = new ArrayList<>();
        for (int e = 0; e < ENTITIES; e++) {
          all.addAll(tiles(e, new SplittableRandom(e)));
        }
        store.multiPut(DATASET, all).get();
        var async = rawAsync(target);
        System.out.printf(Locale.ROOT, "%-24s %5s %10s %9s %9s %9s%n", "case", "conc", "req/s", "p50 ms", "p99 ms", "cmd/req");
        for (int conc : new int[] {1, 8, 64}) {
          bench(raw, "mget", "multiGet24 adapter", conc, seconds, r -> store.multiGet(DATASET, keys(r.nextInt(ENTITIES))).get());
          bench(raw, "get", "multiGet24 naive GET", conc, seconds, r -> {
            for (Key k : keys(r.nextInt(ENTITIES))) {
              async.get(RedisTileKeys.redisKey(DATASET, k)).get();
            }
          });
          bench(raw, "eval", "multiPut24 adapter", conc, seconds, r -> store.multiPut(DATASET, tiles(r.nextInt(ENTITIES), r)).get());
          bench(raw, "set", "multiPut24 naive SET", conc, seconds, r -> {
            for (Entry e : tiles(r.nextInt(ENTITIES), r)) {
              async.set(RedisTileKeys.redisKey(DATASET, e.key()), e.value(), SetArgs.Builder.px(TTL.toMillis())).get();
            }
          });
        }
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

  private static void bench(RawRedis raw, String command, String name, int conc, int seconds, Op op) throws Exception {
    run(conc, 1, op); // warm-up
    long before = calls(raw, command);
    long[][] lat = run(conc, seconds, op);
    long after = calls(raw, command);
    long[] all = Arrays.stream(lat).flatMapToLong(Arrays::stream).sorted().toArray();
    System.out.printf(Locale.ROOT, "%-24s %5d %10.0f %9.2f %9.2f %9.1f%n", name, conc, all.length / (double) seconds,
        all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, (after - before) / (double) all.length);
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
