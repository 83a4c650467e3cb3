package io.tilekv.fetcher.internal;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The store as one fetch call sees it: counts and times its reads, and hands their results to the
 * fetcher's executor, so decoding and merging never run on the store client's I/O threads.
 * Writes and dataset creation pass through.
 */
public final class CallStore implements KVStore {
  private final KVStore store;
  private final CallStats stats;
  private final FetchObserver observer;
  private final Executor executor;

  /**
   * @param stats null when not observed
   * @param observer null when not observed
   * @param executor null to continue on the thread that completes the store's future
   */
  public CallStore(KVStore store, CallStats stats, FetchObserver observer, Executor executor) {
    this.store = store;
    this.stats = stats;
    this.observer = observer;
    this.executor = executor;
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
    CompletableFuture<List<Optional<byte[]>>> f = observe("multiGet", () -> store.multiGet(dataset, keys));
    if (stats != null) {
      f = f.whenComplete((values, t) -> {
        if (values != null) {
          int absent = 0;
          for (Optional<byte[]> v : values) {
            absent += v == null || v.isEmpty() ? 1 : 0;
          }
          stats.missing.addAndGet(absent);
        }
      });
    }
    return hop(f);
  }

  @Override
  public CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long fromInclusive, long toExclusive) {
    return hop(observe("scan", () -> store.scan(dataset, partition, fromInclusive, toExclusive)));
  }

  @Override
  public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
    return store.multiPut(dataset, entries);
  }

  @Override
  public void close() {
    // The fetcher does not own the store.
  }

  private <T> CompletableFuture<T> observe(String op, Supplier<CompletableFuture<T>> call) {
    if (stats != null) {
      stats.storeCalls.incrementAndGet();
    }
    if (observer == null) {
      return call.get();
    }
    long start = System.nanoTime();
    CompletableFuture<T> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      observer.storeCall(op, System.nanoTime() - start, e);
      throw e;
    }
    return f == null ? null : f.whenComplete((v, t) -> observer.storeCall(op, System.nanoTime() - start, t));
  }

  private <T> CompletableFuture<T> hop(CompletableFuture<T> f) {
    // The executor must accept every task (an unbounded queue): a rejected hand-off would leave the
    // read without an outcome.
    return executor == null || f == null ? f : f.whenCompleteAsync((v, t) -> { }, executor);
  }
}
