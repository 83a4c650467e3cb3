package io.tilekv.conformance.internal;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.spi.support.StoreGuards;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One client of a store instance that several clients share, for stores whose every open is a new,
 * empty store ({@code memory:}). Closing the client closes only the client: its later operations
 * fail with CLOSED while the shared instance and its other clients keep working.
 */
public final class SharedClient extends ForwardingKVStore {
  private volatile boolean closed;

  public SharedClient(KVStore shared) {
    super(shared);
  }

  @Override
  public CompletableFuture<Void> createDataset(String dataset) {
    return closed ? CompletableFuture.failedFuture(StoreGuards.closed(name())) : super.createDataset(dataset);
  }

  @Override
  public CompletableFuture<List<Optional<byte[]>>> multiGet(String dataset, List<Key> keys) {
    return closed ? CompletableFuture.failedFuture(StoreGuards.closed(name())) : super.multiGet(dataset, keys);
  }

  @Override
  public CompletableFuture<Void> multiPut(String dataset, List<Entry> entries) {
    return closed ? CompletableFuture.failedFuture(StoreGuards.closed(name())) : super.multiPut(dataset, entries);
  }

  @Override
  public CompletableFuture<List<Entry>> scan(String dataset, byte[] partition, long fromInclusive,
      long toExclusive) {
    return closed ? CompletableFuture.failedFuture(StoreGuards.closed(name()))
        : super.scan(dataset, partition, fromInclusive, toExclusive);
  }

  /** Closes this client only; the shared instance stays open. */
  @Override
  public void close() {
    closed = true;
  }
}
