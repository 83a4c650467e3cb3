package io.tilekv.store.rocksdb;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import io.tilekv.store.rocksdb.internal.RocksDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class RocksDbKVStoreTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final List<RocksDbKVStore> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(RocksDbKVStore::close);
  }

  private RocksDbKVStore open() {
    RocksDbKVStore store = RocksDbKVStore.open(new RocksDbSettings(dir, 2, 1_000, TIMEOUT,
        Duration.ZERO, 8 << 20, false, true), clock);
    opened.add(store);
    return store;
  }

  private static Key key(String entity, long start) {
    return TileKeys.key(entity.getBytes(StandardCharsets.UTF_8), 300_000, start);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Optional<byte[]> v) {
    return v.map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
  }

  @Test
  void dataWrittenBeforeCloseIsReadAndScannedAfterReopen() {
    RocksDbKVStore first = open();
    first.createDataset("tiles").join();
    first.multiPut("tiles", List.of(Entry.of(key("a", 0), bytes("x")), Entry.of(key("a", 300_000), new byte[0]),
        Entry.of(key("a", -300_000), bytes("neg")))).join();
    first.close();

    RocksDbKVStore second = open();
    List<Optional<byte[]>> got = second.multiGet("tiles", List.of(key("a", 0), key("a", 300_000), key("b", 0))).join();
    assertThat(text(got.get(0))).isEqualTo("x");
    assertThat(got.get(1)).hasValueSatisfying(v -> assertThat(v).isEmpty());
    assertThat(got.get(2)).isEmpty();
    List<Entry> scanned = second.scan("tiles", key("a", 0).partition(), Long.MIN_VALUE, Long.MAX_VALUE).join();
    assertThat(scanned).extracting(e -> e.key().sort()).containsExactly(-300_000L, 0L, 300_000L);
  }

  @Test
  void eachDatasetIsItsOwnColumnFamilyFoundAgainOnReopen() throws Exception {
    RocksDbKVStore store = open();
    store.createDataset("alpha").join();
    store.createDataset("alpha").join();
    store.createDataset("beta.v2").join();
    store.multiPut("alpha", List.of(Entry.of(key("k", 0), bytes("in alpha")))).join();
    store.close();

    List<String> families = new ArrayList<>();
    try (Options options = new Options()) {
      for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
        families.add(new String(name, StandardCharsets.UTF_8));
      }
    }
    assertThat(families).contains("dataset:alpha", "dataset:beta.v2", RocksDatabase.EXPIRY_CF)
        .filteredOn(f -> f.startsWith("dataset:")).hasSize(2);

    RocksDbKVStore reopened = open();
    assertThat(text(reopened.multiGet("alpha", List.of(key("k", 0))).join().get(0))).isEqualTo("in alpha");
    assertThat(reopened.multiGet("beta.v2", List.of(key("k", 0))).join().get(0)).isEmpty();
  }

  @Test
  void anEntryIsReadUntilItsTtlPassesAndNotAfter() {
    RocksDbKVStore store = open();
    store.multiPut("tiles", List.of(Entry.of(key("a", 0), bytes("short"), Duration.ofSeconds(10)),
        Entry.of(key("a", 300_000), bytes("forever")))).join();
    clock.advance(Duration.ofMillis(9_999));
    assertThat(store.multiGet("tiles", List.of(key("a", 0))).join().get(0)).isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(store.multiGet("tiles", List.of(key("a", 0), key("a", 300_000))).join())
        .extracting(RocksDbKVStoreTest::text).containsExactly(null, "forever");
    assertThat(store.scan("tiles", key("a", 0).partition(), 0, Long.MAX_VALUE).join())
        .extracting(e -> e.key().sort()).containsExactly(300_000L);
  }

  @Test
  void theSweepDeletesExpiredRowsAndTheirIndexEntriesButKeepsRewrittenOnes() throws Exception {
    RocksDbKVStore store = open();
    List<Entry> expiring = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      expiring.add(Entry.of(key("e" + i, 0), bytes("v"), Duration.ofMinutes(1)));
    }
    store.multiPut("tiles", expiring).join();
    // Rewritten without TTL, and with a longer TTL: the stale index entries must not delete them.
    store.multiPut("tiles", List.of(Entry.of(key("e0", 0), bytes("kept")),
        Entry.of(key("e1", 0), bytes("later"), Duration.ofHours(1)))).join();
    clock.advance(Duration.ofMinutes(2));

    assertThat(store.sweepExpired().join()).isEqualTo(2_498L);
    assertThat(store.sweepExpired().join()).isZero();
    store.close();

    assertThat(rawRows("dataset:tiles")).isEqualTo(2);
    assertThat(rawRows(RocksDatabase.EXPIRY_CF)).isEqualTo(1); // e1's pending expiry
    RocksDbKVStore reopened = open();
    assertThat(reopened.multiGet("tiles", List.of(key("e0", 0), key("e1", 0), key("e2", 0))).join())
        .extracting(RocksDbKVStoreTest::text).containsExactly("kept", "later", null);
  }

  @Test
  void thePeriodicSweepRunsOnItsOwn() throws Exception {
    RocksDbKVStore store = RocksDbKVStore.open(new RocksDbSettings(dir, 2, 1_000, TIMEOUT,
        Duration.ofMillis(50), 8 << 20, false, true), clock);
    opened.add(store);
    store.multiPut("tiles", List.of(Entry.of(key("a", 0), bytes("v"), Duration.ofSeconds(1)))).join();
    clock.advance(Duration.ofSeconds(5));
    // A read-only instance takes no lock, so it can watch the open store's files and log.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (rawRows("dataset:tiles") + rawRows(RocksDatabase.EXPIRY_CF) > 0) {
      assertThat(System.nanoTime()).as("swept within 10 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void operationsAfterCloseFailWithClosedAndClosingTwiceIsFine() {
    RocksDbKVStore store = open();
    store.close();
    store.close();
    assertKind(store.multiGet("tiles", List.of(key("a", 0))), Kind.CLOSED);
    assertKind(store.multiPut("tiles", List.of(Entry.of(key("a", 0), bytes("v")))), Kind.CLOSED);
    assertKind(store.scan("tiles", new byte[0], 0, 1), Kind.CLOSED);
    assertKind(store.createDataset("tiles"), Kind.CLOSED);
  }

  @Test
  void closeWaitsForWritesInFlightSoThatAcknowledgedWritesSurvive() {
    RocksDbKVStore store = open();
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int w = 0; w < 20; w++) {
      List<Entry> batch = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        batch.add(Entry.of(key("w" + w, i * 300_000L), bytes("v" + i)));
      }
      writes.add(store.multiPut("tiles", batch));
    }
    store.close();
    List<Integer> acknowledged = new ArrayList<>();
    for (int w = 0; w < writes.size(); w++) {
      try {
        writes.get(w).join();
        acknowledged.add(w);
      } catch (CompletionException e) {
        assertThat(KVStoreException.unwrap(e).kind()).isEqualTo(Kind.CLOSED);
      }
    }
    RocksDbKVStore reopened = open();
    for (int w : acknowledged) {
      assertThat(reopened.scan("tiles", key("w" + w, 0).partition(), 0, Long.MAX_VALUE).join()).hasSize(500);
    }
  }

  @Test
  void aSecondStoreOnTheSameDirectoryFailsWithUnavailableUntilTheFirstCloses() {
    RocksDbKVStore first = open();
    assertThatThrownBy(this::open).isInstanceOfSatisfying(KVStoreException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(e.storeName()).isEqualTo(first.name());
      assertThat(e.getMessage()).contains(dir.toString()).contains("already open");
    });
    first.close();
    RocksDbKVStore second = open();
    assertThat(second.multiGet("tiles", List.of(key("a", 0))).join()).containsExactly(Optional.empty());
  }

  private long rawRows(String family) throws Exception {
    try (Options options = new Options()) {
      List<org.rocksdb.ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
        descriptors.add(new org.rocksdb.ColumnFamilyDescriptor(name));
      }
      List<org.rocksdb.ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB db = RocksDB.openReadOnly(dir.toString(), descriptors, handles)) {
        long n = 0;
        for (int i = 0; i < descriptors.size(); i++) {
          if (new String(descriptors.get(i).getName(), StandardCharsets.UTF_8).equals(family)) {
            try (org.rocksdb.RocksIterator it = db.newIterator(handles.get(i))) {
              for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
              }
            }
          }
        }
        handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
        return n;
      }
    }
  }

  private static void assertKind(CompletableFuture<?> future, Kind kind) {
    assertThatThrownBy(future::join).satisfies(t -> assertThat(KVStoreException.unwrap(t).kind()).isEqualTo(kind));
  }
}
