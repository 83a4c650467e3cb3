package io.tilekv.store.rocksdb;

import io.tilekv.conformance.ManualClock;
import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.KVStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Clients of one RocksDB store in a temporary directory whose TTLs follow a manual clock; used by
 * the contract test here and by the end-to-end test of conformance-tests/e2e (test-jar).
 */
public final class RocksDbFixture implements StoreFixture {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final ManualClock clock = new ManualClock(1_705_329_120_000L);
  private final Path dir;
  private RocksDbKVStore shared;

  public RocksDbFixture() {
    try {
      dir = Files.createTempDirectory("tilekv-rocksdb-kit");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    shared = RocksDbKVStore.open(dir, clock);
  }

  @Override
  public synchronized KVStore open() {
    return StoreFixture.clientOf(shared);
  }

  /** The data lives in the directory: closing the instance and opening it again keeps it. */
  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public synchronized void reopen() {
    shared.close();
    shared = RocksDbKVStore.open(dir, clock);
  }

  @Override
  public Duration operationTimeout() {
    return TIMEOUT;
  }

  @Override
  public TimeControl time() {
    return clock.timeControl(Duration.ofSeconds(30));
  }

  @Override
  public synchronized void close() {
    shared.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
