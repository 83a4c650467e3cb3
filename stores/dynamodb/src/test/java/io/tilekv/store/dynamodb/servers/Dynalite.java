package io.tilekv.store.dynamodb.servers;

import io.tilekv.conformance.StoreFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The DynamoDB-compatible server of the tests: dynalite (Apache-2.0, npm) on a free 127.0.0.1 port,
 * in memory, started once per test run and always stopped. As a JUnit 5 extension
 * ({@code @ExtendWith(Dynalite.class)}) it keeps the server in the root context store, which closes
 * it after the last test; a JVM shutdown hook stops it too. {@link #uri()} is the store URI.
 *
 * <p>dynalite is installed with {@code npm install dynalite@4.0.0} into
 * {@code ~/.cache/tilekv/dynalite} (system property {@code tilekv.dynalite.dir} to change) the
 * first time. Amazon's DynamoDB Local is deliberately not used: its licence is not open source.
 *
 * <p>To run the same tests against another endpoint (real AWS, a running emulator) set the system
 * property {@value #URI_PROPERTY} or the environment variable {@value #URI_ENV} to its store URI,
 * e.g. {@code dynamodb:?region=eu-west-1} or {@code dynamodb://127.0.0.1:8000?region=us-east-1};
 * then nothing is started.
 */
public final class Dynalite implements BeforeAllCallback {
  public static final String URI_PROPERTY = "tilekv.dynamodb.uri";
  public static final String URI_ENV = "TILEKV_DYNAMODB_URI";
  public static final String VERSION = "4.0.0";
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Dynalite.class);

  private static Server running;

  @Override
  public void beforeAll(ExtensionContext context) {
    if (given() == null) {
      context.getRoot().getStore(NS).getOrComputeIfAbsent(Server.class, k -> start(), Server.class);
    }
  }

  /** The store URI of the server under test: the user's, or the started dynalite's. */
  public static synchronized String uri() {
    String given = given();
    if (given != null) {
      return given;
    }
    if (running == null) {
      throw new IllegalStateException("dynalite is not started: use @ExtendWith(Dynalite.class) or Dynalite.start()");
    }
    return running.uri();
  }

  /** {@code uri} with more query options, e.g. {@code timeout=5s}. */
  public static String withOptions(String uri, String... options) {
    StringBuilder sb = new StringBuilder(uri);
    for (String o : options) {
      sb.append(sb.indexOf("?") < 0 ? '?' : '&').append(o);
    }
    return sb.toString();
  }

  /**
   * The options a store URI stands for, as {@link io.tilekv.spi.KVStores#open(String)} reads them
   * (the location under {@code location}); for tests that build settings themselves.
   */
  public static java.util.Map<String, String> options(String uri) {
    java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
    int q = uri.indexOf('?');
    String location = uri.substring(uri.indexOf(':') + 1, q < 0 ? uri.length() : q).replaceFirst("^//", "");
    if (!location.isEmpty()) {
      options.put("location", location);
    }
    if (q >= 0) {
      for (String kv : uri.substring(q + 1).split("&")) {
        int eq = kv.indexOf('=');
        if (!kv.isEmpty()) {
          options.put(decode(eq < 0 ? kv : kv.substring(0, eq)), eq < 0 ? "" : decode(kv.substring(eq + 1)));
        }
      }
    }
    return options;
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** True when the tests run against a server the user gave rather than a local dynalite. */
  public static boolean external() {
    return given() != null;
  }

  private static String given() {
    String p = System.getProperty(URI_PROPERTY);
    if (p != null && !p.isBlank()) {
      return p.trim();
    }
    String e = System.getenv(URI_ENV);
    return e != null && !e.isBlank() ? e.trim() : null;
  }

  /**
   * Starts dynalite (installing it first if need be), or returns the one already running: from npm
   * when node and npm are here, else in a container when a Docker engine answers (or always with
   * {@code -Dtilekv.dynalite.docker=true}).
   */
  public static synchronized Server start() {
    if (running != null && running.alive()) {
      return running;
    }
    if (Boolean.getBoolean("tilekv.dynalite.docker") || (!npmAvailable() && DynaliteContainer.dockerAvailable())) {
      running = DynaliteContainer.start();
      return running;
    }
    Path home = install();
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        running = launch(home, StoreFixture.freePort());
        return running;
      } catch (IOException e) {
        last = e; // most likely the port was taken between choosing and binding it
      }
    }
    throw new UncheckedIOException("dynalite did not start", last);
  }

  private static Path install() {
    Path home = Path.of(System.getProperty("tilekv.dynalite.dir",
        System.getProperty("user.home") + "/.cache/tilekv/dynalite"));
    try {
      Files.createDirectories(home);
      try (FileChannel ch = FileChannel.open(home.resolve(".install.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
        Path pkg = home.resolve("node_modules/dynalite/package.json");
        if (Files.isExecutable(home.resolve("node_modules/.bin/dynalite")) && Files.exists(pkg)
            && Files.readString(pkg).contains("\"version\": \"" + VERSION + "\"")) {
          return home;
        }
        if (!Files.exists(home.resolve("package.json"))) {
          Files.writeString(home.resolve("package.json"), "{\"name\":\"tilekv-dynalite\",\"private\":true}\n");
        }
        Path log = home.resolve("npm-install.log");
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
            "dynalite@" + VERSION).directory(home.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        if (!npm.waitFor(5, TimeUnit.MINUTES)) {
          npm.destroyForcibly();
          throw new IllegalStateException("npm install dynalite@" + VERSION + " took over 5 minutes; see " + log);
        }
        if (npm.exitValue() != 0) {
          throw new IllegalStateException("npm install dynalite@" + VERSION + " failed (exit " + npm.exitValue()
              + "): " + Files.readString(log));
        }
        return home;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install dynalite into " + home + " (are node and npm installed? Without them a Docker engine runs it in a container)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing dynalite", e);
    }
  }

  private static Server launch(Path home, int port) throws IOException {
    Path log = Files.createTempFile("dynalite-" + port + "-", ".log");
    long start = System.nanoTime();
    Process p = new ProcessBuilder(List.of(home.resolve("node_modules/.bin/dynalite").toString(),
        "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"))
        .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Server server = new Server("127.0.0.1", port, 0, () -> stop(p, log));
    server.process = p;
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dynalite-stop-" + port));
    long deadline = start + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("dynalite exited with " + p.exitValue() + ": " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        server.startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return server;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    server.close();
    throw new IOException("dynalite did not listen on port " + port + " within 30s: " + Files.readString(log));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean npmAvailable() {
    try {
      Process p = new ProcessBuilder("npm", "--version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void stop(Process process, Path log) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a leftover log in the temp directory is harmless
    }
  }

  /** A running dynalite (a local process or a container); {@link #close()} stops it (idempotent). */
  public static final class Server implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final String host;
    private final int port;
    private final Runnable stop;
    private volatile Process process; // null for a container
    private volatile long startMillis;
    private volatile boolean closed;

    Server(String host, int port, long startMillis, Runnable stop) {
      this.host = host;
      this.port = port;
      this.startMillis = startMillis;
      this.stop = stop;
    }

    boolean alive() {
      return !closed && (process == null || process.isAlive());
    }

    public int port() {
      return port;
    }

    /** Milliseconds from launch until the port accepted connections. */
    public long startMillis() {
      return startMillis;
    }

    /** Region and credentials are placeholders: dynalite accepts any signed request. */
    public String uri() {
      return "dynamodb://" + host + ":" + port + "?region=us-east-1&access-key-id=local&secret-access-key=local";
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      stop.run();
      synchronized (Dynalite.class) {
        if (running == this) {
          running = null;
        }
      }
    }
  }
}
