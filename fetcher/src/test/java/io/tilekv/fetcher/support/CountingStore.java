package io.tilekv.fetcher.support;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A wrapper around a real store that counts reads (calls, keys, values returned, bytes) and can
 * fail reads that touch chosen keys with {@link KVStoreException.Kind#UNAVAILABLE}, as a remote
 * store would. Optionally lowers the declared batch limit. Everything else goes to the real store.
 */
public final class CountingStore implements KVStore {
  private final KVStore delegate;
  private final StoreCapabilities capabilities;
  private final AtomicLong multiGetCalls = new AtomicLong();
  private final AtomicLong scanCalls = new AtomicLong();
  private final AtomicLong keysRequested = new AtomicLong();
  private final AtomicLong valuesRead = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private volatile Predicate<Key> failing = k -> false;

  public CountingStore(KVStore delegate) {
    this(delegate, delegate.capabilities());
  }

  private CountingStore(KVStore delegate, StoreCapabilities capabilities) {
    this.delegate = Objects.requireNonNull(delegate, "delegate is null");
    this.capabilities = capabilities;
  }

  /** The same store declaring a batch limit of {@code maxGetBatch} keys. */
  public static CountingStore withGetBatch(KVStore delegate, int maxGetBatch) {
    return new CountingStore(delegate, delegate.capabilities().toBuilder().maxGetBatch(maxGetBatch).build());
  }

  /** From now on, a read call that includes a key matching {@code keys} fails as a whole. */
  public void failReadsOf(Predicate<Key> keys) {
    this.failing = Objects.requireNonNull(keys, "keys is null");
  }

  public void resetCounts() {
    multiGetCalls.set(0);
    scanCalls.set(0);
    keysRequested.set(0);
    valuesRead.set(0);
    bytesRead.set(0);
  }

  public long multiGetCalls() {
    return multiGetCalls.get();
  }

  public long scanCalls() {
    return scanCalls.get();
  }

  public long readCalls() {
    return multiGetCalls.get() + scanCalls.get();
  }

  public long keysRequested() {
    return keysRequested.get();
  }

  /** Values the store returned (present values of multiGet plus scanned entries). */
  public long valuesRead() {
    return valuesRead.get();
  }

  public long bytesRead() {
    return bytesRead.get();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public StoreCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public CompletableFuture<Void> createDataset(String dataset) {
    return delegate.createDataset(dataset);
  }

  @Override
  public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
    multiGetCalls.incrementAndGet();
    keysRequested.addAndGet(keys.size());
    if (keys.stream().anyMatch(failing)) {
      return unavailable();
    }
    return delegate.multiGet(dataset, keys).thenApply(values -> {
      for (Optional<byte[]> v : values) {
        v.ifPresent(b -> {
          valuesRead.incrementAndGet();
          bytesRead.addAndGet(b.length);
        });
      }
      return values;
    });
  }

  @Override
  public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
    return delegate.multiPut(dataset, entries);
  }

  @Override
  public CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long fromInclusive, long toExclusive) {
    scanCalls.incrementAndGet();
    if (failing.test(Key.of(partition, fromInclusive))) {
      return unavailable();
    }
    return delegate.scan(dataset, partition, fromInclusive, toExclusive).thenApply(entries -> {
      valuesRead.addAndGet(entries.size());
      for (Entry e : entries) {
        bytesRead.addAndGet(e.valueLength());
      }
      return entries;
    });
  }

  @Override
  public void close() {
    delegate.close();
  }

  private <T> CompletableFuture<T> unavailable() {
    return CompletableFuture.failedFuture(new KVStoreException(KVStoreException.Kind.UNAVAILABLE,
        delegate.name(), "injected outage"));
  }
}
