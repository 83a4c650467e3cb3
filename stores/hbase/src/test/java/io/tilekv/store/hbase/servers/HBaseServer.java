package io.tilekv.store.hbase.servers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.testcontainers.DockerClientFactory;

/**
 * The HBase cluster of one test run, started on first use and stopped when the run ends (JUnit's
 * root store closes it, failed tests or not; the child JVM also has a shutdown hook). Register with
 * {@code @ExtendWith(HBaseServer.class)} and read {@link #location()}.
 *
 * <p>Where the cluster comes from, in order:
 * <ol>
 *   <li>a cluster the user gives: system property {@code tilekv.hbase.uri} or environment variable
 *       {@code TILEKV_HBASE_URI}, an {@code hbase://} store URI (options such as {@code znode}
 *       included);</li>
 *   <li>with a Docker engine and system property {@code tilekv.hbase.image} naming a standalone
 *       HBase 2.6 image, a container on the host network ({@link HBaseContainer});</li>
 *   <li>a standalone HBase 2.6 (HMaster with its embedded ZooKeeper and region server) as a child
 *       JVM on free 127.0.0.1 ports, from the classpath module {@code servers/hbase}
 *       ({@link HBaseProcess}).</li>
 * </ol>
 */
public final class HBaseServer implements BeforeAllCallback {
  private static volatile Cluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(Namespace.GLOBAL).getOrComputeIfAbsent(Cluster.class, k -> start(), Cluster.class);
  }

  /** The run's cluster, started if need be (for use outside JUnit, e.g. a benchmark: close it). */
  public static synchronized Cluster start() {
    if (cluster == null) {
      cluster = new Cluster();
    }
    return cluster;
  }

  /** The cluster as a store URI without options beyond the user's: {@code hbase://127.0.0.1:PORT}. */
  public static String uri() {
    Cluster c = cluster;
    if (c == null) {
      throw new IllegalStateException("annotate the test class with @ExtendWith(HBaseServer.class)");
    }
    return c.uri();
  }

  /** One running cluster: given, in a container, or a child JVM. */
  public static final class Cluster implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final String uri;
    private final boolean local;
    private final Duration startTime;
    private AutoCloseable running;

    Cluster() {
      Optional<String> given = setting("tilekv.hbase.uri", "TILEKV_HBASE_URI");
      long t0 = System.nanoTime();
      if (given.isPresent()) {
        uri = given.get();
        local = false;
      } else if (System.getProperty("tilekv.hbase.image") != null && dockerAvailable()) {
        HBaseContainer c = HBaseContainer.start(System.getProperty("tilekv.hbase.image"));
        running = c;
        uri = "hbase://" + c.zookeeper();
        local = true;
      } else {
        HBaseProcess p = HBaseProcess.start();
        running = p;
        uri = "hbase://127.0.0.1:" + p.zookeeperPort();
        local = true;
      }
      startTime = Duration.ofNanos(System.nanoTime() - t0);
      if (local) {
        System.out.printf("HBase started for the tests in %.1f s at %s%n", startTime.toMillis() / 1000.0, uri);
      }
    }

    /** The store URI, as given by the user or {@code hbase://127.0.0.1:ZKPORT}. */
    public String uri() {
      return uri;
    }

    /** True when the tests started this cluster (and may, say, stop it). */
    public boolean local() {
      return local;
    }

    /** How long starting took (zero for a given cluster, apart from parsing). */
    public Duration startTime() {
      return startTime;
    }

    @Override
    public synchronized void close() {
      if (running != null) {
        try {
          running.close();
        } catch (Exception e) {
          System.err.println("could not stop HBase: " + e);
        }
        running = null;
      }
      synchronized (HBaseServer.class) {
        if (cluster == this) {
          cluster = null;
        }
      }
    }
  }

  private static boolean dockerAvailable() {
    boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    return hint && DockerClientFactory.instance().isDockerAvailable();
  }

  private static Optional<String> setting(String property, String env) {
    String v = System.getProperty(property, System.getenv(env));
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }
}
