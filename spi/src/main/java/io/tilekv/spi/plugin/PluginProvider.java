package io.tilekv.spi.plugin;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.spi.StoreConfig;
import java.util.Set;

/**
 * A plugin's provider: creates stores with the plugin's loader as the thread context class loader,
 * because client libraries (Netty, the AWS SDK, Hadoop) look classes and resources up through it,
 * and threads they start at that moment inherit it.
 */
record PluginProvider(KVStoreProvider delegate, ClassLoader loader) implements KVStoreProvider {
  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Set<String> requiredOptions() {
    return delegate.requiredOptions();
  }

  @Override
  public Set<String> optionalOptions() {
    return delegate.optionalOptions();
  }

  @Override
  public Set<String> secretOptions() {
    return delegate.secretOptions();
  }

  @Override
  public KVStore create(StoreConfig config) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return delegate.create(config);
    } catch (LinkageError e) {
      // Typically a plugin built against a newer SPI than this TileKV's (a class it needs is missing).
      throw new KVStoreException(KVStoreException.Kind.INVALID_CONFIG, delegate.name(), "the '" + delegate.name()
          + "' plugin does not fit this TileKV (" + e + "): it was built against another version of"
          + " io.tilekv.spi; use the plugin built with this TileKV", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public String toString() {
    return delegate.getClass().getName() + " in " + loader;
  }
}
