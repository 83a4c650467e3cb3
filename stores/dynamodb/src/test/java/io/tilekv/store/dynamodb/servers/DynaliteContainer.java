package io.tilekv.store.dynamodb.servers;

import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * dynalite in the official {@code node} image through Testcontainers, for machines with a Docker
 * engine and no npm (or with {@code -Dtilekv.dynalite.docker=true}). There is no dynalite image to
 * trust, so the container installs the same pinned npm package itself; Amazon's DynamoDB Local
 * image is not an option (its licence is not open source).
 */
final class DynaliteContainer {
  private static final int PORT = 4567;

  private DynaliteContainer() {}

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @SuppressWarnings("resource") // stopped by the returned server's close()
  static Dynalite.Server start() {
    long t0 = System.nanoTime();
    GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("node:20-alpine"))
        .withExposedPorts(PORT)
        .withCommand("sh", "-c", "npx --yes dynalite@" + Dynalite.VERSION + " --host 0.0.0.0 --port " + PORT
            + " --createTableMs 0 --deleteTableMs 0 --updateTableMs 0")
        .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(5)));
    c.start();
    long millis = (System.nanoTime() - t0) / 1_000_000;
    return new Dynalite.Server(c.getHost(), c.getMappedPort(PORT), millis, c::stop);
  }
}
