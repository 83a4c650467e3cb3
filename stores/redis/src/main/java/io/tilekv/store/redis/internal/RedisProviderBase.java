package io.tilekv.store.redis.internal;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.spi.StoreConfig;
import io.tilekv.store.redis.RedisOptions;
import java.util.Set;

/** The three Redis schemes share options and implementation; they differ only in {@link RedisSettings.Mode}. */
public abstract class RedisProviderBase implements KVStoreProvider {
  private final String scheme;
  private final RedisSettings.Mode mode;

  protected RedisProviderBase(String scheme, RedisSettings.Mode mode) {
    this.scheme = scheme;
    this.mode = mode;
  }

  @Override
  public final String name() {
    return scheme;
  }

  @Override
  public final Set<String> requiredOptions() {
    return Set.of(RedisOptions.LOCATION);
  }

  @Override
  public final Set<String> optionalOptions() {
    return RedisOptions.OPTIONAL;
  }

  @Override
  public final Set<String> secretOptions() {
    return RedisOptions.SECRET;
  }

  @Override
  public final KVStore create(StoreConfig config) {
    return RedisKVStore.connect(RedisSettings.parse(config, mode));
  }
}
