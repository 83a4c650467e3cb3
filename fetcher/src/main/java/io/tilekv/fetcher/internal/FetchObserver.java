package io.tilekv.fetcher.internal;

import io.tilekv.fetcher.CacheStats;
import io.tilekv.fetcher.FetchResponse;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the fetcher reports for metrics. The only implementation uses Micrometer
 * ({@link MicrometerObserver}); the fetcher holds this interface, so Micrometer classes are loaded
 * only when a meter registry is given.
 */
public interface FetchObserver {
  /** Called once, with the fetcher's cache counters (all zero when the cache is off). */
  void bindCache(Supplier<CacheStats> stats);

  /**
   * One store call finished.
   *
   * @param op {@code multiGet} or {@code scan}
   * @param failure null when it succeeded
   */
  void storeCall(String op, long nanos, Throwable failure);

  /**
   * One fetch call finished.
   *
   * @param responses null when the call failed as a whole ({@code failure} non-null)
   */
  void fetched(CallStats stats, List<FetchResponse> responses, Throwable failure, long nanos);
}
