package io.tilekv.writer.testing;

import static java.util.Objects.requireNonNull;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A store that forwards every call to another, named {@code kind(delegate)}; the test stores
 * override only the call they change.
 */
abstract class ForwardingStore implements KVStore {
  final KVStore delegate;
  private final String kind;

  ForwardingStore(String kind, KVStore delegate) {
    this.kind = kind;
    this.delegate = requireNonNull(delegate, "delegate is null");
  }

  @Override
  public String name() {
    return kind + "(" + delegate.name() + ")";
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
    return delegate.multiPut(dataset, entries);
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
