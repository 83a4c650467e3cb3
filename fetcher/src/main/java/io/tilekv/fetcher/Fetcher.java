package io.tilekv.fetcher;

import static java.util.Objects.requireNonNull;

import io.tilekv.fetcher.internal.CallStats;
import io.tilekv.fetcher.internal.CallStore;
import io.tilekv.fetcher.internal.FetchCall;
import io.tilekv.fetcher.internal.FetchObserver;
import io.tilekv.fetcher.internal.MicrometerObserver;
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
import java.util.concurrent.Executor;
import java.util.function.Supplier;

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
 * completes the store's future, or on the {@link Builder#executor executor} when one is given.
 *
 * <p><b>Metrics.</b> With a Micrometer {@code MeterRegistry} ({@link Builder#meterRegistry}) the
 * fetcher records {@code tilekv.fetch.*} and {@code tilekv.store.*} meters (see the README).
 * Micrometer is an optional dependency: without a registry no Micrometer class is loaded.
 */
public final class Fetcher {
  private final KVStore store;
  private final Supplier<GroupByRegistry> registry;
  private final ReadStrategy readStrategy;
  private final Executor executor;
  private final FetchObserver observer;
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
    this.readStrategy = b.readStrategy;
    this.reader = new TileReader(store, b.readStrategy);
    this.cache = TileCache.create(b.cache);
    this.createDatasets = b.createDatasets;
    this.executor = b.executor;
    this.observer = b.observer;
    if (observer != null) {
      observer.bindCache(this::cacheStats);
    }
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
    long start = System.nanoTime();
    long now = clock.millis();
    GroupByRegistry groupBys = registry(); // one snapshot for the whole call
    List<FetchCall.Resolved> resolved = new ArrayList<>(requests.size());
    for (FetchRequest r : requests) {
      resolved.add(resolve(requireNonNull(r, "request is null"), now, groupBys));
    }
    if (executor == null && observer == null) {
      return new FetchCall(reader, cache, now, this::ensureDataset).run(resolved);
    }
    CallStats stats = observer == null ? null : new CallStats();
    TileReader callReader = new TileReader(new CallStore(store, stats, observer, executor), readStrategy);
    FetchCall call = new FetchCall(callReader, cache, now, this::ensureDataset).stats(stats);
    CompletableFuture<List<FetchResponse>> result = executor == null ? call.run(resolved)
        : CompletableFuture.supplyAsync(() -> call.run(resolved), executor).thenCompose(f -> f);
    if (observer != null) {
      result = result.whenComplete((out, t) -> observer.fetched(stats, out, t, System.nanoTime() - start));
    }
    return result;
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

  /** The GroupBys served now (the {@link Builder#registrySource source}'s current registry). */
  public GroupByRegistry registry() {
    return requireNonNull(registry.get(), "the registry source returned null");
  }

  public KVStore store() {
    return store;
  }

  private FetchCall.Resolved resolve(FetchRequest r, long now, GroupByRegistry groupBys) {
    GroupBy g = groupBys.get(r.groupBy());
    ServedGroupBy s = served.get(g.name());
    if (s == null || s.groupBy() != g) { // first use, or the source now has another definition
      s = new ServedGroupBy(g);
      served.put(g.name(), s);
    }
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
    private Supplier<GroupByRegistry> registry;
    private Clock clock = Clock.systemUTC();
    private CacheOptions cache = CacheOptions.defaults();
    private ReadStrategy readStrategy = ReadStrategy.MULTI_GET;
    private boolean createDatasets;
    private Executor executor;
    private FetchObserver observer;

    private Builder() {}

    /** The store to read tiles from. The fetcher does not close it. */
    public Builder store(KVStore store) {
      this.store = requireNonNull(store, "store is null");
      return this;
    }

    public Builder registry(GroupByRegistry registry) {
      requireNonNull(registry, "registry is null");
      this.registry = () -> registry;
      return this;
    }

    /**
     * The GroupBys, asked for at every fetch call, so a source that changes (a directory that is
     * reloaded) is served without a new fetcher. One call resolves all its requests against one
     * registry. The source must be fast and never return null.
     */
    public Builder registrySource(Supplier<GroupByRegistry> source) {
      this.registry = requireNonNull(source, "source is null");
      return this;
    }

    /**
     * Where planning, decoding, merging and finalizing run: each call's work is handed to it, and
     * so is every store result, so none of it runs on the caller's thread or on the store
     * client's I/O threads. It must accept every task (an unbounded queue). Default: none, the
     * thread that completes the store's future does the work.
     */
    public Builder executor(Executor executor) {
      this.executor = requireNonNull(executor, "executor is null");
      return this;
    }

    /**
     * Records the fetcher's metrics in {@code registry} (a Micrometer
     * {@code io.micrometer.core.instrument.MeterRegistry}; Micrometer must be on the class path
     * to call this). Default: no metrics.
     */
    public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
      this.observer = MicrometerObserver.create(requireNonNull(registry, "registry is null"));
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
     * Default false: reading never creates a dataset (creating belongs to writers), so a dataset
     * that does not exist reads as the store reports it: empty in stores that cannot tell, an
     * error of every feature where the store can (RocksDB opened with {@code create=false}, remote
     * stores whose table is missing).
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
