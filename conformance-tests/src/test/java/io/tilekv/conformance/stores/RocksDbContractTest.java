package io.tilekv.conformance.stores;

import io.tilekv.conformance.KVStoreContractTest;
import io.tilekv.conformance.ManualClock;
import io.tilekv.conformance.StoreFixture;
import io.tilekv.spi.KVStore;
import io.tilekv.store.rocksdb.RocksDbKVStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The whole conformance kit against the embedded default store. It lives here rather than in
 * stores/rocksdb because the kit's end-to-end part depends on the writer and the fetcher, whose
 * own tests use RocksDB: a kit dependency in stores/rocksdb would close a cycle.
 *
 * <p>The kit against a RocksDB store in a temporary directory. RocksDB allows one
 * open store per directory, so the kit's clients share one instance (persistence across reopen is
 * RocksDbKVStoreTest's job); TTLs pass on a manual clock.
 */
class RocksDbContractTest extends KVStoreContractTest {

  @Override
  protected StoreFixture fixture() {
    return new RocksDbFixture();
  }

  static final class RocksDbFixture implements StoreFixture {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final ManualClock clock = new ManualClock(1_705_329_120_000L);
    private final Path dir;
    private final RocksDbKVStore shared;

    RocksDbFixture() {
      try {
        dir = Files.createTempDirectory("tilekv-rocksdb-kit");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      shared = RocksDbKVStore.open(dir, clock);
    }

    @Override
    public KVStore open() {
      return StoreFixture.clientOf(shared);
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
    public void close() {
      shared.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
