package com.example.tilekv.sqlite;

import io.tilekv.conformance.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.tilekv.sqlite.internal.Tables;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.Key;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What this store adds to the kit's checks: its SQL, its file, its clock. */
class SqliteKVStoreTest {
  private static final String DS = "tiles";

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private SqliteKVStore store;

  @BeforeEach
  void open() {
    store = SqliteKVStore.builder(dir.resolve("t.db")).clock(clock).open();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void multiGetAnswersInRequestOrderWithDuplicatesAndMissingKeysAcrossBatches() {
    Random random = new Random(7);
    List<Entry> written = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      byte[] value = new byte[random.nextInt(40)];
      random.nextBytes(value);
      written.add(Entry.of(key("p" + (i % 13), i), value));
    }
    store.multiPut(DS, written).join();

    List<Key> request = new ArrayList<>();
    for (int i = 0; i < 1_300; i++) {
      request.add(written.get(random.nextInt(written.size())).key());
      request.add(key("absent", i));
    }
    List<Optional<byte[]>> got = store.multiGet(DS, request).join();

    assertThat(got).hasSize(request.size());
    for (int i = 0; i < request.size(); i += 2) {
      int index = (int) request.get(i).sort();
      assertThat(got.get(i)).hasValueSatisfying(v -> assertThat(v).isEqualTo(written.get(index).value()));
      assertThat(got.get(i + 1)).isEmpty();
    }
  }

  @Test
  void emptyValueIsStoredAndReadAsPresentAndEmpty() {
    store.multiPut(DS, List.of(Entry.of(key("p", 1), new byte[0]))).join();

    assertThat(store.multiGet(DS, List.of(key("p", 1))).join().get(0)).hasValue(new byte[0]);
    assertThat(store.scan(DS, bytes("p"), 0, 10).join()).singleElement()
        .satisfies(e -> assertThat(e.value()).isEmpty());
  }

  @Test
  void laterEntryForTheSameKeyInOneCallWins() {
    store.multiPut(DS, List.of(Entry.of(key("p", 1), bytes("first")), Entry.of(key("p", 1), bytes("second"))))
        .join();

    assertThat(store.multiGet(DS, List.of(key("p", 1))).join().get(0)).hasValue(bytes("second"));
  }

  @Test
  void datasetsThatDifferOnlyInCaseAreSeparateTables() {
    store.multiPut("Clicks", List.of(Entry.of(key("p", 1), bytes("upper")))).join();
    store.multiPut("clicks", List.of(Entry.of(key("p", 1), bytes("lower")))).join();

    assertThat(store.multiGet("Clicks", List.of(key("p", 1))).join().get(0)).hasValue(bytes("upper"));
    assertThat(store.multiGet("clicks", List.of(key("p", 1))).join().get(0)).hasValue(bytes("lower"));
  }

  @Test
  void scanReturnsOnlyThePartitionInSortOrderWithinBounds() {
    store.multiPut(DS, List.of(Entry.of(key("p", 30), bytes("c")), Entry.of(key("p", -5), bytes("a")),
        Entry.of(key("p", 10), bytes("b")), Entry.of(key("q", 10), bytes("other")),
        Entry.of(key("p", 40), bytes("out")))).join();

    List<Entry> scanned = store.scan(DS, bytes("p"), -5, 40).join();

    assertThat(scanned).extracting(e -> e.key().sort()).containsExactly(-5L, 10L, 30L);
    assertThat(scanned).extracting(e -> new String(e.value(), StandardCharsets.UTF_8)).containsExactly("a", "b", "c");
  }

  @Test
  void expiredRowsAreHiddenAtOnceAndDeletedByTheSweep() {
    store.multiPut(DS, List.of(Entry.of(key("p", 1), bytes("short"), Duration.ofMinutes(1)),
        Entry.of(key("p", 2), bytes("long"), Duration.ofHours(1)), Entry.of(key("p", 3), bytes("forever"))))
        .join();

    clock.advance(Duration.ofMinutes(1));

    assertThat(store.multiGet(DS, List.of(key("p", 1), key("p", 2), key("p", 3))).join())
        .extracting(Optional::isPresent).containsExactly(false, true, true);
    assertThat(store.scan(DS, bytes("p"), 0, 10).join()).hasSize(2);
    assertThat(store.sweepExpired().join()).isEqualTo(1);
    assertThat(rowCount()).isEqualTo(2);
  }

  @Test
  void readsSearchThePrimaryKeyOncePerKeyInsteadOfScanningTheTable() throws Exception {
    store.createDataset(DS).join();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        Statement s = c.createStatement();
        ResultSet plan = s.executeQuery("EXPLAIN QUERY PLAN "
            + Tables.multiGet(Tables.table(DS), 3).replace("?", "0"))) {
      List<String> steps = new ArrayList<>();
      while (plan.next()) {
        steps.add(plan.getString("detail"));
      }
      assertThat(steps).anyMatch(d -> d.startsWith("SEARCH t USING PRIMARY KEY (partition=? AND sort=?)"));
      assertThat(steps).noneMatch(d -> d.startsWith("SCAN t"));
    }
  }

  @Test
  void aSecondStoreOnTheSameFileSeesCommittedWrites() {
    store.multiPut(DS, List.of(Entry.of(key("p", 1), bytes("shared")))).join();

    try (SqliteKVStore other = SqliteKVStore.builder(dir.resolve("t.db")).clock(clock).open()) {
      assertThat(other.multiGet(DS, List.of(key("p", 1))).join().get(0)).hasValue(bytes("shared"));
    }
  }

  @Test
  void operationsAfterCloseFailWithClosed() {
    store.close();

    assertThatThrownBy(() -> store.multiGet(DS, List.of(key("p", 1))).join())
        .satisfies(t -> assertThat(KVStoreException.unwrap(t).kind()).isEqualTo(KVStoreException.Kind.CLOSED));
    assertThatThrownBy(() -> store.multiPut(DS, List.of(Entry.of(key("p", 1), bytes("x")))).join())
        .satisfies(t -> assertThat(KVStoreException.unwrap(t).kind()).isEqualTo(KVStoreException.Kind.CLOSED));
  }

  @Test
  void aFileThatCannotBeCreatedIsUnavailable() {
    assertThatThrownBy(() -> SqliteKVStore.builder(dir.resolve("no/such/dir/t.db")).open())
        .isInstanceOfSatisfying(KVStoreException.class,
            e -> assertThat(e.kind()).isEqualTo(KVStoreException.Kind.UNAVAILABLE));
  }

  private long rowCount() {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + Tables.table(DS))) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static Key key(String partition, long sort) {
    return Key.of(bytes(partition), sort);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
