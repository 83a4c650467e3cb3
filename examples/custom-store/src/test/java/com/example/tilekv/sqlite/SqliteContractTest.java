package com.example.tilekv.sqlite;

import io.tilekv.conformance.ManualClock;
import io.tilekv.conformance.KVStoreContractTest;
import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.KVStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole TileKV store contract, run against this store: every client the kit opens is a new
 * {@link SqliteKVStore} on one database file, and all of them share a clock the kit moves forward
 * for the TTL checks instead of sleeping.
 */
class SqliteContractTest extends KVStoreContractTest {
  @TempDir static Path dir;

  private final ManualClock clock = new ManualClock(System.currentTimeMillis());

  @Override
  protected StoreFixture fixture() {
    Path file = dir.resolve("contract.db");
    return new StoreFixture() {
      @Override
      public KVStore open() {
        return SqliteKVStore.builder(file).clock(clock).timeout(Duration.ofSeconds(5)).open();
      }

      @Override
      public Duration operationTimeout() {
        return Duration.ofSeconds(5);
      }

      @Override
      public TimeControl time() {
        return clock.timeControl(Duration.ofSeconds(1));
      }
    };
  }
}
