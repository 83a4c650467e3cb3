package io.tilekv.store.memory;

import com.google.auto.service.AutoService;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.spi.StoreConfig;

/** {@code memory:}: a fresh, empty {@link MemoryKVStore} per open. Takes no options. */
@AutoService(KVStoreProvider.class)
public final class MemoryStoreProvider implements KVStoreProvider {
  @Override
  public String name() {
    return "memory";
  }

  @Override
  public KVStore create(StoreConfig config) {
    return new MemoryKVStore();
  }
}
