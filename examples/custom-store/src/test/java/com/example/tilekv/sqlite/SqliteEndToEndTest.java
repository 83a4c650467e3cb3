package com.example.tilekv.sqlite;

import io.tilekv.conformance.ManualClock;
import io.tilekv.conformance.StoreFixture;
import io.tilekv.conformance.e2e.EndToEndConformanceTest;
import io.tilekv.spi.KVStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end part of the kit: the TileKV Flink writer fills this store, the fetcher reads it,
 * and every feature must equal the brute-force oracle. The expiry check moves a shared clock.
 */
class SqliteEndToEndTest extends EndToEndConformanceTest {
  @TempDir static Path dir;

  private final ManualClock clock = new ManualClock(System.currentTimeMillis());

  @Override
  protected StoreFixture fixture() {
    Path file = dir.resolve("e2e.db");
    return new StoreFixture() {
      @Override
      public KVStore open() {
        return SqliteKVStore.builder(file).clock(clock).open();
      }

      @Override
      public TimeControl time() {
        return clock.timeControl(Duration.ofSeconds(1));
      }
    };
  }
}
