package io.tilekv.writer.sink;

import static java.util.Objects.requireNonNull;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.plugin.StorePlugins;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

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
   * A store opened from a URI in each task, with the adapters of the plugin directories
   * {@code pluginDirectories} as they are on the machine that runs the task (every TaskManager
   * needs the same folders at the same paths). A TaskManager loads each set of directories once,
   * with {@link StorePlugins#shared}, each plugin in its own class loader; the adapter need not be
   * in the job jar. Without directories this is {@link #uri(String)}.
   */
  static StoreFactory uri(String uri, List<Path> pluginDirectories) {
    requireNonNull(uri, "uri is null");
    List<String> dirs = pluginDirectories.stream().map(Path::toString).toList();
    if (dirs.isEmpty()) {
      return uri(uri);
    }
    return new StoreFactory() {
      private static final long serialVersionUID = 1L;

      @Override
      public KVStore open() {
        return KVStores.open(uri, StorePlugins.shared(dirs.stream().map(Path::of).toList()));
      }

      @Override
      public String toString() {
        return "StoreFactory.uri(" + uri + ", plugins " + dirs + ")";
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
