package io.tilekv.fetcher;

import static java.util.Objects.requireNonNull;

import io.tilekv.fetcher.internal.FetchCall;
import io.tilekv.fetcher.internal.ServedGroupBy;
import io.tilekv.fetcher.internal.TileCache;
import io.tilekv.fetcher.internal.TileReader;
import io.tilekv.spi.EntityKey;
import io.tilekv.spi.KVStore;
import io.tilekv.tiling.GroupBy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers feature requests from the tiles in a {@link KVStore}.
 *
 * <p>For one {@link #fetch(List)} call the fetcher plans every request (the minimal tile cover of
 * each window), takes the union of the tiles over all requests, reads that union once
 * ({@link ReadStrategy}: one {@code multiGet} per dataset, split at the store's
 * {@link io.tilekv.spi.StoreCapabilities#maxGetBatch() batch limit} into concurrent calls),
 * decodes each tile, and merges and finalizes per request and window. Complete tiles are served
 * from a cache when one is configured ({@link CacheOptions}).
 *
 * <p><b>Errors.</b> A tile that is absent is empty (no events). A store call that fails, or a tile
 * that cannot be decoded, makes every feature of every window that needs that tile an error in
 * {@link FetchResponse#errors()}; features whose tiles are fine are still answered. The returned
 * future therefore completes normally even when the store is down. Invalid requests (unknown
 * GroupBy, malformed key) are rejected at once with an {@link IllegalArgumentException} or
 * {@link java.util.NoSuchElementException}, before anything is read.
 *
 * <p><b>Threads.</b> Thread-safe; share one instance. Decoding and merging run on the thread that
 * completes the store's future.
 */
public final class Fetcher {
  private final KVStore store;
  private final GroupByRegistry registry;
  private final Clock clock;
  private final TileReader reader;
  private final TileCache cache;
  private final boolean createDatasets;
  private final Map<String, ServedGroupBy> served = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> datasets = new ConcurrentHashMap<>();

  private Fetcher(Builder b) {
    this.store = requireNonNull(b.store, "store is not set");
    this.registry = requireNonNull(b.registry, "registry is not set");
    this.clock = b.clock;
    this.reader = new TileReader(store, b.readStrategy);
    this.cache = TileCache.create(b.cache);
    this.createDatasets = b.createDatasets;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Fetches every request, reading each distinct tile at most once.
   *
   * @return one response per request, in request order
   * @throws IllegalArgumentException if a request's key does not fit its GroupBy
   * @throws java.util.NoSuchElementException if a request names an unknown GroupBy
   */
  public CompletableFuture<List<FetchResponse>> fetch(List<FetchRequest> requests) {
    requireNonNull(requests, "requests is null");
    long now = clock.millis();
    List<FetchCall.Resolved> resolved = new ArrayList<>(requests.size());
    for (FetchRequest r : requests) {
      resolved.add(resolve(requireNonNull(r, "request is null"), now));
    }
    return new FetchCall(reader, cache, now, this::ensureDataset).run(resolved);
  }

  /** Fetches one request; see {@link #fetch(List)}. */
  public CompletableFuture<FetchResponse> fetch(FetchRequest request) {
    return fetch(List.of(request)).thenApply(responses -> responses.get(0));
  }

  /** The cache's counters; all zero when the cache is disabled. */
  public CacheStats cacheStats() {
    return cache == null ? CacheStats.empty() : cache.stats();
  }

  /** Drops every cached tile, for example after a backfill rewrote complete tiles. */
  public void invalidateCache() {
    if (cache != null) {
      cache.invalidateAll();
    }
  }

  public GroupByRegistry registry() {
    return registry;
  }

  public KVStore store() {
    return store;
  }

  private FetchCall.Resolved resolve(FetchRequest r, long now) {
    ServedGroupBy s = served.computeIfAbsent(r.groupBy(), name -> new ServedGroupBy(registry.get(name)));
    EntityKey key;
    if (r.keyText() != null) {
      key = s.groupBy().entityKey(r.keyText());
    } else if (r.keyValues() != null) {
      key = s.entityKey(r.keyValues());
    } else {
      key = s.checkKey(r.encodedKey());
    }
    return new FetchCall.Resolved(s, key, r.at().orElse(now));
  }

  private CompletableFuture<Void> ensureDataset(String dataset) {
    if (!createDatasets) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = datasets.computeIfAbsent(dataset, d -> {
      try {
        return store.createDataset(d);
      } catch (RuntimeException e) { // the read that follows reports the store's state
        return CompletableFuture.failedFuture(e);
      }
    });
    // A failed creation is retried by the next fetch instead of being remembered.
    f.whenComplete((v, t) -> {
      if (t != null) {
        datasets.remove(dataset, f);
      }
    });
    return f;
  }

  /** Builds a {@link Fetcher}; {@link #store} and {@link #registry} are required. */
  public static final class Builder {
    private KVStore store;
    private GroupByRegistry registry;
    private Clock clock = Clock.systemUTC();
    private CacheOptions cache = CacheOptions.defaults();
    private ReadStrategy readStrategy = ReadStrategy.MULTI_GET;
    private boolean createDatasets = true;

    private Builder() {}

    /** The store to read tiles from. The fetcher does not close it. */
    public Builder store(KVStore store) {
      this.store = requireNonNull(store, "store is null");
      return this;
    }

    public Builder registry(GroupByRegistry registry) {
      this.registry = requireNonNull(registry, "registry is null");
      return this;
    }

    /** Serves exactly these GroupBys. */
    public Builder groupBys(GroupBy... groupBys) {
      return registry(GroupByRegistry.of(groupBys));
    }

    /** The clock for "now": the default query time and which tiles are complete. Default: UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock is null");
      return this;
    }

    /** Default: {@link CacheOptions#defaults()}. */
    public Builder cache(CacheOptions cache) {
      this.cache = requireNonNull(cache, "cache is null");
      return this;
    }

    /** Default: {@link ReadStrategy#MULTI_GET}. */
    public Builder readStrategy(ReadStrategy readStrategy) {
      this.readStrategy = requireNonNull(readStrategy, "readStrategy is null");
      return this;
    }

    /**
     * Whether to call {@link KVStore#createDataset} once per dataset before its first read, so a
     * fetch from a store nobody has written to yet answers empty values instead of an error.
     * Default true; turn off for read-only credentials.
     */
    public Builder createDatasets(boolean createDatasets) {
      this.createDatasets = createDatasets;
      return this;
    }

    public Fetcher build() {
      return new Fetcher(this);
    }
  }
}
