package io.tilekv.conformance;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.spi.StoreConfig;
import io.tilekv.store.memory.MemoryKVStore;

/**
 * {@code memory-from-jar:}, a provider registered only in a jar that a test writes, to check that
 * the runner finds providers in {@code --jar}s. Deliberately not annotated with auto-service.
 */
public final class JarOnlyMemoryProvider implements KVStoreProvider {
  public static final String NAME = "memory-from-jar";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public KVStore create(StoreConfig config) {
    return new MemoryKVStore();
  }
}
