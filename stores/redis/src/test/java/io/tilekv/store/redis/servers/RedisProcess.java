package io.tilekv.store.redis.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One {@code redis-server} child process on 127.0.0.1 with its own data directory. Stopped by
 * {@link #close()} and, should the JVM exit first, by a shutdown hook.
 */
public final class RedisProcess implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final int port;
  private final Thread hook;

  private RedisProcess(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.hook = new Thread(this::stop, "redis-server-" + port + "-stopper");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts a server on a free port with {@code extraConfig} (redis.conf lines) and waits until it
   * accepts connections. With {@code tls}, the free port is the TLS port and plain TCP is off.
   */
  public static RedisProcess start(String name, List<String> extraConfig, boolean tls) {
    try {
      return start(name, extraConfig, tls, freePort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** As {@link #start(String, List, boolean)}, on {@code port} (to restart a server where it was). */
  public static RedisProcess start(String name, List<String> extraConfig, boolean tls, int port) {
    try {
      Path dir = Files.createTempDirectory("tilekv-" + name + "-");
      List<String> conf = new ArrayList<>(List.of(
          (tls ? "port 0" : "port " + port), "bind 127.0.0.1", "dir " + dir, "save \"\"", "appendonly no",
          "daemonize no", "logfile " + dir.resolve("redis.log"), "loglevel notice"));
      if (tls) {
        conf.add("tls-port " + port);
      }
      conf.addAll(extraConfig);
      Files.write(dir.resolve("redis.conf"), conf);
      Process p = new ProcessBuilder(RedisBinary.locate().toString(), dir.resolve("redis.conf").toString())
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("stdout.log").toFile())
          .start();
      RedisProcess server = new RedisProcess(p, dir, port);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + 15_000_000_000L;
    Path log = dir.resolve("redis.log");
    while (System.nanoTime() < deadline) {
      try {
        if (!process.isAlive()) {
          throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": " + logs());
        }
        if (Files.exists(log) && Files.readString(log).contains("Ready to accept connections")) {
          return;
        }
        Thread.sleep(20);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
    throw new IllegalStateException("redis-server did not become ready: " + logs());
  }

  private String logs() {
    StringBuilder sb = new StringBuilder();
    for (String f : List.of("stdout.log", "redis.log")) {
      try {
        sb.append(Files.readString(dir.resolve(f)));
      } catch (IOException ignored) {
        // the file may not exist yet
      }
    }
    return sb.toString();
  }

  /** A port that is free on 127.0.0.1, as is port + 10000 (the cluster bus port). */
  static int freePort() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket s = new ServerSocket(0, 1, lo)) {
        int p = s.getLocalPort();
        if (p > 55_000) {
          continue;
        }
        try (ServerSocket bus = new ServerSocket(p + 10_000, 1, lo)) {
          return p;
        } catch (IOException busy) {
          // try another
        }
      }
    }
    throw new IOException("no free port pair on 127.0.0.1");
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // best effort: the directory is under the temp dir
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }
}
