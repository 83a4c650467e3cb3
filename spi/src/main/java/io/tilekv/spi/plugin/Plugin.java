package io.tilekv.spi.plugin;

import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreProvider;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** One loaded plugin: its location (a folder of jars or a single jar), its loader and providers. */
final class Plugin implements AutoCloseable {
  static final String SERVICE_FILE = "META-INF/services/" + KVStoreProvider.class.getName();

  private final Path location;
  private final List<Path> jars;
  private final PluginClassLoader loader;
  private final List<KVStoreProvider> providers;

  private Plugin(Path location, List<Path> jars, PluginClassLoader loader, List<KVStoreProvider> providers) {
    this.location = location;
    this.jars = jars;
    this.loader = loader;
    this.providers = providers;
  }

  /**
   * Checks every jar, creates the plugin's loader and instantiates its providers (with the loader as
   * the thread context class loader, as clients expect).
   *
   * @throws KVStoreException INVALID_CONFIG naming the file for a corrupt jar, a provider that cannot
   *     be loaded, or a plugin without any provider
   */
  static Plugin load(Path location, List<Path> jars) {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      checkReadable(jar);
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw StorePlugins.invalid("plugin jar " + jar + " has no URL form", e);
      }
    }
    String name = location.getFileName().toString();
    PluginClassLoader loader = new PluginClassLoader(name, urls.toArray(URL[]::new), KVStoreProvider.class.getClassLoader());
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    List<KVStoreProvider> providers = new ArrayList<>();
    try {
      thread.setContextClassLoader(loader);
      for (KVStoreProvider p : ServiceLoader.load(KVStoreProvider.class, loader)) {
        if (p.getClass().getClassLoader() == loader) {
          providers.add(new PluginProvider(p, loader));
        }
      }
    } catch (ServiceConfigurationError | LinkageError e) {
      closeQuietly(loader);
      throw StorePlugins.invalid("plugin " + location + " has a store provider that cannot be loaded"
          + " (a plugin sees only the JDK, io.tilekv.spi and its own jars): " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(loader);
      throw StorePlugins.invalid("plugin " + location + ": a store provider failed to start: " + e, e);
    } finally {
      thread.setContextClassLoader(previous);
    }
    if (providers.isEmpty()) {
      closeQuietly(loader);
      throw StorePlugins.invalid("plugin " + location + " has no store provider: none of its jars "
          + jars.stream().map(j -> j.getFileName().toString()).toList() + " lists one in " + SERVICE_FILE, null);
    }
    return new Plugin(location, List.copyOf(jars), loader, List.copyOf(providers));
  }

  Path location() {
    return location;
  }

  List<Path> jars() {
    return jars;
  }

  List<KVStoreProvider> providers() {
    return providers;
  }

  ClassLoader loader() {
    return loader;
  }

  /** The jar (or, failing that, the plugin) a provider's class comes from, for error messages. */
  String origin(KVStoreProvider provider) {
    Class<?> type = provider instanceof PluginProvider pp ? pp.delegate().getClass() : provider.getClass();
    CodeSource source = type.getProtectionDomain().getCodeSource();
    String where = source == null ? location.toString() : source.getLocation().toString();
    if (where.startsWith("file:")) {
      where = Path.of(java.net.URI.create(where)).toString();
    }
    return where + " (" + type.getName() + ")";
  }

  @Override
  public void close() {
    closeQuietly(loader);
  }

  /** Reads the jar's directory and every entry header: a truncated or non-zip file fails here, named. */
  private static void checkReadable(Path jar) {
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        entries.nextElement();
      }
    } catch (IOException | RuntimeException e) {
      throw StorePlugins.invalid("plugin jar " + jar + " is not a readable jar: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(PluginClassLoader loader) {
    try {
      loader.close();
    } catch (IOException ignored) {
      // Only open jar handles are released here; nothing to report to the user.
    }
  }
}
