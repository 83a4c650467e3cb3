package io.tilekv.store.redis;

import com.google.auto.service.AutoService;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.store.redis.internal.RedisProviderBase;
import io.tilekv.store.redis.internal.RedisSettings;

/**
 * {@code rediss://...}: Redis over TLS, one server. Options: {@link RedisOptions}. {@link #create} connects eagerly and
 * fails within the timeout with UNAVAILABLE, TIMEOUT or AUTHENTICATION.
 */
@AutoService(KVStoreProvider.class)
public final class RedissStoreProvider extends RedisProviderBase {
  public RedissStoreProvider() {
    super("rediss", RedisSettings.Mode.STANDALONE_TLS);
  }
}
