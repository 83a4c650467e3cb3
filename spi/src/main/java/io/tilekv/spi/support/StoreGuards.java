package io.tilekv.spi.support;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.StoreCapabilities;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The argument checks and timeout every adapter applies the same way, so that every adapter fails
 * the same way on the same bad input.
 */
public final class StoreGuards {
  private static final Pattern DATASET = Pattern.compile("[A-Za-z0-9_.-]{3,64}");

  private StoreGuards() {}

  /** Rejects a dataset name outside {@code [A-Za-z0-9_.-]{3,64}} with IllegalArgumentException. */
  public static String dataset(String dataset) {
    Objects.requireNonNull(dataset, "dataset is null");
    if (!DATASET.matcher(dataset).matches()) {
      throw new IllegalArgumentException("dataset name must be 3 to 64 characters of [A-Za-z0-9_.-]: '" + dataset + "'");
    }
    return dataset;
  }

  /**
   * Checks a write before anything is sent: no null entries, TTL only when declared, every value
   * within the declared maximum. Returns a failed future describing the first problem, or null.
   */
  public static <T> CompletableFuture<T> checkPut(String storeName, StoreCapabilities caps,
      List<Entry> entries) {
    boolean ttl = caps.supports(Capability.TTL);
    for (Entry e : entries) {
      Objects.requireNonNull(e, "entry is null");
      if (!ttl && e.ttl().isPresent()) {
        return CompletableFuture.failedFuture(new KVStoreException(Kind.UNSUPPORTED, storeName,
            "per-entry TTL is not supported by this store (entry " + e.key() + ")"));
      }
      if (e.valueLength() > caps.maxValueBytes()) {
        return CompletableFuture.failedFuture(new KVStoreException(Kind.VALUE_TOO_LARGE, storeName,
            "value of " + e.key() + " has " + e.valueLength() + " bytes; the maximum is "
                + caps.maxValueBytes(), null, List.of(e.key())));
      }
      if (e.key().partitionLength() > caps.maxKeyBytes()) {
        return CompletableFuture.failedFuture(new KVStoreException(Kind.VALUE_TOO_LARGE, storeName,
            "partition of " + e.key() + " has " + e.key().partitionLength() + " bytes; the maximum is "
                + caps.maxKeyBytes(), null, List.of(e.key())));
      }
    }
    return null;
  }

  /** The CLOSED error for {@code storeName}. */
  public static KVStoreException closed(String storeName) {
    return new KVStoreException(Kind.CLOSED, storeName, "the store is closed");
  }

  /**
   * Bounds {@code future} by {@code timeout}: past it the returned future fails with TIMEOUT naming
   * the operation, and the original is cancelled. Other failures that are not store errors become
   * INTERNAL errors carrying their cause.
   */
  public static <T> CompletableFuture<T> within(CompletableFuture<T> future, Duration timeout,
      String storeName, String operation) {
    CompletableFuture<T> bounded = new CompletableFuture<>();
    future.whenComplete((v, t) -> {
      if (t == null) {
        bounded.complete(v);
      } else {
        KVStoreException kv = KVStoreException.unwrap(t);
        bounded.completeExceptionally(kv != null ? kv
            : new KVStoreException(Kind.INTERNAL, storeName, operation + " failed: " + t, t));
      }
    });
    bounded.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    return bounded.handle((v, t) -> {
      if (t instanceof TimeoutException) {
        // Cancelled before the caller hears of the timeout, so nobody sees the work still running.
        future.cancel(true);
        throw new KVStoreException(Kind.TIMEOUT, storeName, operation + " did not finish within " + timeout, t);
      }
      if (t != null) {
        throw t instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(t);
      }
      return v;
    });
  }
}
