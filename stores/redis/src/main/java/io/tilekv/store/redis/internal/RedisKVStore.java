package io.tilekv.store.redis.internal;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import io.tilekv.spi.support.AbstractKVStore;
import io.tilekv.spi.support.AdapterSettings;
import io.tilekv.spi.support.BatchRead;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tiles in Redis or Redis Cluster, one string key per tile (see {@link RedisTileKeys}).
 *
 * <p>Reads are one {@code MGET} per batch, or in a cluster one {@code MGET} per hash slot, all
 * groups in flight at once. Writes are one Lua script per batch (per slot in a cluster) that runs
 * {@code SET key value [PX ttl]} for each entry: value and expiry are set by one command, and the
 * whole group applies atomically. No range scan: Redis keeps no order among string keys, and the
 * fetcher reads tiles by exact key.
 */
public final class RedisKVStore extends AbstractKVStore {
  /** Most keys per MGET. */
  public static final int MAX_GET_BATCH = 1_000;
  /** Most entries per write script, which blocks Redis while it runs: keep it short. */
  public static final int MAX_PUT_BATCH = 500;
  /** Largest value; Redis allows 512 MiB but large values stall its single thread. */
  public static final int MAX_VALUE_BYTES = 4 << 20;
  public static final int MAX_PARTITION_BYTES = 16 << 10;

  static final StoreCapabilities CAPABILITIES = StoreCapabilities.builder()
      .supports(Capability.TTL)
      .maxGetBatch(MAX_GET_BATCH)
      .maxPutBatch(MAX_PUT_BATCH)
      .maxValueBytes(MAX_VALUE_BYTES)
      .maxKeyBytes(MAX_PARTITION_BYTES)
      .ttlResolution(Duration.ofMillis(1))
      .build();

  /** ARGV holds value and TTL (decimal millis, empty for none) for each key, in order. */
  private static final byte[] PUT_SCRIPT = """
      for i = 1, #KEYS do
        local ttl = ARGV[2 * i]
        if ttl == '' then
          redis.call('SET', KEYS[i], ARGV[2 * i - 1])
        else
          redis.call('SET', KEYS[i], ARGV[2 * i - 1], 'PX', ttl)
        end
      end
      return #KEYS
      """.getBytes(StandardCharsets.UTF_8);
  private static final byte[] NO_TTL = new byte[0];
  /** Redis rejects an expiry past LLONG_MAX milliseconds from now; nobody needs more than this. */
  private static final long MAX_TTL_MILLIS = Long.MAX_VALUE / 4;

  private final RedisSettings settings;
  private final RedisConnector connector;

  private RedisKVStore(RedisSettings settings) {
    super(settings.storeName(), CAPABILITIES, AdapterSettings.of(settings.timeout()));
    this.settings = settings;
    this.connector = new RedisConnector(settings);
  }

  /**
   * Opens a store and waits, up to the timeout, for its connection.
   *
   * @throws KVStoreException UNAVAILABLE, TIMEOUT or AUTHENTICATION if no connection was made
   */
  public static RedisKVStore connect(RedisSettings settings) {
    RedisKVStore store = new RedisKVStore(settings);
    try {
      store.connector.link().get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
      return store;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      store.close();
      throw new KVStoreException(KVStoreException.Kind.UNAVAILABLE, store.name(), "interrupted while connecting", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      store.close();
      throw RedisErrors.map(store.name(), "connect", e instanceof TimeoutException
          ? new TimeoutException("no connection within " + settings.timeout()) : e);
    }
  }

  /** Opens a store without waiting: the first operations connect, and fail typed if they cannot. */
  public static RedisKVStore lazy(RedisSettings settings) {
    return new RedisKVStore(settings);
  }

  /** Redis needs no table: datasets are key prefixes. Completes once the server is reachable. */
  @Override
  protected CompletableFuture<Void> createDatasetInStore(String dataset) {
    return connector.link().thenApply(link -> null);
  }

  @Override
  protected CompletableFuture<BatchRead> readBatch(String dataset, List<Key> keys) {
    return connector.commands().thenCompose(cmd -> readBatch(cmd, dataset, keys))
        .thenApply(values -> BatchRead.inOrder(keys, values));
  }

  /** Writes one batch; completes with no unprocessed entries or fails (the base retries). */
  @Override
  protected CompletableFuture<List<Entry>> writeBatch(String dataset, List<Entry> entries) {
    return connector.commands().thenCompose(cmd -> writeBatch(cmd, dataset, entries));
  }

  @Override
  protected KVStoreException translate(String operation, Throwable error) {
    return RedisErrors.map(name(), operation, error);
  }

  private CompletableFuture<List<byte[]>> readBatch(RedisClusterAsyncCommands<byte[], byte[]> cmd,
      String dataset, List<Key> batch) {
    byte[][] redisKeys = new byte[batch.size()][];
    for (int i = 0; i < redisKeys.length; i++) {
      redisKeys[i] = RedisTileKeys.redisKey(dataset, batch.get(i));
    }
    List<int[]> groups = groups(redisKeys);
    byte[][] out = new byte[redisKeys.length][];
    CompletableFuture<?>[] calls = new CompletableFuture<?>[groups.size()];
    for (int g = 0; g < calls.length; g++) {
      int[] idx = groups.get(g);
      byte[][] keys = new byte[idx.length][];
      for (int i = 0; i < idx.length; i++) {
        keys[i] = redisKeys[idx[i]];
      }
      calls[g] = cmd.mget(keys).toCompletableFuture().thenAccept(values -> {
        for (int i = 0; i < idx.length; i++) {
          KeyValue<byte[], byte[]> kv = values.get(i);
          out[idx[i]] = kv.hasValue() ? kv.getValue() : null;
        }
      });
    }
    return CompletableFuture.allOf(calls).thenApply(v -> Arrays.asList(out));
  }

  private CompletableFuture<List<Entry>> writeBatch(RedisClusterAsyncCommands<byte[], byte[]> cmd,
      String dataset, List<Entry> batch) {
    byte[][] redisKeys = new byte[batch.size()][];
    for (int i = 0; i < redisKeys.length; i++) {
      redisKeys[i] = RedisTileKeys.redisKey(dataset, batch.get(i).key());
    }
    List<int[]> groups = groups(redisKeys);
    CompletableFuture<?>[] calls = new CompletableFuture<?>[groups.size()];
    for (int g = 0; g < calls.length; g++) {
      int[] idx = groups.get(g);
      byte[][] keys = new byte[idx.length][];
      byte[][] args = new byte[2 * idx.length][];
      for (int i = 0; i < idx.length; i++) {
        Entry e = batch.get(idx[i]);
        keys[i] = redisKeys[idx[i]];
        args[2 * i] = e.value();
        args[2 * i + 1] = e.ttl().map(RedisKVStore::ttlArgument).orElse(NO_TTL);
      }
      calls[g] = cmd.<Long>eval(PUT_SCRIPT, ScriptOutputType.INTEGER, keys, args).toCompletableFuture();
    }
    return CompletableFuture.allOf(calls).thenApply(v -> List.of());
  }

  /** Key indexes grouped so that each group is one command: all keys standalone, per slot in a cluster. */
  private List<int[]> groups(byte[][] redisKeys) {
    if (!settings.mode().cluster()) {
      int[] all = new int[redisKeys.length];
      Arrays.setAll(all, i -> i);
      return List.of(all);
    }
    Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
    for (int i = 0; i < redisKeys.length; i++) {
      bySlot.computeIfAbsent(SlotHash.getSlot(redisKeys[i]), s -> new ArrayList<>()).add(i);
    }
    List<int[]> out = new ArrayList<>(bySlot.size());
    for (List<Integer> g : bySlot.values()) {
      out.add(g.stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }

  static byte[] ttlArgument(Duration ttl) {
    // Round sub-millisecond remainders up: a positive TTL never becomes PX 0 (an error).
    long millis = ttl.compareTo(Duration.ofMillis(MAX_TTL_MILLIS)) >= 0 ? MAX_TTL_MILLIS
        : ttl.toMillis() + (ttl.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
    return Long.toString(Math.max(1, millis)).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  protected void closeStore() {
    connector.close();
  }

  @Override
  public String toString() {
    return "RedisKVStore{" + settings + "}";
  }
}
