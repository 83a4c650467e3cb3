package io.tilekv.fetcher.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tilekv.fetcher.CacheStats;
import io.tilekv.fetcher.FetchResponse;
import io.tilekv.spi.KVStoreException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The fetcher's meters (names in Micrometer's dotted form; Prometheus shows {@code tilekv_fetch_...}).
 * Only this class touches Micrometer, and it is loaded only when a registry is given.
 */
public final class MicrometerObserver implements FetchObserver {
  private final MeterRegistry registry;
  private final Timer latency;
  private final Counter calls;
  private final Counter failedCalls;
  private final Counter requests;
  private final Counter featuresServed;
  private final Counter featuresFailed;
  private final DistributionSummary planned;
  private final DistributionSummary fromStore;
  private final DistributionSummary fromCache;
  private final DistributionSummary storeCalls;
  private final Counter missing;
  private final Map<String, Counter> featureErrors = new ConcurrentHashMap<>();
  private final Map<String, Counter> storeErrors = new ConcurrentHashMap<>();
  private final Map<String, Timer> storeLatency = new ConcurrentHashMap<>();
  private Supplier<CacheStats> cacheStats;

  private MicrometerObserver(MeterRegistry registry) {
    this.registry = registry;
    this.latency = Timer.builder("tilekv.fetch.latency")
        .description("Time of one fetch call (a batch of requests), from the call to its answer")
        .publishPercentileHistogram().register(registry);
    this.calls = Counter.builder("tilekv.fetch.calls").description("Fetch calls answered").register(registry);
    this.failedCalls = Counter.builder("tilekv.fetch.calls.failed")
        .description("Fetch calls that failed as a whole (not per feature)").register(registry);
    this.requests = Counter.builder("tilekv.fetch.requests").description("Requests (entity keys) answered")
        .register(registry);
    this.featuresServed = Counter.builder("tilekv.fetch.features").tag("result", "value")
        .description("Features answered, with a value or with an error").register(registry);
    this.featuresFailed = Counter.builder("tilekv.fetch.features").tag("result", "error")
        .description("Features answered, with a value or with an error").register(registry);
    this.planned = summary("tilekv.fetch.tiles.planned", "Tiles of the plans of one fetch call");
    this.fromStore = summary("tilekv.fetch.tiles.store", "Distinct tiles one fetch call read from the store");
    this.fromCache = summary("tilekv.fetch.tiles.cache", "Distinct tiles one fetch call took from the cache");
    this.storeCalls = summary("tilekv.fetch.store.calls", "Store calls one fetch call made");
    this.missing = Counter.builder("tilekv.fetch.tiles.missing")
        .description("Tiles read from the store and found absent (no events in that tile)").register(registry);
  }

  /** An observer registering its meters in {@code registry}. */
  public static FetchObserver create(MeterRegistry registry) {
    return new MicrometerObserver(registry);
  }

  @Override
  public void bindCache(Supplier<CacheStats> stats) {
    // Micrometer holds the supplier weakly; this observer (held by the fetcher) keeps it alive.
    this.cacheStats = stats;
    FunctionCounter.builder("tilekv.fetch.cache.hits", stats, s -> s.get().hits())
        .description("Complete tiles found in the cache").register(registry);
    FunctionCounter.builder("tilekv.fetch.cache.misses", stats, s -> s.get().misses())
        .description("Complete tiles looked up and not found in the cache").register(registry);
    Gauge.builder("tilekv.fetch.cache.hit.ratio", stats, s -> {
      CacheStats c = s.get();
      long all = c.hits() + c.misses();
      return all == 0 ? Double.NaN : (double) c.hits() / all;
    }).strongReference(true).description("Cache hits / lookups since start").register(registry);
    Gauge.builder("tilekv.fetch.cache.tiles", stats, s -> s.get().tiles()).strongReference(true)
        .description("Tiles in the cache").register(registry);
  }

  @Override
  public void storeCall(String op, long nanos, Throwable failure) {
    String outcome = failure == null ? "ok" : "error";
    storeLatency.computeIfAbsent(op + "|" + outcome, k -> Timer.builder("tilekv.store.latency")
        .description("Latency of one store read call").tag("op", op).tag("outcome", outcome)
        .publishPercentileHistogram().register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    if (failure != null) {
      KVStoreException kv = KVStoreException.unwrap(failure);
      String kind = kv == null ? "OTHER" : kv.kind().name();
      storeErrors.computeIfAbsent(kind, k -> Counter.builder("tilekv.store.errors").tag("kind", k)
          .description("Failed store read calls by error kind").register(registry)).increment();
    }
  }

  @Override
  public void fetched(CallStats stats, List<FetchResponse> responses, Throwable failure, long nanos) {
    latency.record(nanos, TimeUnit.NANOSECONDS);
    if (failure != null || responses == null) {
      failedCalls.increment();
      return;
    }
    calls.increment();
    requests.increment(responses.size());
    planned.record(stats.planned);
    fromStore.record(stats.fromStore);
    fromCache.record(stats.fromCache);
    storeCalls.record(stats.storeCalls.get());
    missing.increment(stats.missing.get());
    long served = 0;
    for (FetchResponse r : responses) {
      served += r.features().size();
      for (String why : r.errors().values()) {
        String reason = reason(why);
        featureErrors.computeIfAbsent(reason, k -> Counter.builder("tilekv.fetch.feature.errors").tag("reason", k)
            .description("Features answered with an error, by reason").register(registry)).increment();
      }
      featuresFailed.increment(r.errors().size());
    }
    featuresServed.increment(served);
  }

  /** The reason of a feature error, from the fetcher's messages (see the fetcher's README). */
  static String reason(String message) {
    if (message.contains("cannot be decoded")) {
      return "decode";
    }
    if (message.contains("store read failed")) {
      return "store";
    }
    if (message.contains("internal error")) {
      return "internal";
    }
    return "other";
  }

  private DistributionSummary summary(String name, String description) {
    return DistributionSummary.builder(name).description(description)
        .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(10_000.0).register(registry);
  }
}
