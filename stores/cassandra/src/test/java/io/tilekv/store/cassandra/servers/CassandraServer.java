package io.tilekv.store.cassandra.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Cassandra 5 node for tests, once per test run: {@code @ExtendWith(CassandraServer.class)} on a
 * test class, then {@link #uri()} (or {@link #uri(String)}) in the test.
 *
 * <p>Where the node comes from, in this order:
 * <ol>
 *   <li>a cluster the user gives with the system property {@value #URI_PROPERTY} or the
 *       environment variable {@value #URI_ENV} (a {@code cassandra://} URI; nothing is started);
 *   <li>a child JVM running {@code CassandraDaemon} from the classpath that the
 *       {@code tilekv-server-cassandra} module materializes ({@link CassandraProcess}), when a JDK 17
 *       is found (Cassandra 5.0 runs on 11 and 17 only);
 *   <li>a Testcontainers {@code cassandra:5.0} container, when a Docker engine answers.
 * </ol>
 * The node lives in the root extension context's store, so every class of the run shares it, and
 * is stopped when the run ends (or by a JVM shutdown hook if the run is killed).
 */
public final class CassandraServer implements BeforeAllCallback {
  /** A {@code cassandra://} URI of an existing cluster to test against instead of starting a node. */
  public static final String URI_PROPERTY = "tilekv.cassandra.uri";
  /** The environment variable equivalent of {@link #URI_PROPERTY}. */
  public static final String URI_ENV = "TILEKV_CASSANDRA_URI";
  /** The keyspace tests use unless the user's URI names one. */
  public static final String TEST_KEYSPACE = "tilekv_test";

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CassandraServer.class);
  private static volatile Node node;

  /** A running node: its URI (without keyspace) and how to stop it. */
  interface Node extends AutoCloseable {
    String baseUri();

    /** True when the node refuses wrong credentials (the local node; not a user's or a container). */
    default boolean checksPasswords() {
      return false;
    }

    @Override
    void close();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Node.class, k -> new Resource(start()), Resource.class);
  }

  /** The URI of the test node with the test keyspace (created if absent) unless the user's URI names one. */
  public static String uri() {
    return uri(TEST_KEYSPACE);
  }

  /** Same as {@link #uri()} with {@code keyspace}, unless the user's URI names one. */
  public static String uri(String keyspace) {
    String base = running().baseUri();
    if (base.contains("keyspace=")) {
      return base;
    }
    return base + (base.contains("?") ? "&" : "?") + "keyspace=" + keyspace + "&createKeyspace=true";
  }

  /** Starts the node if this JVM has none yet, outside JUnit (the benchmark). Stopped at JVM exit. */
  public static synchronized String startForMain() {
    if (node == null) {
      node = start();
    }
    return uri();
  }

  /** True when the node under test refuses wrong credentials, so AUTHENTICATION can be checked. */
  public static boolean checksPasswords() {
    return running().checksPasswords();
  }

  /** Seconds the last start of a node in this JVM took; empty for a user's cluster. */
  public static Optional<Double> startSeconds() {
    return Optional.ofNullable(CassandraProcess.lastStartSeconds);
  }

  private static Node running() {
    Node n = node;
    if (n == null) {
      throw new IllegalStateException("no Cassandra node: annotate the test class with @ExtendWith(CassandraServer.class)");
    }
    return n;
  }

  private static synchronized Node start() {
    if (node != null) {
      return node;
    }
    String given = Optional.ofNullable(System.getProperty(URI_PROPERTY)).filter(s -> !s.isBlank())
        .orElse(System.getenv(URI_ENV));
    Node started;
    if (given != null && !given.isBlank()) {
      String uri = given.trim();
      started = new Node() {
        @Override
        public String baseUri() {
          return uri;
        }

        @Override
        public void close() {}
      };
    } else {
      Optional<Path> java = CassandraProcess.findJava17();
      if (java.isPresent()) {
        started = CassandraProcess.start(java.get());
      } else if (CassandraContainer.dockerAvailable()) {
        started = CassandraContainer.start();
      } else {
        throw new IllegalStateException("Cassandra 5 needs a JDK 17 (set TILEKV_CASSANDRA_JAVA to its java, or"
            + " install one under /usr/lib/jvm) or a Docker engine; or give a cluster with -D" + URI_PROPERTY);
      }
    }
    node = started;
    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "cassandra-node-stop"));
    return started;
  }

  /** Closes the node when the root context closes, that is when the test run ends. */
  @SuppressWarnings("deprecation")
  private static final class Resource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final Node n;

    Resource(Node n) {
      this.n = Objects.requireNonNull(n, "n is null");
    }

    @Override
    public void close() {
      n.close();
    }
  }

  static List<String> resourceLines(String name) {
    try (InputStream in = CassandraServer.class.getResourceAsStream("/io/tilekv/servers/cassandra/" + name)) {
      if (in == null) {
        throw new IllegalStateException("resource io/tilekv/servers/cassandra/" + name + " is missing: add test"
            + " dependency io.tilekv:tilekv-server-cassandra (and build servers/cassandra)");
      }
      List<String> lines = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          lines.add(line.trim());
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String loopback() {
    return InetAddress.getLoopbackAddress().getHostAddress();
  }

}
