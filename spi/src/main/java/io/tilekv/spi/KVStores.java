package io.tilekv.spi;

import io.tilekv.spi.plugin.StorePlugins;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@link KVStoreProvider}s with {@link ServiceLoader} and opens stores by URI or by name.
 *
 * <p>A store URI is {@code scheme:location?option=value&...}: the scheme names the provider, the
 * location (with a leading {@code //} removed) becomes the option {@value StoreConfig#LOCATION},
 * and query parameters (URL-decoded) become options. Examples: {@code memory:},
 * {@code rocksdb:/var/lib/tiles}, {@code redis://127.0.0.1:6379?timeout=2s}.
 *
 * <p>Providers are looked up with the thread context class loader unless one is given, together
 * with the providers of plugins: those passed to {@link #open(String, StorePlugins)}, or those
 * installed for the whole JVM with {@link #installPlugins(StorePlugins)} (none unless an
 * application installs some). Two providers with one name fail fast, naming both classes and the
 * jars they came from; an unknown name fails listing the providers found.
 */
public final class KVStores {
  private static final String SELF = "tilekv";
  private static final Pattern URI = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(?://)?([^?]*)(?:\\?(.*))?");
  private static volatile StorePlugins installed = StorePlugins.none();

  private KVStores() {}

  /** Opens the store a URI names, with the thread context class loader. */
  public static KVStore open(String uri) {
    return open(uri, Thread.currentThread().getContextClassLoader());
  }

  /** Opens the store a URI names, looking providers up in {@code loader} and the installed plugins. */
  public static KVStore open(String uri, ClassLoader loader) {
    return open(uri, loader, installed);
  }

  /**
   * Opens the store a URI names, looking providers up with the thread context class loader and in
   * {@code plugins} (the plugins installed for the JVM are not consulted).
   */
  public static KVStore open(String uri, StorePlugins plugins) {
    Objects.requireNonNull(plugins, "plugins is null");
    return open(uri, Thread.currentThread().getContextClassLoader(), plugins);
  }

  /**
   * Makes the providers of {@code plugins} visible to every lookup of this class in the JVM that
   * is not given plugins explicitly (the command line installs the plugins of its plugin
   * directories at start). {@link StorePlugins#none()} uninstalls.
   *
   * @return the plugins installed before
   */
  public static StorePlugins installPlugins(StorePlugins plugins) {
    Objects.requireNonNull(plugins, "plugins is null");
    synchronized (KVStores.class) {
      StorePlugins previous = installed;
      installed = plugins;
      return previous;
    }
  }

  /** The plugins installed with {@link #installPlugins(StorePlugins)}. */
  public static StorePlugins installedPlugins() {
    return installed;
  }

  private static KVStore open(String uri, ClassLoader loader, StorePlugins plugins) {
    Objects.requireNonNull(uri, "uri is null");
    Matcher m = URI.matcher(uri.trim());
    if (!m.matches()) {
      throw new KVStoreException(KVStoreException.Kind.INVALID_CONFIG, SELF,
          "not a store URI (scheme:location?option=value): '" + withoutQuery(uri) + "'; available providers: "
              + providers(loader, plugins).keySet());
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (!m.group(2).isEmpty()) {
      options.put(StoreConfig.LOCATION, decode(m.group(2)));
    }
    if (m.group(3) != null && !m.group(3).isEmpty()) {
      for (String pair : m.group(3).split("&")) {
        int eq = pair.indexOf('=');
        String k = decode(eq < 0 ? pair : pair.substring(0, eq));
        String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (options.put(k, v) != null) {
          throw new KVStoreException(KVStoreException.Kind.INVALID_CONFIG, m.group(1),
              "option '" + k + "' is given twice");
        }
      }
    }
    return open(m.group(1).toLowerCase(Locale.ROOT), options, provider(m.group(1).toLowerCase(Locale.ROOT), loader, plugins));
  }

  /** Opens a store by provider name with a configuration map. */
  public static KVStore open(String name, Map<String, String> options) {
    return open(name, options, Thread.currentThread().getContextClassLoader());
  }

  /** Opens a store by provider name with a configuration map, looking providers up in {@code loader}. */
  public static KVStore open(String name, Map<String, String> options, ClassLoader loader) {
    return open(name, options, provider(name, loader));
  }

  private static KVStore open(String name, Map<String, String> options, KVStoreProvider provider) {
    StoreConfig config = new StoreConfig(provider.name(), options, provider.secretOptions());
    validate(provider, config);
    return provider.create(config);
  }

  /** The provider called {@code name}; INVALID_CONFIG listing the available ones if there is none. */
  public static KVStoreProvider provider(String name, ClassLoader loader) {
    return provider(name, loader, installed);
  }

  private static KVStoreProvider provider(String name, ClassLoader loader, StorePlugins plugins) {
    Map<String, KVStoreProvider> all = providers(loader, plugins);
    KVStoreProvider p = all.get(name);
    if (p == null) {
      String where = plugins.directories().isEmpty()
          ? " (add the adapter's jar to the class path, or its plugin to a plugin directory)"
          : " (add the adapter's jar to the class path, or its plugin to one of the plugin directories "
              + plugins.directories() + ")";
      throw new KVStoreException(KVStoreException.Kind.INVALID_CONFIG, SELF,
          "no store provider named '" + name + "'; available providers: " + all.keySet() + where);
    }
    return p;
  }

  /**
   * Every provider visible to {@code loader} or in the installed plugins, by name, sorted.
   *
   * @throws KVStoreException INVALID_CONFIG if two providers share a name
   */
  public static Map<String, KVStoreProvider> providers(ClassLoader loader) {
    return providers(loader, installed);
  }

  private static Map<String, KVStoreProvider> providers(ClassLoader loader, StorePlugins plugins) {
    Map<String, KVStoreProvider> byName = classPathProviders(loader);
    for (String scheme : plugins.schemes().keySet()) {
      KVStoreProvider previous = byName.putIfAbsent(scheme, plugins.provider(scheme).orElseThrow());
      if (previous != null) {
        throw new KVStoreException(KVStoreException.Kind.INVALID_CONFIG, SELF, "store scheme '" + scheme
            + "' is provided both by the plugin " + plugins.origin(scheme).orElseThrow() + " and by "
            + origin(previous) + "; remove one of them");
      }
    }
    return byName;
  }

  private static Map<String, KVStoreProvider> classPathProviders(ClassLoader loader) {
    Map<String, KVStoreProvider> byName = new TreeMap<>();
    Map<String, List<String>> clashes = new HashMap<>();
    for (KVStoreProvider p : ServiceLoader.load(KVStoreProvider.class, loader)) {
      KVStoreProvider previous = byName.putIfAbsent(p.name(), p);
      if (previous != null && previous.getClass() != p.getClass()) {
        clashes.computeIfAbsent(p.name(), n -> new java.util.ArrayList<>(List.of(origin(previous))))
            .add(origin(p));
      }
    }
    if (!clashes.isEmpty()) {
      throw new KVStoreException(KVStoreException.Kind.INVALID_CONFIG, SELF,
          "more than one store provider per name; remove one of each: " + new TreeMap<>(clashes));
    }
    return byName;
  }

  private static void validate(KVStoreProvider provider, StoreConfig config) {
    for (String required : provider.requiredOptions()) {
      config.require(required);
    }
    Set<String> known = new TreeSet<>(provider.requiredOptions());
    known.addAll(provider.optionalOptions());
    for (String option : config.options().keySet()) {
      if (!known.contains(option)) {
        throw config.invalid("unknown option '" + option + "'; known options: " + known);
      }
    }
  }

  private static String origin(KVStoreProvider p) {
    CodeSource source = p.getClass().getProtectionDomain().getCodeSource();
    return p.getClass().getName() + " from " + (source == null ? "an unknown location" : source.getLocation());
  }

  /** The query may hold secrets, and no provider is known yet to say which, so none is shown. */
  private static String withoutQuery(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q) + "?...";
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
