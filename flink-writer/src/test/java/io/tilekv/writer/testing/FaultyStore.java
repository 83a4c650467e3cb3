package io.tilekv.writer.testing;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store that forwards to another and, while armed, fails a share of multiPut calls with a
 * retryable UNAVAILABLE error before writing anything; also counts calls and entries put.
 */
public final class FaultyStore extends ForwardingStore {
  private final SplittableRandom random;
  private volatile double failureShare;
  private volatile long failuresLeft;
  public final AtomicLong puts = new AtomicLong();
  public final AtomicLong entriesPut = new AtomicLong();
  public final AtomicLong failures = new AtomicLong();

  public FaultyStore(KVStore delegate, long seed) {
    super("faulty", delegate);
    this.random = new SplittableRandom(seed);
  }

  private volatile KVStoreException.Kind refusal;

  /** Fails every call from now on with {@code kind} (e.g. a non-retryable INVALID_CONFIG). */
  public void refusePuts(KVStoreException.Kind kind) {
    this.refusal = kind;
  }

  /** Fails {@code share} of the next calls, at most {@code count} of them. */
  public void failPuts(double share, long count) {
    this.failureShare = share;
    this.failuresLeft = count;
  }

  @Override
  public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
    puts.incrementAndGet();
    if (refusal != null) {
      failures.incrementAndGet();
      return CompletableFuture.failedFuture(new KVStoreException(refusal, name(), "injected refusal"));
    }
    boolean fail;
    synchronized (random) {
      fail = failuresLeft > 0 && random.nextDouble() < failureShare;
      if (fail) {
        failuresLeft--;
      }
    }
    if (fail) {
      failures.incrementAndGet();
      return CompletableFuture.failedFuture(new KVStoreException(
          KVStoreException.Kind.UNAVAILABLE, name(), "injected failure"));
    }
    entriesPut.addAndGet(entries.size());
    return delegate.multiPut(dataset, entries);
  }
}
