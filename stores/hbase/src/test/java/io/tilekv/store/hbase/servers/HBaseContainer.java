package io.tilekv.store.hbase.servers;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A standalone HBase in a container, for machines with a Docker engine. Host networking, because
 * HBase hands clients the region server's own host name and port: with bridged ports a client on
 * the host could reach ZooKeeper but not the region server. The image must run a standalone HBase
 * 2.x with ZooKeeper on port 2181 and log "Master has completed initialization" (as HBase does at
 * INFO); no such image is tested by this build, which has no Docker engine.
 */
final class HBaseContainer implements AutoCloseable {
  private final GenericContainer<?> container;

  private HBaseContainer(GenericContainer<?> container) {
    this.container = container;
  }

  @SuppressWarnings("resource")
  static HBaseContainer start(String image) {
    GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
        .withNetworkMode("host")
        .waitingFor(Wait.forLogMessage(".*Master has completed initialization.*", 1)
            .withStartupTimeout(Duration.ofMinutes(3)));
    c.start();
    return new HBaseContainer(c);
  }

  String zookeeper() {
    return "127.0.0.1:2181";
  }

  @Override
  public void close() {
    container.stop();
  }
}
