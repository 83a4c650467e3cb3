package io.tilekv.fetcher;

/**
 * Counters of the tile cache since the fetcher was built. Only complete tiles are looked up in the
 * cache (incomplete ones always come from the store), so {@code hits + misses} is the number of
 * complete-tile lookups.
 *
 * @param hits complete tiles served from the cache (missing tiles remembered as empty included)
 * @param misses complete tiles that had to be read from the store
 * @param evictions tiles dropped to stay within the size bound
 * @param tiles tiles held now (approximate)
 * @param weight the summed weight of the held tiles: encoded bytes, or the count when the cache is
 *     bounded by count
 */
public record CacheStats(long hits, long misses, long evictions, long tiles, long weight) {

  /** The stats of a disabled cache: all zero. */
  public static CacheStats empty() {
    return new CacheStats(0, 0, 0, 0, 0);
  }

  /** {@code hits / (hits + misses)}, or 1 when there was no lookup. */
  public double hitRate() {
    long lookups = hits + misses;
    return lookups == 0 ? 1.0 : (double) hits / lookups;
  }
}
