package io.tilekv.conformance.e2e;

import static java.util.Objects.requireNonNull;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A store under test seen through a bad network: a seeded share of write calls fails with a
 * retryable UNAVAILABLE error before reaching the store, and another share is delayed. Reads pass
 * through untouched, so the answers afterwards are the store's own. Thread-safe.
 */
final class FlakyStore implements KVStore {
  private final KVStore store;
  private final double failShare;
  private final double delayShare;
  private final long delayMillis;
  private final SplittableRandom random;
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong delayed = new AtomicLong();

  FlakyStore(KVStore store, long seed, double failShare, double delayShare, long delayMillis) {
    this.store = requireNonNull(store, "store is null");
    this.random = new SplittableRandom(seed);
    this.failShare = failShare;
    this.delayShare = delayShare;
    this.delayMillis = delayMillis;
  }

  long failedCalls() {
    return failed.get();
  }

  long delayedCalls() {
    return delayed.get();
  }

  @Override
  public String name() {
    return store.name();
  }

  @Override
  public StoreCapabilities capabilities() {
    return store.capabilities();
  }

  @Override
  public CompletableFuture<Void> createDataset(String dataset) {
    return store.createDataset(dataset);
  }

  @Override
  public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
    return store.multiGet(dataset, keys);
  }

  @Override
  public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
    double dice;
    synchronized (random) {
      dice = random.nextDouble();
    }
    if (dice < failShare) {
      failed.incrementAndGet();
      return CompletableFuture.failedFuture(new KVStoreException(KVStoreException.Kind.UNAVAILABLE,
          store.name(), "injected fault: the connection dropped before the write was sent"));
    }
    if (dice < failShare + delayShare) {
      delayed.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> null,
              CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS))
          .thenCompose(x -> store.multiPut(dataset, entries));
    }
    return store.multiPut(dataset, entries);
  }

  @Override
  public CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long from, long to) {
    return store.scan(dataset, partition, from, to);
  }

  /** Leaves the store open: it belongs to the test. */
  @Override
  public void close() {}
}
