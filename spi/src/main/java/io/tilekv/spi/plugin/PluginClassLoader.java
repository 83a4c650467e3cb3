package io.tilekv.spi.plugin;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The class loader of one plugin, as Trino's {@code PluginClassLoader}: the SPI packages
 * ({@code io.tilekv.spi} and below) come only from the SPI's own loader, so a provider in the plugin
 * implements the very {@code KVStoreProvider} the application holds; the JDK's packages come from
 * the platform loader; everything else comes from the plugin's jars first. The application class
 * path (TileKV's own modules, Flink, Jackson, another adapter's client) is never visible.
 */
final class PluginClassLoader extends URLClassLoader {
  static final String SPI_PACKAGE = "io.tilekv.spi.";
  private static final String SPI_RESOURCES = SPI_PACKAGE.replace('.', '/');
  /** JDK packages stay parent-first: a plugin's copy of, say, javax.xml.* would clash with the JDK's. */
  private static final Set<String> JDK_PACKAGES = ModuleLayer.boot().modules().stream()
      .flatMap(m -> m.getPackages().stream()).collect(Collectors.toUnmodifiableSet());

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader spiLoader;
  private final String plugin;

  PluginClassLoader(String plugin, URL[] jars, ClassLoader spiLoader) {
    super("tilekv-plugin-" + plugin, jars, ClassLoader.getPlatformClassLoader());
    this.plugin = requireNonNull(plugin, "plugin is null");
    this.spiLoader = requireNonNull(spiLoader, "spiLoader is null");
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        if (isSpi(name)) {
          c = spiLoader.loadClass(name);
        } else if (isJdk(name)) {
          c = getParent().loadClass(name);
        } else {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException notInPlugin) {
            c = getParent().loadClass(name);
          }
        }
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  public URL getResource(String name) {
    if (name.startsWith(SPI_RESOURCES)) {
      return spiLoader.getResource(name);
    }
    URL own = findResource(name);
    return own != null ? own : getParent().getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    if (name.startsWith(SPI_RESOURCES)) {
      return spiLoader.getResources(name);
    }
    List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
    all.addAll(Collections.list(getParent().getResources(name)));
    return Collections.enumeration(all);
  }

  static boolean isSpi(String className) {
    return className.startsWith(SPI_PACKAGE);
  }

  private static boolean isJdk(String className) {
    int dot = className.lastIndexOf('.');
    return className.startsWith("java.") || (dot > 0 && JDK_PACKAGES.contains(className.substring(0, dot)));
  }

  @Override
  public String toString() {
    return "PluginClassLoader[" + plugin + "]";
  }
}
