package io.tilekv.spi.plugin;

import static java.util.Objects.requireNonNull;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.spi.KVStores;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Store adapters loaded from plugin directories, each plugin in a class loader of its own that sees
 * only the JDK, the SPI ({@code io.tilekv.spi} and below) and the plugin's own jars, so adapters
 * whose client libraries clash load side by side and never meet the application's class path.
 *
 * <p>A plugin directory holds plugins: a folder of jars (an adapter jar and its client libraries,
 * without {@code tilekv-spi}) or a single self-contained jar. Hidden entries and files that are not
 * jars are ignored; a {@code .zip} is refused with a hint to unpack it. Every plugin must declare at
 * least one {@link KVStoreProvider} in {@code META-INF/services}.
 *
 * <p>{@link #load} fails fast with {@link KVStoreException.Kind#INVALID_CONFIG}, naming the files,
 * when a directory is missing, a jar is corrupt, a plugin has no provider or a provider cannot be
 * loaded, or two plugins (or a plugin and the class path) provide one scheme.
 *
 * <p>Use the plugins with {@link KVStores#open(String, StorePlugins)}, or make them visible to every
 * {@link KVStores} lookup of the JVM with {@link KVStores#installPlugins(StorePlugins)} (the command
 * line does). Instances are immutable and thread-safe. {@link #close()} releases the jars; stores
 * opened from a plugin must be closed first.
 */
public final class StorePlugins implements AutoCloseable {
  /** The environment variable with plugin directories, separated by {@link File#pathSeparator}. */
  public static final String ENV = "TILEKV_PLUGINS";
  private static final StorePlugins NONE = new StorePlugins(List.of(), List.of(), Map.of());
  private static final Map<List<Path>, StorePlugins> SHARED = new HashMap<>();

  private final List<Path> directories;
  private final List<Plugin> plugins;
  private final Map<String, Plugin> byScheme;

  private StorePlugins(List<Path> directories, List<Plugin> plugins, Map<String, Plugin> byScheme) {
    this.directories = directories;
    this.plugins = plugins;
    this.byScheme = byScheme;
  }

  /** No plugins. */
  public static StorePlugins none() {
    return NONE;
  }

  /**
   * Loads every plugin in {@code directories}, checking its schemes against the providers the
   * thread context class loader sees.
   */
  public static StorePlugins load(List<Path> directories) {
    return load(directories, contextLoader());
  }

  /**
   * Loads every plugin in {@code directories}; a scheme that a provider visible to
   * {@code classPath} already has is an error.
   *
   * @throws KVStoreException INVALID_CONFIG naming the directory or file at fault
   */
  public static StorePlugins load(List<Path> directories, ClassLoader classPath) {
    requireNonNull(directories, "directories is null");
    requireNonNull(classPath, "classPath is null");
    Set<Path> dirs = new LinkedHashSet<>();
    for (Path dir : directories) {
      if (!Files.isDirectory(requireNonNull(dir, "a directory is null"))) {
        throw invalid("plugin directory " + dir + " does not exist or is not a directory", null);
      }
      try {
        dirs.add(dir.toRealPath());
      } catch (IOException e) {
        throw invalid("plugin directory " + dir + " cannot be read: " + e.getMessage(), e);
      }
    }
    Map<String, String> classPathSchemes = classPathSchemes(classPath);
    List<Plugin> loaded = new ArrayList<>();
    Map<String, Plugin> byScheme = new TreeMap<>();
    try {
      for (Path dir : dirs) {
        for (Path location : pluginsIn(dir)) {
          Plugin plugin = Plugin.load(location, jarsOf(location));
          loaded.add(plugin);
          for (KVStoreProvider p : plugin.providers()) {
            if (classPathSchemes.containsKey(p.name())) {
              throw invalid("store scheme '" + p.name() + "' is provided both by the plugin "
                  + plugin.origin(p) + " and on the class path by " + classPathSchemes.get(p.name())
                  + "; remove one of them", null);
            }
            Plugin other = byScheme.putIfAbsent(p.name(), plugin);
            if (other != null) {
              KVStoreProvider first = other.providers().stream().filter(o -> o.name().equals(p.name())).findFirst().orElseThrow();
              throw invalid("store scheme '" + p.name() + "' is provided by two plugins: "
                  + other.origin(first) + " and " + plugin.origin(p) + "; remove one of them", null);
            }
          }
        }
      }
    } catch (RuntimeException e) {
      loaded.forEach(Plugin::close);
      throw e;
    }
    return new StorePlugins(List.copyOf(dirs), List.copyOf(loaded), Collections.unmodifiableMap(byScheme));
  }

  /**
   * The plugins of {@code directories}, loaded once per JVM and kept for its life: for code that
   * opens stores in many places of one process, such as the tasks of a Flink TaskManager.
   */
  public static StorePlugins shared(List<Path> directories) {
    List<Path> key = directories.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    if (key.isEmpty()) {
      return NONE;
    }
    synchronized (SHARED) {
      StorePlugins plugins = SHARED.get(key);
      if (plugins == null) {
        plugins = load(key, KVStoreProvider.class.getClassLoader());
        SHARED.put(key, plugins);
      }
      return plugins;
    }
  }

  /**
   * The plugin directories a command uses: {@code explicit} ones (an option, in order), then those
   * of {@code envValue} ({@value #ENV}, split at {@link File#pathSeparator}), then
   * {@code defaultDirectory} if it exists. The explicit and environment ones must exist.
   */
  public static List<Path> directories(List<Path> explicit, String envValue, Path defaultDirectory) {
    Set<Path> dirs = new LinkedHashSet<>(requireNonNull(explicit, "explicit is null"));
    if (envValue != null) {
      for (String part : envValue.split(File.pathSeparator)) {
        if (!part.isBlank()) {
          dirs.add(Path.of(part.trim()));
        }
      }
    }
    if (defaultDirectory != null && Files.isDirectory(defaultDirectory)) {
      dirs.add(defaultDirectory);
    }
    return List.copyOf(dirs);
  }

  /** The directories plugins were loaded from, as real paths. */
  public List<Path> directories() {
    return directories;
  }

  /** Every scheme a plugin provides, with the plugin's location (folder or jar). */
  public Map<String, Path> schemes() {
    Map<String, Path> out = new TreeMap<>();
    byScheme.forEach((scheme, plugin) -> out.put(scheme, plugin.location()));
    return Collections.unmodifiableMap(out);
  }

  /** The provider of {@code scheme} among the plugins. */
  public Optional<KVStoreProvider> provider(String scheme) {
    Plugin plugin = byScheme.get(requireNonNull(scheme, "scheme is null"));
    return plugin == null ? Optional.empty()
        : plugin.providers().stream().filter(p -> p.name().equals(scheme)).findFirst();
  }

  /** Where the provider of {@code scheme} comes from, for messages; empty if no plugin has it. */
  public Optional<String> origin(String scheme) {
    Plugin plugin = byScheme.get(scheme);
    return provider(scheme).map(plugin::origin);
  }

  /** Opens a store by URI with these plugins and the class path's providers. */
  public KVStore open(String uri) {
    return KVStores.open(uri, this);
  }

  /** Closes every plugin's class loader. Stores opened from them must be closed already. */
  @Override
  public void close() {
    if (this == NONE) {
      return;
    }
    synchronized (SHARED) {
      if (SHARED.containsValue(this)) {
        throw new IllegalStateException("shared plugins live as long as the JVM");
      }
    }
    plugins.forEach(Plugin::close);
  }

  @Override
  public String toString() {
    return "StorePlugins" + schemes();
  }

  static KVStoreException invalid(String message, Throwable cause) {
    return new KVStoreException(KVStoreException.Kind.INVALID_CONFIG, "tilekv", message, cause);
  }

  private static List<Path> pluginsIn(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      List<Path> out = new ArrayList<>();
      for (Path p : entries.sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(".")) {
          continue;
        }
        if (Files.isDirectory(p) || name.endsWith(".jar")) {
          out.add(p);
        } else if (name.endsWith(".zip")) {
          throw invalid("plugin directory " + dir + " holds the archive " + name
              + "; unpack it there (a plugin is a folder of jars or a single jar)", null);
        }
      }
      return out;
    } catch (IOException e) {
      throw invalid("plugin directory " + dir + " cannot be listed: " + e.getMessage(), e);
    }
  }

  private static List<Path> jarsOf(Path location) {
    if (!Files.isDirectory(location)) {
      return List.of(location);
    }
    try (Stream<Path> entries = Files.list(location)) {
      List<Path> jars = entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
      if (jars.isEmpty()) {
        throw invalid("plugin folder " + location + " holds no jar", null);
      }
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the plugin folder " + location, e);
    }
  }

  /** Scheme to origin of every provider the class path has; clashes among them are KVStores' to report. */
  private static Map<String, String> classPathSchemes(ClassLoader classPath) {
    Map<String, String> out = new HashMap<>();
    for (KVStoreProvider p : ServiceLoader.load(KVStoreProvider.class, classPath)) {
      CodeSource source = p.getClass().getProtectionDomain().getCodeSource();
      out.putIfAbsent(p.name(), p.getClass().getName() + " from "
          + (source == null ? "an unknown location" : source.getLocation()));
    }
    return out;
  }

  private static ClassLoader contextLoader() {
    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
    return tccl != null ? tccl : KVStoreProvider.class.getClassLoader();
  }
}
