package io.tilekv.writer.bench;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** Accepts every write at once and keeps nothing; counts requests and entries. */
final class CountingNoopStore implements KVStore {
  final AtomicLong requests = new AtomicLong();
  final AtomicLong entries = new AtomicLong();

  @Override
  public String name() {
    return "noop";
  }

  @Override
  public StoreCapabilities capabilities() {
    return StoreCapabilities.builder().supports(Capability.TTL).build();
  }

  @Override
  public CompletableFuture<Void> createDataset(String dataset) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
    return CompletableFuture.completedFuture(keys.stream().map(k -> Optional.<byte[]>empty()).toList());
  }

  @Override
  public CompletableFuture<Void> multiPut(String dataset, List<Entry> batch) {
    requests.incrementAndGet();
    entries.addAndGet(batch.size());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {}
}
