package io.tilekv.fetcher;

import java.time.Duration;
import java.util.Objects;

/**
 * How the fetcher caches decoded tiles. Immutable; build with {@link #builder()}, or take
 * {@link #disabled()}.
 *
 * <p>Only <b>complete</b> tiles are cached: tiles whose end plus {@link #allowedLateness()} is at or
 * before the fetcher's clock. A tile still open to events is read from the store on every fetch, so
 * a value the writer is still changing is never served stale. Set the allowed lateness to the
 * writer's allowed lateness plus its worst flush delay (checkpoint interval and sink buffering):
 * the cache assumes that a complete tile never changes again. A tile that is missing from the store
 * when it is complete is remembered as empty. After a backfill rewrites history, call
 * {@link Fetcher#invalidateCache()}.
 *
 * <p>The cache is bounded either by the encoded bytes of the tiles it holds
 * ({@link Builder#maxBytes(long)}, the default: 64 MiB) or by their count
 * ({@link Builder#maxTiles(long)}); least valuable tiles are evicted first (Caffeine's W-TinyLFU).
 */
public final class CacheOptions {
  /** Default lateness: generous, since a tile cached too early stays wrong until evicted. */
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofMinutes(5);
  /** Default bound: 64 MiB of encoded tiles. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  private static final CacheOptions DISABLED = new CacheOptions(false, 0, 0, Duration.ZERO);

  private final boolean enabled;
  private final long maxBytes;
  private final long maxTiles;
  private final Duration allowedLateness;

  private CacheOptions(boolean enabled, long maxBytes, long maxTiles, Duration allowedLateness) {
    this.enabled = enabled;
    this.maxBytes = maxBytes;
    this.maxTiles = maxTiles;
    this.allowedLateness = allowedLateness;
  }

  /** No cache: every tile is read from the store on every fetch. */
  public static CacheOptions disabled() {
    return DISABLED;
  }

  /** A cache of 64 MiB with 5 minutes of allowed lateness. */
  public static CacheOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean enabled() {
    return enabled;
  }

  /** The bound in encoded bytes, or 0 when the cache is bounded by {@link #maxTiles()}. */
  public long maxBytes() {
    return maxBytes;
  }

  /** The bound in tiles, or 0 when the cache is bounded by {@link #maxBytes()}. */
  public long maxTiles() {
    return maxTiles;
  }

  /** How long after its end a tile may still change. */
  public Duration allowedLateness() {
    return allowedLateness;
  }

  @Override
  public String toString() {
    if (!enabled) {
      return "CacheOptions{disabled}";
    }
    return "CacheOptions{" + (maxTiles > 0 ? "maxTiles=" + maxTiles : "maxBytes=" + maxBytes)
        + ", allowedLateness=" + allowedLateness + "}";
  }

  /** Builds enabled {@link CacheOptions}. Setting both bounds is an {@link IllegalStateException}. */
  public static final class Builder {
    private long maxBytes;
    private long maxTiles;
    private Duration allowedLateness = DEFAULT_ALLOWED_LATENESS;

    private Builder() {}

    /** Bounds the cache by the encoded size of the tiles it holds. */
    public Builder maxBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive: " + bytes);
      }
      if (maxTiles > 0) {
        throw new IllegalStateException("maxTiles is already set; choose one bound");
      }
      this.maxBytes = bytes;
      return this;
    }

    /** Bounds the cache by the number of tiles it holds. */
    public Builder maxTiles(long tiles) {
      if (tiles <= 0) {
        throw new IllegalArgumentException("maxTiles must be positive: " + tiles);
      }
      if (maxBytes > 0) {
        throw new IllegalStateException("maxBytes is already set; choose one bound");
      }
      this.maxTiles = tiles;
      return this;
    }

    /** How long after its end a tile may still change; zero or more. */
    public Builder allowedLateness(Duration lateness) {
      Objects.requireNonNull(lateness, "lateness is null");
      if (lateness.isNegative()) {
        throw new IllegalArgumentException("allowedLateness must not be negative: " + lateness);
      }
      this.allowedLateness = lateness;
      return this;
    }

    public CacheOptions build() {
      long bytes = maxBytes == 0 && maxTiles == 0 ? DEFAULT_MAX_BYTES : maxBytes;
      return new CacheOptions(true, bytes, maxTiles, allowedLateness);
    }
  }
}
