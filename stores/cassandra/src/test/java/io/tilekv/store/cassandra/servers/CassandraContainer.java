package io.tilekv.store.cassandra.servers;

import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** The official {@code cassandra} image through Testcontainers, for machines with Docker and no JDK 17. */
final class CassandraContainer implements CassandraServer.Node {
  private final GenericContainer<?> container;

  private CassandraContainer(GenericContainer<?> container) {
    this.container = container;
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @SuppressWarnings("resource") // closed by close()
  static CassandraContainer start() {
    long t0 = System.nanoTime();
    GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("cassandra:5.0.9"))
        .withExposedPorts(9042)
        .withEnv("MAX_HEAP_SIZE", "512M").withEnv("HEAP_NEWSIZE", "128M")
        .waitingFor(Wait.forLogMessage(".*Starting listening for CQL clients.*", 1)
            .withStartupTimeout(Duration.ofMinutes(4)));
    c.start();
    CassandraProcess.lastStartSeconds = (System.nanoTime() - t0) / 1e9;
    return new CassandraContainer(c);
  }

  @Override
  public String baseUri() {
    return "cassandra://" + container.getHost() + ":" + container.getMappedPort(9042) + "?localDc=datacenter1";
  }

  @Override
  public void close() {
    container.stop();
  }
}
