package io.tilekv.store.redis.internal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Owns one Lettuce client and its one shared, thread-safe connection (standalone or cluster).
 * Lettuce reconnects a live connection by itself; if establishing the connection failed, the next
 * {@link #commands()} starts a fresh attempt, so a store opened while Redis was down recovers.
 */
final class RedisConnector implements AutoCloseable {
  /** An established connection and its asynchronous command view. */
  record Link(StatefulConnection<byte[], byte[]> connection, RedisClusterAsyncCommands<byte[], byte[]> commands) {}

  private final RedisSettings settings;
  private final AbstractRedisClient client;
  private final AtomicReference<CompletableFuture<Link>> current = new AtomicReference<>();

  RedisConnector(RedisSettings settings) {
    this.settings = settings;
    this.client = settings.mode().cluster() ? clusterClient(settings) : standaloneClient(settings);
  }

  /** The connection's commands, connecting first if there is no connection yet or the last attempt failed. */
  CompletableFuture<Link> link() {
    while (true) {
      CompletableFuture<Link> c = current.get();
      if (c != null && !c.isCompletedExceptionally()) {
        return c;
      }
      CompletableFuture<Link> next = new CompletableFuture<>();
      if (current.compareAndSet(c, next)) {
        connect().whenComplete((link, t) -> {
          if (t != null) {
            next.completeExceptionally(t);
          } else {
            next.complete(link);
          }
        });
        return next;
      }
    }
  }

  CompletableFuture<RedisClusterAsyncCommands<byte[], byte[]>> commands() {
    return link().thenApply(Link::commands);
  }

  private CompletableFuture<Link> connect() {
    try {
      if (client instanceof RedisClusterClient cluster) {
        // connectAsync needs the slot map first; connect() would load it blocking.
        return cluster.refreshPartitionsAsync().toCompletableFuture()
            .thenCompose(v -> cluster.connectAsync(ByteArrayCodec.INSTANCE))
            .thenApply((StatefulRedisClusterConnection<byte[], byte[]> c) -> new Link(c, c.async()));
      }
      RedisURI uri = settings.uri(settings.nodes().get(0));
      return ((RedisClient) client).connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture()
          .thenApply((StatefulRedisConnection<byte[], byte[]> c) -> new Link(c, c.async()));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static RedisClient standaloneClient(RedisSettings s) {
    RedisClient client = RedisClient.create();
    client.setOptions(ClientOptions.builder()
        .socketOptions(socketOptions(s))
        .timeoutOptions(TimeoutOptions.enabled(s.timeout()))
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .sslOptions(sslOptions(s))
        .build());
    return client;
  }

  private static RedisClusterClient clusterClient(RedisSettings s) {
    List<RedisURI> seeds = s.nodes().stream().map(s::uri).toList();
    RedisClusterClient client = RedisClusterClient.create(seeds);
    client.setOptions(ClusterClientOptions.builder()
        .socketOptions(socketOptions(s))
        .timeoutOptions(TimeoutOptions.enabled(s.timeout()))
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .sslOptions(sslOptions(s))
        // Follow resharding and failover: refresh the slot map on MOVED/ASK and reconnects.
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enableAllAdaptiveRefreshTriggers()
            .enablePeriodicRefresh(Duration.ofMinutes(1))
            .build())
        .build());
    return client;
  }

  private static SocketOptions socketOptions(RedisSettings s) {
    return SocketOptions.builder().connectTimeout(s.timeout()).keepAlive(true).build();
  }

  private static SslOptions sslOptions(RedisSettings s) {
    SslOptions.Builder b = SslOptions.builder().jdkSslProvider();
    s.caFile().ifPresent(f -> b.trustManager(f.toFile()));
    return b.build();
  }

  @Override
  public void close() {
    // Shutting the client down closes its connections, also one still being established.
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
