package io.tilekv.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17: a read error never reads as absent; reading never creates; no info log files pile up. */
class RocksDbReadSafetyTest {
  private static final int ROWS = 2_000;

  @TempDir
  Path dir;

  private static Key key(int i) {
    return TileKeys.key(("entity-" + i).getBytes(StandardCharsets.UTF_8), 300_000, 0);
  }

  /** Incompressible values, so that the rows span many data blocks of the .sst file. */
  private void writeAndFlush(Path directory) {
    Random random = new Random(17);
    try (RocksDbKVStore store = RocksDbKVStore.open(directory)) {
      List<Entry> entries = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        byte[] value = new byte[512];
        random.nextBytes(value);
        entries.add(Entry.of(key(i), value));
      }
      for (int from = 0; from < ROWS; from += RocksDbKVStore.MAX_BATCH) {
        store.multiPut("tiles", entries.subList(from, from + RocksDbKVStore.MAX_BATCH)).join();
      }
      store.compact().join(); // flushes the memtable into .sst files
    }
  }

  private static List<Key> allKeys() {
    List<Key> keys = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      keys.add(key(i));
    }
    return keys;
  }

  @Test
  void aCorruptDataBlockFailsMultiGetAndScanInsteadOfReadingAsAbsent() throws IOException {
    writeAndFlush(dir);
    Path sst;
    try (Stream<Path> files = Files.list(dir)) {
      sst = files.filter(p -> p.getFileName().toString().endsWith(".sst"))
          .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(sst.toFile(), "rw")) {
      // The middle of the file is data blocks; index, filter and footer are at the end, so the
      // store still opens (RocksDB checks those only) and the damage shows on reads.
      f.seek(f.length() / 2);
      f.write(new byte[4096]);
    }
    try (RocksDbKVStore store = RocksDbKVStore.open(dir)) {
      assertThatThrownBy(() -> store.multiGet("tiles", allKeys()).join())
          .satisfies(t -> assertThat(KVStoreException.unwrap(t)).isNotNull()
              .satisfies(e -> assertThat(e.getMessage()).contains("checksum mismatch")));
      // Key by key: the rows of the damaged block fail (get and scan alike), the others read.
      int failedGets = 0;
      int failedScans = 0;
      for (Key k : allKeys()) {
        try {
          assertThat(store.multiGet("tiles", List.of(k)).join().get(0)).isPresent();
        } catch (java.util.concurrent.CompletionException e) {
          assertThat(KVStoreException.unwrap(e)).isNotNull();
          failedGets++;
        }
        try {
          assertThat(store.scan("tiles", k.partition(), Long.MIN_VALUE, Long.MAX_VALUE).join()).hasSize(1);
        } catch (java.util.concurrent.CompletionException e) {
          failedScans++;
        }
      }
      assertThat(failedGets).isPositive().isLessThan(ROWS);
      // A scan may also touch the neighbouring block, so it can fail for one row more.
      assertThat(failedScans).isGreaterThanOrEqualTo(failedGets);
    }
  }

  @Test
  void aReaderOpeningAPathWithoutAStoreFailsAndCreatesNothing() {
    Path missing = dir.resolve("typo");
    assertThatThrownBy(() -> KVStores.open("rocksdb:" + missing + "?create=false"))
        .isInstanceOfSatisfying(KVStoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG);
          assertThat(e.getMessage()).contains("no RocksDB store in").contains("typo");
        });
    assertThat(missing).doesNotExist();
    // An existing empty directory is not a store either, and stays empty.
    assertThatThrownBy(() -> RocksDbKVStore.openExisting(dir)).isInstanceOf(KVStoreException.class);
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void aReaderSeesWrittenDataAndANeverWrittenDatasetIsAnErrorNotEmpty() {
    Path store = dir.resolve("store");
    writeAndFlush(store);
    try (KVStore reader = KVStores.open("rocksdb:" + store + "?create=false")) {
      assertThat(reader.multiGet("tiles", List.of(key(3))).join().get(0)).isPresent();
      assertThatThrownBy(() -> reader.multiGet("tilez", List.of(key(3))).join())
          .satisfies(t -> assertThat(KVStoreException.unwrap(t).getMessage())
              .contains("dataset 'tilez' does not exist").contains("tiles"));
    }
    try (KVStore reader = KVStores.open("rocksdb:" + store + "?create=false")) {
      assertThatThrownBy(() -> reader.multiGet("tilez", List.of(key(3))).join()).isNotNull();
    }
  }

  @Test
  void aWrittenAndReopenedStoreHasNoInfoLogLargerThanAFewKilobytes() throws IOException {
    for (int run = 0; run < 3; run++) {
      writeAndFlush(dir);
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> logs = files.filter(p -> p.getFileName().toString().startsWith("LOG")).toList();
      for (Path log : logs) {
        assertThat(Files.size(log)).as(log.toString()).isLessThan(8 << 10);
      }
      assertThat(logs).hasSizeLessThanOrEqualTo(2);
    }
  }
}
