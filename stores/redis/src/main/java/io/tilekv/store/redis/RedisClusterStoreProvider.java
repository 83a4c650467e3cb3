package io.tilekv.store.redis;

import com.google.auto.service.AutoService;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.store.redis.internal.RedisProviderBase;
import io.tilekv.store.redis.internal.RedisSettings;

/**
 * {@code redis-cluster://...}: Redis Cluster, given by seed nodes. Options: {@link RedisOptions}. {@link #create} connects eagerly and
 * fails within the timeout with UNAVAILABLE, TIMEOUT or AUTHENTICATION.
 */
@AutoService(KVStoreProvider.class)
public final class RedisClusterStoreProvider extends RedisProviderBase {
  public RedisClusterStoreProvider() {
    super("redis-cluster", RedisSettings.Mode.CLUSTER);
  }
}
