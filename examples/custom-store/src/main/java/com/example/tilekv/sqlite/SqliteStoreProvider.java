package com.example.tilekv.sqlite;

import com.google.auto.service.AutoService;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreProvider;
import io.tilekv.spi.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * {@code sqlite:/path/to/file.db}: a {@link SqliteKVStore} in that file, created if missing.
 *
 * <p>Options (URI query parameters): {@code timeout} (default {@code 5s}), {@code readers}
 * (default 2), {@code sweepInterval} (default {@code 10m}), {@code maxValueBytes} (default 4 MiB).
 * Example: {@code sqlite:/var/lib/tiles.db?timeout=2s&readers=4}.
 */
@AutoService(KVStoreProvider.class)
public final class SqliteStoreProvider implements KVStoreProvider {
  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public Set<String> requiredOptions() {
    return Set.of(StoreConfig.LOCATION);
  }

  @Override
  public Set<String> optionalOptions() {
    return Set.of("timeout", "readers", "sweepInterval", "maxValueBytes");
  }

  @Override
  public KVStore create(StoreConfig config) {
    SqliteKVStore.Builder b = SqliteKVStore.builder(Path.of(config.require(StoreConfig.LOCATION)));
    try {
      b.timeout(config.getDuration("timeout", Duration.ofSeconds(5)))
          .readers(config.getInt("readers", 2))
          .sweepInterval(config.getDuration("sweepInterval", Duration.ofMinutes(10)))
          .maxValueBytes(config.getInt("maxValueBytes", 4 << 20));
    } catch (IllegalArgumentException e) {
      throw config.invalid(e.getMessage());
    }
    return b.open();
  }
}
