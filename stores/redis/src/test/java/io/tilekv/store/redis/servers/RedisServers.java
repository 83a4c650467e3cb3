package io.tilekv.store.redis.servers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Redis servers of one test run, started on first use and stopped when the run ends (JUnit's
 * root store closes them, failed tests or not; each process also has a shutdown hook).
 *
 * <p>Where the servers come from, in order:
 * <ol>
 *   <li>a server the user gives: system property {@code tilekv.redis.uri} (env
 *       {@code TILEKV_REDIS_URI}), and for the cluster tests {@code tilekv.redis.cluster.uri}
 *       (env {@code TILEKV_REDIS_CLUSTER_URI}); store URIs, options (password...) included;</li>
 *   <li>with a Docker engine, a {@code redis:7.0.15} container via Testcontainers (standalone only;
 *       a cluster in containers would announce container addresses);</li>
 *   <li>redis-server child processes on free 127.0.0.1 ports ({@link RedisBinary}).</li>
 * </ol>
 * Local servers require {@link #PASSWORD} and know the ACL user {@link #ACL_USER}.
 */
public final class RedisServers implements BeforeAllCallback {
  public static final String PASSWORD = "tilekv-test-pw";
  public static final String ACL_USER = "tiler";
  public static final String ACL_PASSWORD = "tiler-pw";
  private static final String IMAGE = "redis:7.0.15";

  private static volatile Servers servers;

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(Namespace.GLOBAL)
        .getOrComputeIfAbsent(Servers.class, k -> servers = new Servers(), Servers.class);
  }

  /** One standalone server for the whole run. */
  public static RedisTarget standalone() {
    return current().standalone();
  }

  /** One three-master cluster for the whole run. */
  public static RedisTarget cluster() {
    return current().cluster();
  }

  /** A local TLS server ({@code rediss}) and its certificate; empty when servers are external. */
  public static Optional<TlsServer> tls() {
    return current().tls();
  }

  /** A TLS server and the PEM certificate that signs its own certificate. */
  public record TlsServer(RedisTarget target, Path caFile) {}

  private static Servers current() {
    Servers s = servers;
    if (s == null) {
      throw new IllegalStateException("annotate the test class with @ExtendWith(RedisServers.class)");
    }
    return s;
  }

  /** The run's servers; also usable without JUnit (the benchmark). */
  public static final class Servers implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final List<AutoCloseable> started = new ArrayList<>();
    private RedisTarget standalone;
    private RedisTarget cluster;
    private Optional<TlsServer> tls;

    public synchronized RedisTarget standalone() {
      if (standalone == null) {
        Optional<String> given = setting("tilekv.redis.uri", "TILEKV_REDIS_URI");
        if (given.isPresent()) {
          standalone = RedisTarget.external(given.get());
        } else if (dockerAvailable()) {
          standalone = container();
        } else {
          RedisProcess p = track(RedisProcess.start("redis", serverConfig(), false));
          standalone = new RedisTarget("redis", "127.0.0.1:" + p.port(), Map.of("password", PASSWORD), true);
        }
      }
      return standalone;
    }

    public synchronized RedisTarget cluster() {
      if (cluster == null) {
        Optional<String> given = setting("tilekv.redis.cluster.uri", "TILEKV_REDIS_CLUSTER_URI");
        if (given.isPresent()) {
          cluster = RedisTarget.external(given.get());
        } else {
          RedisClusterProcesses c = track(RedisClusterProcesses.start(3, PASSWORD));
          cluster = new RedisTarget("redis-cluster", c.location(), Map.of("password", PASSWORD), true);
        }
      }
      return cluster;
    }

    public synchronized Optional<TlsServer> tls() {
      if (tls == null) {
        if (setting("tilekv.redis.uri", "TILEKV_REDIS_URI").isPresent()) {
          tls = Optional.empty();
        } else {
          try {
            Path dir = Files.createTempDirectory("tilekv-redis-tls-");
            TlsFiles files = TlsFiles.create(dir);
            List<String> conf = new ArrayList<>(serverConfig());
            conf.addAll(List.of("tls-cert-file " + files.cert(), "tls-key-file " + files.key(),
                "tls-ca-cert-file " + files.cert(), "tls-auth-clients no"));
            RedisProcess p = track(RedisProcess.start("redis-tls", conf, true));
            tls = Optional.of(new TlsServer(new RedisTarget("rediss", "127.0.0.1:" + p.port(),
                Map.of("password", PASSWORD), true), files.cert()));
          } catch (Exception e) {
            throw new IllegalStateException("cannot start a TLS redis-server", e);
          }
        }
      }
      return tls;
    }

    private static List<String> serverConfig() {
      return List.of("requirepass " + PASSWORD,
          "user " + ACL_USER + " on >" + ACL_PASSWORD + " ~* &* +@all",
          "maxmemory-policy noeviction");
    }

    private RedisTarget container() {
      GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(IMAGE))
          .withExposedPorts(6379)
          .withCommand("redis-server", "--requirepass", PASSWORD,
              "--user", ACL_USER, "on", ">" + ACL_PASSWORD, "~*", "&*", "+@all");
      c.start();
      track(c::stop);
      return new RedisTarget("redis", c.getHost() + ":" + c.getMappedPort(6379), Map.of("password", PASSWORD), true);
    }

    private static boolean dockerAvailable() {
      boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
      return hint && !"false".equals(System.getProperty("tilekv.redis.docker"))
          && DockerClientFactory.instance().isDockerAvailable();
    }

    private <T extends AutoCloseable> T track(T resource) {
      started.add(resource);
      return resource;
    }

    private static Optional<String> setting(String property, String env) {
      String v = System.getProperty(property, System.getenv(env));
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    @Override
    public synchronized void close() {
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception e) {
          System.err.println("could not stop a redis server: " + e);
        }
      }
      started.clear();
    }
  }
}
