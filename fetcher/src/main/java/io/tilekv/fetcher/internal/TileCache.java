package io.tilekv.fetcher.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tilekv.fetcher.CacheOptions;
import io.tilekv.fetcher.CacheStats;
import io.tilekv.spi.Key;
import java.util.Objects;

/**
 * Decoded complete tiles, keyed by GroupBy name, GroupBy fingerprint (a changed GroupBy never sees
 * the old IRs) and tile key. Cached IR arrays are shared: callers merge them into fresh IRs and
 * never modify them.
 */
public final class TileCache {
  /** Weight of a remembered absent tile, and the fixed overhead added to every tile's bytes. */
  private static final int OVERHEAD = 64;

  private final Cache<CacheKey, Cached> cache;
  private final long latenessMillis;

  /** A cache key; {@code key} already holds the entity key, tile size and start. */
  public record CacheKey(String groupBy, long fingerprint, Key key) {}

  /** A cached tile: its IRs, or null for a tile that was absent when complete. */
  public record Cached(Object[] irs, int weight) {}

  private TileCache(CacheOptions options) {
    // Maintenance (eviction) runs on the calling thread: no background work, bounds hold at once.
    Caffeine<Object, Object> b = Caffeine.newBuilder().recordStats().executor(Runnable::run);
    Cache<CacheKey, Cached> c;
    if (options.maxTiles() > 0) {
      c = b.maximumSize(options.maxTiles()).build();
    } else {
      c = b.maximumWeight(options.maxBytes())
          .<CacheKey, Cached>weigher((k, v) -> v.weight())
          .build();
    }
    this.cache = c;
    this.latenessMillis = options.allowedLateness().toMillis();
  }

  /** The cache for {@code options}, or null when they disable caching. */
  public static TileCache create(CacheOptions options) {
    Objects.requireNonNull(options, "options is null");
    return options.enabled() ? new TileCache(options) : null;
  }

  /** True if a tile ending at {@code tileEnd} can no longer change at wall-clock time {@code now}. */
  public boolean isComplete(long tileEnd, long now) {
    return tileEnd <= now - latenessMillis;
  }

  /** The cached tile, or null (counted as a miss). */
  public Cached get(CacheKey key) {
    return cache.getIfPresent(key);
  }

  /** Remembers a complete tile; {@code irs} null for an absent one. */
  public void put(CacheKey key, Object[] irs, int encodedBytes) {
    cache.put(key, new Cached(irs, OVERHEAD + encodedBytes));
  }

  public void invalidateAll() {
    cache.invalidateAll();
  }

  public CacheStats stats() {
    com.github.benmanes.caffeine.cache.stats.CacheStats s = cache.stats();
    long weight = cache.policy().eviction().map(e -> e.weightedSize().orElse(cache.estimatedSize()))
        .orElse(cache.estimatedSize());
    return new CacheStats(s.hitCount(), s.missCount(), s.evictionCount(), cache.estimatedSize(), weight);
  }
}
