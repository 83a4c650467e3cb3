package io.tilekv.spi.support;

import io.tilekv.spi.KVStoreException;

/**
 * Hooks for metrics on what an {@link AbstractKVStore} sends to its store. Every method has a
 * no-op default, so new events break no listener. Called on the store's threads: keep them cheap
 * and never block. A listener that throws is ignored.
 */
public interface StoreListener {
  /** Listens to nothing. */
  StoreListener NONE = new StoreListener() {};

  /** One batch round trip finished: {@code operation} is multiGet, multiPut or scan. */
  default void batch(String operation, int size, long nanos, boolean failed) {}

  /** {@code count} keys or entries are sent again, on attempt {@code attempt} (from 2). */
  default void retry(String operation, int count, int attempt) {}

  /** A whole call failed with {@code error}. */
  default void failed(String operation, KVStoreException error) {}
}
