package io.tilekv.spi.support;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link AbstractKVStore} runs calls: the deadline of a whole call, the retries of what the
 * store leaves unprocessed or fails retryably, how many batches may be in flight at once across
 * all calls of the store, and who hears about it. Immutable.
 *
 * @param timeout every call completes within it, with TIMEOUT if need be
 * @param retry retries of unprocessed entries and retryable batch failures, within the timeout
 * @param maxBatchesInFlight batches sent and not yet answered, for the whole store instance
 * @param listener metrics hooks
 */
public record AdapterSettings(Duration timeout, RetryPolicy retry, int maxBatchesInFlight,
    StoreListener listener) {
  /** The default number of batches in flight per store. */
  public static final int DEFAULT_BATCHES_IN_FLIGHT = 64;

  public AdapterSettings {
    Objects.requireNonNull(timeout, "timeout is null");
    Objects.requireNonNull(retry, "retry is null");
    Objects.requireNonNull(listener, "listener is null");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (maxBatchesInFlight < 1) {
      throw new IllegalArgumentException("maxBatchesInFlight must be at least 1: " + maxBatchesInFlight);
    }
  }

  /** {@code timeout}, {@link RetryPolicy#defaults()}, {@value #DEFAULT_BATCHES_IN_FLIGHT} batches in flight, no listener. */
  public static AdapterSettings of(Duration timeout) {
    return new AdapterSettings(timeout, RetryPolicy.defaults(), DEFAULT_BATCHES_IN_FLIGHT, StoreListener.NONE);
  }

  public AdapterSettings withRetry(RetryPolicy policy) {
    return new AdapterSettings(timeout, policy, maxBatchesInFlight, listener);
  }

  public AdapterSettings withMaxBatchesInFlight(int n) {
    return new AdapterSettings(timeout, retry, n, listener);
  }

  public AdapterSettings withListener(StoreListener l) {
    return new AdapterSettings(timeout, retry, maxBatchesInFlight, l);
  }
}
