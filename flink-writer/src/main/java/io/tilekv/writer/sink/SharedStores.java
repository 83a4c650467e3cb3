package io.tilekv.writer.sink;

import static java.util.Objects.requireNonNull;

import io.tilekv.spi.KVStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Store instances shared by name inside one JVM, for {@link StoreFactory#shared(String)}: a local
 * run or a test registers a store (a shared memory store, a fault-injecting wrapper) and the job's
 * writers use that very instance. Useless on a real cluster, where tasks run in other JVMs.
 */
public final class SharedStores {
  private static final Map<String, KVStore> STORES = new ConcurrentHashMap<>();

  private SharedStores() {}

  /**
   * Registers {@code store} under {@code name}.
   *
   * @throws IllegalStateException if the name is taken
   */
  public static void register(String name, KVStore store) {
    requireNonNull(name, "name is null");
    requireNonNull(store, "store is null");
    if (STORES.putIfAbsent(name, store) != null) {
      throw new IllegalStateException("a store is already registered as '" + name + "'");
    }
  }

  /** Removes the registration (does not close the store). */
  public static void unregister(String name) {
    STORES.remove(requireNonNull(name, "name is null"));
  }

  /**
   * The store registered under {@code name}.
   *
   * @throws IllegalStateException if there is none
   */
  public static KVStore get(String name) {
    KVStore store = STORES.get(requireNonNull(name, "name is null"));
    if (store == null) {
      throw new IllegalStateException("no store is registered as '" + name
          + "' in this JVM (SharedStores only works for local runs)");
    }
    return store;
  }
}
