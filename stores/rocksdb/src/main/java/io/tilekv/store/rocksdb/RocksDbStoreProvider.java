package io.tilekv.store.rocksdb;

import com.google.auto.service.AutoService;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.spi.StoreConfig;
import java.time.Clock;
import java.util.Set;

/**
 * {@code rocksdb:/path/to/dir}: opens a {@link RocksDbKVStore} in a local directory, creating it if
 * needed (unless {@code create=false}). Options (query parameters of the URI):
 *
 * <ul>
 *   <li>{@code location} (required, the URI's path): the database directory.
 *   <li>{@value #THREADS} (default: cores, between 2 and 8): threads that run RocksDB calls.
 *   <li>{@value #MAX_QUEUED} (default 10000): operations that may wait for a thread before new ones
 *       fail with THROTTLED.
 *   <li>{@value #TIMEOUT} (default {@code 10s}): the longest any operation's future stays incomplete.
 *   <li>{@value #SWEEP_INTERVAL} (default {@code 1m}; {@code 0s} turns it off): how often expired
 *       rows are deleted. Reads never return expired rows whatever this is.
 *   <li>{@value #BLOCK_CACHE_SIZE} (default {@code 64m}): the LRU block cache shared by all datasets,
 *       in bytes or with a k, m or g suffix.
 *   <li>{@value #SYNC_WRITES} (default false): fsync the write-ahead log on every write batch, so
 *       acknowledged writes survive a machine crash and not only a process crash.
 *   <li>{@value #CREATE} (default true): create the directory and the database if missing. Readers
 *       pass {@code create=false}: a path that holds no store (a typo) then fails with
 *       INVALID_CONFIG instead of becoming an empty store, and a dataset that was never written
 *       fails reads with INVALID_CONFIG naming it instead of reading as empty.
 * </ul>
 */
@AutoService(KVStoreProvider.class)
public final class RocksDbStoreProvider implements KVStoreProvider {
  public static final String THREADS = "threads";
  public static final String MAX_QUEUED = "max-queued";
  public static final String TIMEOUT = "timeout";
  public static final String SWEEP_INTERVAL = "sweep-interval";
  public static final String BLOCK_CACHE_SIZE = "block-cache-size";
  public static final String SYNC_WRITES = "sync-writes";
  public static final String CREATE = "create";

  @Override
  public String name() {
    return "rocksdb";
  }

  @Override
  public Set<String> requiredOptions() {
    return Set.of(StoreConfig.LOCATION);
  }

  @Override
  public Set<String> optionalOptions() {
    return Set.of(THREADS, MAX_QUEUED, TIMEOUT, SWEEP_INTERVAL, BLOCK_CACHE_SIZE, SYNC_WRITES, CREATE);
  }

  @Override
  public KVStore create(StoreConfig config) {
    return RocksDbKVStore.open(RocksDbSettings.from(config), Clock.systemUTC());
  }
}
