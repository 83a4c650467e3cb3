package io.tilekv.store.redis.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds a {@code redis-server} executable for the tests: the path in system property
 * {@code tilekv.redis.server} (env {@code TILEKV_REDIS_SERVER}), else the binary that the
 * {@code org.signal:embedded-redis} test dependency bundles for this OS and CPU (extracted once per
 * JVM), else {@code redis-server} on the PATH.
 */
public final class RedisBinary {
  private static final String BUNDLED_VERSION = "7.0.15";
  private static Path located;

  private RedisBinary() {}

  public static synchronized Path locate() {
    if (located == null) {
      located = find();
    }
    return located;
  }

  private static Path find() {
    String given = System.getProperty("tilekv.redis.server", System.getenv("TILEKV_REDIS_SERVER"));
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    String resource = "/redis-server-" + BUNDLED_VERSION + "-" + os() + "-" + arch();
    try (InputStream in = RedisBinary.class.getResourceAsStream(resource)) {
      if (in != null) {
        Path file = Files.createTempFile("tilekv-redis-server-", "");
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        file.toFile().setExecutable(true);
        file.toFile().deleteOnExit();
        return file;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + resource, e);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no redis-server: set -Dtilekv.redis.server=/path/to/redis-server, "
        + "install Debian's redis-server, or give an existing server with -Dtilekv.redis.uri=redis://host:port");
  }

  private static String os() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    return os.contains("mac") ? "darwin" : "linux";
  }

  private static String arch() {
    return switch (System.getProperty("os.arch")) {
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386" -> "386";
      default -> "amd64";
    };
  }
}
