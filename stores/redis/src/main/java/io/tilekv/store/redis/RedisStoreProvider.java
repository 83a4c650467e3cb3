package io.tilekv.store.redis;

import com.google.auto.service.AutoService;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.spi.StoreConfig;
import io.tilekv.store.redis.internal.RedisKVStore;
import io.tilekv.store.redis.internal.RedisSettings;
import java.util.Set;

/**
 * {@code redis://...}: plain Redis, one server (or a primary). Options: {@link RedisOptions}. {@link #create} connects
 * eagerly and fails within the timeout with UNAVAILABLE, TIMEOUT or AUTHENTICATION.
 */
@AutoService(KVStoreProvider.class)
public final class RedisStoreProvider implements KVStoreProvider {
  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Set<String> requiredOptions() {
    return Set.of(RedisOptions.LOCATION);
  }

  @Override
  public Set<String> optionalOptions() {
    return RedisOptions.OPTIONAL;
  }

  @Override
  public Set<String> secretOptions() {
    return RedisOptions.SECRET;
  }

  @Override
  public KVStore create(StoreConfig config) {
    return RedisKVStore.connect(RedisSettings.parse(config, RedisSettings.Mode.STANDALONE));
  }
}
