package io.tilekv.writer.sink;

import static java.util.Objects.requireNonNull;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import java.io.Serializable;

/**
 * How a sink writer gets its store: serializable configuration shipped to every task, never a
 * serialized store. Each sink writer calls {@link #open()} once and {@link #release(KVStore)} when
 * it closes.
 */
@FunctionalInterface
public interface StoreFactory extends Serializable {

  /** Opens (or looks up) the store. */
  KVStore open();

  /** Gives back a store returned by {@link #open()}; closes it unless it is shared. */
  default void release(KVStore store) {
    store.close();
  }

  /** A store opened from a URI with {@link KVStores#open(String)} in each task. */
  static StoreFactory uri(String uri) {
    requireNonNull(uri, "uri is null");
    return new StoreFactory() {
      private static final long serialVersionUID = 1L;

      @Override
      public KVStore open() {
        return KVStores.open(uri);
      }

      @Override
      public String toString() {
        return "StoreFactory.uri(" + uri + ")";
      }
    };
  }

  /**
   * A store instance registered under {@code name} in {@link SharedStores} of the same JVM (local
   * runs and tests on a MiniCluster). The writer never closes it; its owner does.
   */
  static StoreFactory shared(String name) {
    requireNonNull(name, "name is null");
    return new StoreFactory() {
      private static final long serialVersionUID = 1L;

      @Override
      public KVStore open() {
        return SharedStores.get(name);
      }

      @Override
      public void release(KVStore store) {}

      @Override
      public String toString() {
        return "StoreFactory.shared(" + name + ")";
      }
    };
  }
}
