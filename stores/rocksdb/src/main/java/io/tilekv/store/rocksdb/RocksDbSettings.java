package io.tilekv.store.rocksdb;

import io.tilekv.spi.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated options of one {@link RocksDbKVStore}; see {@link RocksDbStoreProvider} for their
 * meaning and defaults.
 */
record RocksDbSettings(Path directory, int threads, int maxQueued, Duration timeout,
    Duration sweepInterval, long blockCacheBytes, boolean syncWrites, boolean create) {

  static final int DEFAULT_THREADS = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
  static final int DEFAULT_MAX_QUEUED = 10_000;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);
  static final long DEFAULT_BLOCK_CACHE_BYTES = 64L << 20;

  private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg]?)b?");

  RocksDbSettings {
    Objects.requireNonNull(directory, "directory is null");
    Objects.requireNonNull(timeout, "timeout is null");
    Objects.requireNonNull(sweepInterval, "sweepInterval is null");
  }

  /** The same settings, but opening only an existing store ({@code create=false}). */
  RocksDbSettings existingOnly() {
    return new RocksDbSettings(directory, threads, maxQueued, timeout, sweepInterval, blockCacheBytes,
        syncWrites, false);
  }

  /** Defaults for everything but the directory. */
  static RocksDbSettings defaults(Path directory) {
    return new RocksDbSettings(directory, DEFAULT_THREADS, DEFAULT_MAX_QUEUED, DEFAULT_TIMEOUT,
        DEFAULT_SWEEP_INTERVAL, DEFAULT_BLOCK_CACHE_BYTES, false, true);
  }

  static RocksDbSettings from(StoreConfig config) {
    Path directory;
    try {
      directory = Path.of(config.require(StoreConfig.LOCATION));
    } catch (java.nio.file.InvalidPathException e) {
      throw config.invalid("option 'location' is not a path: " + e.getMessage());
    }
    int threads = config.getInt(RocksDbStoreProvider.THREADS, DEFAULT_THREADS);
    if (threads < 1 || threads > 256) {
      throw config.invalid("option 'threads' must be between 1 and 256: " + threads);
    }
    int maxQueued = config.getInt(RocksDbStoreProvider.MAX_QUEUED, DEFAULT_MAX_QUEUED);
    if (maxQueued < 1) {
      throw config.invalid("option 'max-queued' must be positive: " + maxQueued);
    }
    Duration timeout = config.getDuration(RocksDbStoreProvider.TIMEOUT, DEFAULT_TIMEOUT);
    if (timeout.isZero()) {
      throw config.invalid("option 'timeout' must be positive");
    }
    Duration sweep = config.getDuration(RocksDbStoreProvider.SWEEP_INTERVAL, DEFAULT_SWEEP_INTERVAL);
    long cache = size(config, RocksDbStoreProvider.BLOCK_CACHE_SIZE, DEFAULT_BLOCK_CACHE_BYTES);
    boolean sync = config.getBoolean(RocksDbStoreProvider.SYNC_WRITES, false);
    boolean create = config.getBoolean(RocksDbStoreProvider.CREATE, true);
    return new RocksDbSettings(directory, threads, maxQueued, timeout, sweep, cache, sync, create);
  }

  /** A byte size written as a plain number or with a k, m or g suffix (binary multiples). */
  private static long size(StoreConfig config, String option, long defaultValue) {
    String v = config.get(option).orElse(null);
    if (v == null) {
      return defaultValue;
    }
    Matcher m = SIZE.matcher(v.trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || m.group(1).length() > 12) {
      throw config.invalid("option '" + option + "' is not a size like 65536, 512k, 64m or 1g: '" + v + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "k" -> n << 10;
      case "m" -> n << 20;
      case "g" -> n << 30;
      default -> n;
    };
  }
}
