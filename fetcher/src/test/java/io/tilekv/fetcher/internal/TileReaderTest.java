package io.tilekv.fetcher.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.fetcher.ReadStrategy;
import io.tilekv.fetcher.support.CountingStore;
import io.tilekv.spi.EntityKey;
import io.tilekv.spi.Entry;
import io.tilekv.spi.Key;
import io.tilekv.spi.TileKeys;
import io.tilekv.store.memory.MemoryKVStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TileReaderTest {
  private static final String DATASET = "tiles";
  private static final long MINUTE = 60_000L;
  private static final byte[] ALICE = EntityKey.of("alice").bytes();

  private final MemoryKVStore memory = new MemoryKVStore();

  /** Tiles of 1 minute at starts 0, 1, ..., n-1 minutes; every odd one is written. */
  private List<Key> keys(byte[] entity, int n) {
    List<Key> keys = new ArrayList<>();
    List<Entry> odd = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Key k = TileKeys.key(entity, MINUTE, i * MINUTE);
      keys.add(k);
      if (i % 2 == 1) {
        odd.add(Entry.of(k, ("v" + i).getBytes(StandardCharsets.UTF_8)));
      }
    }
    memory.multiPut(DATASET, odd).join();
    return keys;
  }

  @Test
  void readsEveryKeyWithOneMultiGetUnderTheBatchLimitAndReportsAbsentKeysAsNull() {
    CountingStore store = CountingStore.withGetBatch(memory, 100);
    List<Key> keys = keys(ALICE, 30);

    TileReader.Result r = new TileReader(store, ReadStrategy.MULTI_GET).read(DATASET, keys).join();

    assertThat(store.multiGetCalls()).isEqualTo(1);
    for (int i = 0; i < 30; i++) {
      assertThat(r.failures[i]).isNull();
      assertThat(r.values[i]).isEqualTo(i % 2 == 1 ? ("v" + i).getBytes(StandardCharsets.UTF_8) : null);
    }
  }

  @Test
  void splitsAboveTheBatchLimitIntoCeilOfKeysOverLimitCallsKeepingResultsInOrder() {
    CountingStore store = CountingStore.withGetBatch(memory, 7);
    List<Key> keys = keys(ALICE, 50);

    TileReader.Result r = new TileReader(store, ReadStrategy.MULTI_GET).read(DATASET, keys).join();

    assertThat(store.multiGetCalls()).isEqualTo(8); // ceil(50 / 7)
    assertThat(store.keysRequested()).isEqualTo(50);
    for (int i = 0; i < 50; i++) {
      assertThat(r.values[i]).isEqualTo(i % 2 == 1 ? ("v" + i).getBytes(StandardCharsets.UTF_8) : null);
    }
  }

  @Test
  void aFailedCallMarksExactlyTheKeysItCarriedAndNoOthers() {
    CountingStore store = CountingStore.withGetBatch(memory, 5);
    List<Key> keys = keys(ALICE, 20);
    Key poisoned = keys.get(7);
    store.failReadsOf(poisoned::equals);

    TileReader.Result r = new TileReader(store, ReadStrategy.MULTI_GET).read(DATASET, keys).join();

    for (int i = 0; i < 20; i++) {
      if (i >= 5 && i < 10) {
        assertThat(r.failures[i]).contains("UNAVAILABLE").contains("injected outage");
        assertThat(r.values[i]).isNull();
      } else {
        assertThat(r.failures[i]).isNull();
        assertThat(r.values[i]).isEqualTo(i % 2 == 1 ? ("v" + i).getBytes(StandardCharsets.UTF_8) : null);
      }
    }
  }

  @Test
  void costBasedReadScansAContiguousPartitionWhenThatSavesCalls() {
    CountingStore store = CountingStore.withGetBatch(memory, 10);
    List<Key> keys = keys(ALICE, 25);

    TileReader.Result r = new TileReader(store, ReadStrategy.COST_BASED).read(DATASET, keys).join();

    assertThat(store.scanCalls()).isEqualTo(1);
    assertThat(store.multiGetCalls()).isZero();
    for (int i = 0; i < 25; i++) {
      assertThat(r.values[i]).isEqualTo(i % 2 == 1 ? ("v" + i).getBytes(StandardCharsets.UTF_8) : null);
    }
  }

  @Test
  void costBasedReadKeepsMultiGetWhenScansWouldNotSaveACallOrWouldReadMoreValues() {
    CountingStore store = CountingStore.withGetBatch(memory, 10);
    List<Key> few = keys(ALICE, 8);
    new TileReader(store, ReadStrategy.COST_BASED).read(DATASET, few).join();
    assertThat(store.scanCalls()).isZero();
    assertThat(store.multiGetCalls()).isEqualTo(1);

    store.resetCounts();
    List<Key> gappy = new ArrayList<>();
    Set<Key> seen = new HashSet<>();
    for (Key k : keys(EntityKey.of("bob").bytes(), 60)) {
      if (k.sort() % (3 * MINUTE) != 0 && seen.add(k)) {
        gappy.add(k); // 40 keys with holes: a scan would read slots nobody asked for
      }
    }
    new TileReader(store, ReadStrategy.COST_BASED).read(DATASET, gappy).join();
    assertThat(store.scanCalls()).isZero();
    assertThat(store.multiGetCalls()).isEqualTo(4);
  }
}
