package io.tilekv.spi.support;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff with full jitter: attempt {@code n} (from 1) waits a random time up
 * to {@code min(maxBackoff, initialBackoff * 2^(n-1))} before retrying. Immutable.
 *
 * @param maxAttempts attempts in all, the first included; 1 means no retry
 * @param initialBackoff the cap of the first wait
 * @param maxBackoff the cap of every wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff is null");
    Objects.requireNonNull(maxBackoff, "maxBackoff is null");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
    }
  }

  /** 8 attempts, 20 ms first cap, 2 s cap: about 5 s of retrying at worst. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(8, Duration.ofMillis(20), Duration.ofSeconds(2));
  }

  /** No retries. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** The wait before attempt {@code attempt + 1}, after {@code attempt} attempts failed. */
  public long backoffMillis(int attempt) {
    long cap = initialBackoff.toMillis() << Math.min(attempt - 1, 30);
    cap = Math.min(cap < 0 ? Long.MAX_VALUE : cap, maxBackoff.toMillis());
    return cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
  }
}
