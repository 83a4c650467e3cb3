package io.tilekv.store.redis.servers;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain Lettuce client of a {@link RedisTarget}, for tests that look at what the store wrote. */
public final class RawRedis implements AutoCloseable {
  private final AbstractRedisClient client;
  private final StatefulConnection<byte[], byte[]> connection;
  private final RedisClusterCommands<byte[], byte[]> sync;

  public RawRedis(RedisTarget target) {
    List<RedisURI> uris = new ArrayList<>();
    for (String hostPort : target.location().split(",")) {
      int colon = hostPort.lastIndexOf(':');
      RedisURI.Builder b = RedisURI.builder().withHost(hostPort.substring(0, colon))
          .withPort(Integer.parseInt(hostPort.substring(colon + 1))).withTimeout(Duration.ofSeconds(5));
      String password = target.options().get("password");
      if (password != null) {
        b.withPassword(password.toCharArray());
      }
      uris.add(b.build());
    }
    if (target.scheme().equals("redis-cluster")) {
      RedisClusterClient c = RedisClusterClient.create(uris);
      StatefulRedisClusterConnection<byte[], byte[]> conn = c.connect(ByteArrayCodec.INSTANCE);
      client = c;
      connection = conn;
      sync = conn.sync();
    } else {
      RedisClient c = RedisClient.create(uris.get(0));
      StatefulRedisConnection<byte[], byte[]> conn = c.connect(ByteArrayCodec.INSTANCE);
      client = c;
      connection = conn;
      sync = conn.sync();
    }
  }

  public RedisClusterCommands<byte[], byte[]> sync() {
    return sync;
  }

  /** Keys per master: one entry per master in a cluster, one in all for a single server. */
  public List<Long> keysPerMaster() {
    if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
      List<Long> counts = new ArrayList<>();
      cluster.getPartitions().forEach(node -> counts.add(cluster.getConnection(node.getNodeId()).sync().dbsize()));
      return counts;
    }
    return List.of(sync.dbsize());
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
