package io.tilekv.spi.plugin;

import io.tilekv.spi.KVStoreProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars at test time: writes Java sources, compiles them with the JDK's compiler
 * against the SPI (and whatever else is asked for) and packs the classes, with an optional
 * provider registration, into a jar. Shared with other modules through the spi test-jar.
 */
public final class TestPlugins {
  private TestPlugins() {}

  /**
   * A jar holding the compiled {@code sources} (class name to source text); {@code provider}, if
   * not null, is registered in {@code META-INF/services}.
   */
  public static Path jar(Path jar, Map<String, String> sources, String provider, List<Path> classPath) {
    try {
      Files.createDirectories(jar.toAbsolutePath().getParent());
      Path work = Files.createTempDirectory("tilekv-test-plugin");
      Path src = work.resolve("src");
      Path classes = work.resolve("classes");
      List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString(),
          "-cp", String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList())));
      for (Map.Entry<String, String> e : sources.entrySet()) {
        Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue());
        args.add(file.toString());
      }
      Files.createDirectories(classes);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      StringWriter errors = new StringWriter();
      int rc = javac.run(null, null, new java.io.PrintStream(OutputStream.nullOutputStream()) {
        @Override
        public void write(byte[] b, int off, int len) {
          errors.write(new String(b, off, len, StandardCharsets.UTF_8));
        }
      }, args.toArray(String[]::new));
      if (rc != 0) {
        throw new IllegalStateException("test plugin sources do not compile:\n" + errors);
      }
      if (provider != null) {
        Path services = classes.resolve(Plugin.SERVICE_FILE);
        Files.createDirectories(services.getParent());
        Files.writeString(services, provider + "\n");
      }
      pack(classes, jar);
      deleteRecursively(work);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A plugin folder {@code <dir>/<scheme>/} with two jars: {@code lib-<version>.jar} holding
   * {@code com.example.shared.Lib} whose {@code version()} returns {@code version}, and the adapter
   * jar with a provider of {@code scheme} whose stores are named {@code <scheme>:<Lib.version()>}.
   */
  public static Path versionPlugin(Path dir, String scheme, String version) {
    Path folder = mkdirs(dir.resolve(scheme));
    Path lib = jar(folder.resolve("lib-" + version + ".jar"), Map.of("com.example.shared.Lib",
        "package com.example.shared; public final class Lib { public static String version() { return \"" + version + "\"; } }"),
        null, List.of());
    String pkg = "com.example." + scheme;
    jar(folder.resolve(scheme + "-adapter.jar"), Map.of(pkg + ".Provider", """
        package %1$s;
        import io.tilekv.spi.*;
        import java.util.*;
        import java.util.concurrent.CompletableFuture;
        public final class Provider implements KVStoreProvider {
          public String name() { return "%2$s"; }
          public KVStore create(StoreConfig config) { return new Store("%2$s:" + com.example.shared.Lib.version()); }
          /** Also reports what the thread context class loader was while creating. */
          public static final class Store implements KVStore {
            private final String name;
            public final ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
            Store(String name) { this.name = name; }
            public String name() { return name; }
            public StoreCapabilities capabilities() { return StoreCapabilities.builder().build(); }
            public CompletableFuture<Void> createDataset(String d) { return no(); }
            public CompletableFuture<List<Optional<byte[]>>> multiGet(String d, List<Key> k) { return no(); }
            public CompletableFuture<Void> multiPut(String d, List<Entry> e) { return no(); }
            public void close() {}
            private <T> CompletableFuture<T> no() {
              return CompletableFuture.failedFuture(new KVStoreException(KVStoreException.Kind.UNSUPPORTED, name, "test plugin"));
            }
          }
        }
        """.formatted(pkg, scheme)), pkg + ".Provider", List.of(spiLocation(), lib));
    return folder;
  }

  /**
   * A plugin folder {@code <dir>/echo/} whose provider of {@code echo} is backed by the memory store
   * (class {@code io.tilekv.store.memory.MemoryStoreProvider}, which must be on the test class
   * path; its jar is copied into the folder without its provider registration). Stores opened with
   * one location share one memory store in the plugin, and closing a client leaves the data, so a
   * test can read back what a job wrote.
   */
  public static Path echoPlugin(Path dir) {
    Path folder = mkdirs(dir.resolve("echo"));
    Path memory;
    try {
      memory = location(Class.forName("io.tilekv.store.memory.MemoryStoreProvider"));
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the echo plugin needs tilekv-store-memory on the test class path", e);
    }
    Path memoryJar = folder.resolve("memory-store.jar");
    if (Files.isDirectory(memory)) {
      pack(memory, memoryJar);
    } else {
      copy(memory, memoryJar);
    }
    stripServices(memoryJar);
    jar(folder.resolve("echo-adapter.jar"), Map.of("com.example.echo.EchoProvider", """
        package com.example.echo;
        import io.tilekv.spi.*;
        import java.util.*;
        import java.util.concurrent.*;
        public final class EchoProvider implements KVStoreProvider {
          private static final Map<String, KVStore> STORES = new ConcurrentHashMap<>();
          private final KVStoreProvider memory = new io.tilekv.store.memory.MemoryStoreProvider();
          public String name() { return "echo"; }
          public Set<String> optionalOptions() { return Set.of(StoreConfig.LOCATION); }
          public KVStore create(StoreConfig config) {
            KVStore shared = STORES.computeIfAbsent(config.options().getOrDefault(StoreConfig.LOCATION, ""),
                l -> memory.create(new StoreConfig("memory", Map.of(), Set.of())));
            return new Client(shared);
          }
          /** Closing a client leaves the shared store open. */
          static final class Client implements KVStore {
            private final KVStore s;
            private volatile boolean closed;
            Client(KVStore s) { this.s = s; }
            public String name() { return s.name(); }
            public StoreCapabilities capabilities() { return s.capabilities(); }
            public CompletableFuture<Void> createDataset(String d) { return closed ? gone() : s.createDataset(d); }
            public CompletableFuture<List<Optional<byte[]>>> multiGet(String d, List<Key> k) { return closed ? gone() : s.multiGet(d, k); }
            public CompletableFuture<Void> multiPut(String d, List<Entry> e) { return closed ? gone() : s.multiPut(d, e); }
            public CompletableFuture<List<Entry>> scan(String d, byte[] p, long f, long t) { return closed ? gone() : s.scan(d, p, f, t); }
            public void close() { closed = true; }
            private <T> CompletableFuture<T> gone() {
              return CompletableFuture.failedFuture(new KVStoreException(KVStoreException.Kind.CLOSED, name(), "closed"));
            }
          }
        }
        """), "com.example.echo.EchoProvider", List.of(spiLocation(), memoryJar));
    return folder;
  }

  /** Where the SPI's classes are (a jar or a classes directory). */
  public static Path spiLocation() {
    return location(KVStoreProvider.class);
  }

  static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path mkdirs(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void pack(Path classes, Path jar) {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites the jar without META-INF/services, so the plugin does not also register that provider. */
  private static void stripServices(Path jar) {
    Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
    try (JarFile in = new JarFile(jar.toFile()); JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp))) {
      Enumeration<JarEntry> entries = in.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        String name = e.getName();
        if (name.startsWith("META-INF/services/") || name.toUpperCase(Locale.ROOT).equals("META-INF/MANIFEST.MF")) {
          continue;
        }
        out.putNextEntry(new JarEntry(name));
        try (InputStream data = in.getInputStream(e)) {
          data.transferTo(out);
        }
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
