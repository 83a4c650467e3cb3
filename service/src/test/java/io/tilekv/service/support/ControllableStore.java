package io.tilekv.service.support;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A store whose reads can be made to fail (UNAVAILABLE) or to answer late. */
public final class ControllableStore implements KVStore {
  private final KVStore delegate;
  public volatile boolean failReads;
  public volatile long delayMillis;
  public final java.util.concurrent.atomic.AtomicInteger multiGets = new java.util.concurrent.atomic.AtomicInteger();

  public ControllableStore(KVStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return "controllable(" + delegate.name() + ")";
  }

  @Override
  public StoreCapabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public CompletableFuture<Void> createDataset(String dataset) {
    return delegate.createDataset(dataset);
  }

  @Override
  public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
    multiGets.incrementAndGet();
    if (failReads) {
      return CompletableFuture.failedFuture(new KVStoreException(KVStoreException.Kind.UNAVAILABLE, name(),
          "injected: connection refused"));
    }
    long delay = delayMillis;
    if (delay <= 0) {
      return delegate.multiGet(dataset, keys);
    }
    return CompletableFuture.supplyAsync(() -> delegate.multiGet(dataset, keys).join(),
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
  }

  @Override
  public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
    return delegate.multiPut(dataset, entries);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
