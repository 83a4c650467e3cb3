package io.tilekv.writer.testing;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A store that forwards to another and answers each multiPut {@code delayMillis} later. */
public final class SlowStore implements KVStore {
  private final KVStore delegate;
  private volatile long delayMillis;
  public final AtomicLong puts = new AtomicLong();

  public SlowStore(KVStore delegate, long delayMillis) {
    this.delegate = delegate;
    this.delayMillis = delayMillis;
  }

  public void delay(long millis) {
    this.delayMillis = millis;
  }

  @Override
  public String name() {
    return "slow(" + delegate.name() + ")";
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
    return delegate.multiGet(dataset, keys);
  }

  @Override
  public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
    puts.incrementAndGet();
    long d = delayMillis;
    if (d == 0) {
      return delegate.multiPut(dataset, entries);
    }
    Executor later = CompletableFuture.delayedExecutor(d, TimeUnit.MILLISECONDS);
    return CompletableFuture.runAsync(() -> {}, later).thenCompose(v -> delegate.multiPut(dataset, entries));
  }

  @Override
  public CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long from, long to) {
    return delegate.scan(dataset, partition, from, to);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
