package io.tilekv.store.redis.servers;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A Redis Cluster of {@code masters} redis-server processes on 127.0.0.1, formed by hand: each node
 * gets an even share of the 16384 slots (CLUSTER ADDSLOTS), the first meets the others (CLUSTER
 * MEET), and start returns once every node reports {@code cluster_state:ok} and knows all nodes.
 */
public final class RedisClusterProcesses implements AutoCloseable {
  private final List<RedisProcess> nodes;

  private RedisClusterProcesses(List<RedisProcess> nodes) {
    this.nodes = nodes;
  }

  public static RedisClusterProcesses start(int masters, String password) {
    List<RedisProcess> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < masters; i++) {
        nodes.add(RedisProcess.start("redis-cluster-" + i, List.of("cluster-enabled yes",
            "cluster-config-file nodes.conf", "cluster-node-timeout 5000",
            "requirepass " + password, "masterauth " + password), false));
      }
      form(nodes, password);
      return new RedisClusterProcesses(nodes);
    } catch (RuntimeException e) {
      nodes.forEach(RedisProcess::close);
      throw e;
    }
  }

  private static void form(List<RedisProcess> nodes, String password) {
    RedisClient client = RedisClient.create();
    List<StatefulRedisConnection<String, String>> conns = new ArrayList<>();
    try {
      for (RedisProcess n : nodes) {
        conns.add(client.connect(RedisURI.builder().withHost("127.0.0.1").withPort(n.port())
            .withPassword(password.toCharArray()).withTimeout(Duration.ofSeconds(5)).build()));
      }
      int per = 16384 / nodes.size();
      for (int i = 0; i < nodes.size(); i++) {
        int from = i * per;
        int to = i == nodes.size() - 1 ? 16384 : from + per;
        conns.get(i).sync().clusterAddSlots(IntStream.range(from, to).toArray());
      }
      for (int i = 1; i < nodes.size(); i++) {
        conns.get(0).sync().clusterMeet("127.0.0.1", nodes.get(i).port());
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      for (StatefulRedisConnection<String, String> c : conns) {
        RedisCommands<String, String> sync = c.sync();
        while (!(sync.clusterInfo().contains("cluster_state:ok")
            && sync.clusterInfo().contains("cluster_known_nodes:" + nodes.size())
            && sync.clusterSlots().size() == nodes.size())) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("cluster did not form: " + sync.clusterInfo());
          }
          Thread.sleep(50);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      conns.forEach(StatefulRedisConnection::close);
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** {@code 127.0.0.1:p1,127.0.0.1:p2,...}: the location of a {@code redis-cluster://} URI. */
  public String location() {
    return String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList());
  }

  @Override
  public void close() {
    nodes.forEach(RedisProcess::close);
  }
}
