package io.tilekv.writer.sink;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the sink retries writes that failed with a retryable store error: exponential backoff from
 * {@code initialBackoff} doubling up to {@code maxBackoff}, jittered ({@link #jitteredBackoffMillis}),
 * and a failed job after
 * {@code maxAttempts} consecutive failed requests. Immutable.
 *
 * @param initialBackoff the wait after the first failure
 * @param maxBackoff the longest wait
 * @param maxAttempts consecutive failed requests tolerated before the job fails
 */
public record RetrySettings(Duration initialBackoff, Duration maxBackoff, int maxAttempts)
    implements Serializable {

  /** 50 ms doubling up to 5 s; the job fails after 30 consecutive failures (about two minutes). */
  public static final RetrySettings DEFAULT =
      new RetrySettings(Duration.ofMillis(50), Duration.ofSeconds(5), 30);

  public RetrySettings {
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff: "
          + initialBackoff + ", " + maxBackoff);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be positive: " + maxAttempts);
    }
  }

  /**
   * The wait before retry number {@code failures} (1-based) with "equal jitter": between half of
   * {@link #backoffMillis} and all of it, so that the writers of a job that failed together do not
   * retry together.
   *
   * @param uniform a number in [0, 1), from a random source
   */
  public long jitteredBackoffMillis(int failures, double uniform) {
    if (!(uniform >= 0 && uniform < 1)) {
      throw new IllegalArgumentException("uniform must be in [0, 1): " + uniform);
    }
    long full = backoffMillis(failures);
    long half = full / 2;
    return half + (long) (uniform * (full - half + 1));
  }

  /** The wait before retry number {@code failures} (1-based). */
  public long backoffMillis(int failures) {
    long initial = initialBackoff.toMillis();
    long wait = initial << Math.min(failures - 1, 30);
    return wait < initial ? maxBackoff.toMillis() : Math.min(wait, maxBackoff.toMillis());
  }
}
