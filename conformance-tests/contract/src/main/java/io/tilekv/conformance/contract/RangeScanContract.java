package io.tilekv.conformance.contract;

import static io.tilekv.conformance.contract.TestValues.assertSameBytes;
import static io.tilekv.conformance.contract.TestValues.random;
import static io.tilekv.conformance.contract.TestValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Range scans, checked both ways: a store that declares {@link Capability#RANGE_SCAN} returns
 * exactly {@code from <= sort < to} of one partition, ascending and complete across pages; a store
 * that does not refuses every scan with UNSUPPORTED.
 */
public interface RangeScanContract extends ContractPart {

  /** Entries in the paging test: more than any store returns in one page. */
  int PAGED_ENTRIES = 2_500;

  @Test
  default void scanReturnsFromInclusiveToExclusiveAscending() {
    assumeRangeScan();
    byte[] p = utf8("scan-bounds");
    long[] sorts = {Long.MIN_VALUE, -100, -5, -1, 0, 1, 2, 5, 10, Long.MAX_VALUE - 1, Long.MAX_VALUE};
    SortedMap<Long, byte[]> model = writeShuffled(p, sorts);

    checkScan(p, -1, 5, model);
    checkScan(p, -5, 0, model);
    checkScan(p, -4, 6, model);
    checkScan(p, Long.MIN_VALUE, Long.MAX_VALUE, model);
    checkScan(p, Long.MIN_VALUE, Long.MIN_VALUE + 1, model);
    checkScan(p, 10, Long.MAX_VALUE, model);
  }

  @Test
  default void scanOfAnEmptyOrInvertedRangeIsEmpty() {
    assumeRangeScan();
    byte[] p = utf8("scan-empty");
    writeShuffled(p, new long[] {-10, 0, 10});

    assertThat(sut().scan(p, 0, 0)).as("scan [0, 0)").isEmpty();
    assertThat(sut().scan(p, 10, -10)).as("scan [10, -10)").isEmpty();
    assertThat(sut().scan(p, 1, 10)).as("scan [1, 10) between entries").isEmpty();
    assertThat(sut().scan(p, 11, Long.MAX_VALUE)).as("scan above every entry").isEmpty();
    assertThat(sut().scan(utf8("scan-never-written"), Long.MIN_VALUE, Long.MAX_VALUE))
        .as("scan of a partition without entries").isEmpty();
  }

  @Test
  default void scanReturnsOnlyItsOwnPartitionAndDataset() {
    assumeRangeScan();
    byte[] p = {7, 0, 1};
    long[] sorts = {-3, 0, 3};
    SortedMap<Long, byte[]> model = writeShuffled(p, sorts);
    // Partitions that extend, shorten or neighbour p, the empty partition, and p in another dataset.
    List<Entry> noise = new ArrayList<>();
    byte[][] others = {{7, 0, 1, 0}, {7, 0, 1, (byte) 0xFF}, {7, 0}, {7, 0, 2}, {7, 0, 0}, {}, {7, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}};
    for (byte[] o : others) {
      for (long s : new long[] {-4, -3, 0, 1, 3}) {
        noise.add(Entry.of(Key.of(o, s), utf8("other partition")));
      }
    }
    sut().put(noise);
    String otherDataset = sut().newDataset();
    sut().put(sut().store(), otherDataset, List.of(Entry.of(Key.of(p, 1), utf8("other dataset"))));

    checkScan(p, Long.MIN_VALUE, Long.MAX_VALUE, model);
    assertThat(sut().scan(new byte[0], Long.MIN_VALUE, Long.MAX_VALUE))
        .as("scan of the empty partition").extracting(e -> e.key().sort()).containsExactly(-4L, -3L, 0L, 1L, 3L);
    assertThat(sut().scan(otherDataset, p, Long.MIN_VALUE, Long.MAX_VALUE))
        .as("scan of the same partition in another dataset").extracting(e -> e.key().sort()).containsExactly(1L);
  }

  @Test
  default void scanIsCompleteAndAscendingAcrossPages() {
    assumeRangeScan();
    byte[] p = utf8("scan-pages");
    Random r = new Random(2500);
    long[] sorts = new long[PAGED_ENTRIES];
    for (int i = 0; i < sorts.length; i++) {
      sorts[i] = i == 0 ? Long.MIN_VALUE : i == 1 ? -1 : r.nextLong();
    }
    SortedMap<Long, byte[]> model = writeShuffled(p, sorts);

    checkScan(p, Long.MIN_VALUE, Long.MAX_VALUE, model);
    List<Long> ordered = new ArrayList<>(model.keySet());
    checkScan(p, ordered.get(500), ordered.get(2_000), model);
  }

  /**
   * Consecutive sort keys, so that a pager that resumes one past (or at) the last key of a page
   * loses (or repeats) the first key of the next one; random keys are never adjacent.
   */
  @Test
  default void scanOfConsecutiveSortKeysIsCompleteAcrossPages() {
    assumeRangeScan();
    byte[] p = utf8("scan-dense");
    long[] sorts = new long[PAGED_ENTRIES];
    for (int i = 0; i < sorts.length; i++) {
      sorts[i] = i - 1_000L;
    }
    SortedMap<Long, byte[]> model = writeShuffled(p, sorts);

    checkScan(p, Long.MIN_VALUE, Long.MAX_VALUE, model);
    checkScan(p, -1_000, 1_500, model);
    checkScan(p, -1, 1_001, model);
  }

  @Test
  default void scanIsRefusedAsUnsupportedWhenRangeScanIsNotDeclared() {
    assumeFalse(sut().supports(Capability.RANGE_SCAN),
        "the store declares RANGE_SCAN (the scan tests run instead)");
    byte[] p = utf8("no-scan");
    sut().put(Entry.of(Key.of(p, 1), utf8("one")), Entry.of(Key.of(p, 2), utf8("two")));

    sut().expectError(sut().store(), Kind.UNSUPPORTED, "scan on a store without RANGE_SCAN",
        () -> sut().store().scan(sut().dataset(), p, Long.MIN_VALUE, Long.MAX_VALUE));
  }

  private void assumeRangeScan() {
    assumeTrue(sut().supports(Capability.RANGE_SCAN),
        "the store does not declare RANGE_SCAN (the refusal is checked instead)");
  }

  /** Writes one entry per sort key, in a shuffled order, and returns the model of the partition. */
  private SortedMap<Long, byte[]> writeShuffled(byte[] partition, long[] sorts) {
    SortedMap<Long, byte[]> model = new TreeMap<>();
    List<Entry> entries = new ArrayList<>();
    for (long s : sorts) {
      byte[] v = random(s, 1 + (int) Math.floorMod(s, 40L));
      model.put(s, v);
      entries.add(Entry.of(Key.of(partition, s), v));
    }
    Collections.shuffle(entries, new Random(sorts.length));
    sut().put(entries);
    return model;
  }

  private void checkScan(byte[] partition, long from, long to, SortedMap<Long, byte[]> model) {
    String what = "scan [" + from + ", " + to + ")";
    SortedMap<Long, byte[]> expected = from < to ? model.subMap(from, to) : new TreeMap<>();
    List<Entry> got = sut().scan(partition, from, to);

    List<Long> sorts = new ArrayList<>(got.size());
    for (Entry e : got) {
      assertThat(e.key().hasPartition(partition)).as(what + ": entry %s is from another partition", e.key()).isTrue();
      assertThat(e.ttl()).as(what + ": scanned entries carry no TTL").isEmpty();
      sorts.add(e.key().sort());
    }
    List<Long> want = new ArrayList<>(expected.keySet());
    if (!sorts.equals(want)) {
      int i = 0;
      while (i < sorts.size() && i < want.size() && sorts.get(i).equals(want.get(i))) {
        i++;
      }
      boolean ascending = true;
      for (int j = 1; j < sorts.size(); j++) {
        ascending &= sorts.get(j - 1) < sorts.get(j);
      }
      throw new AssertionError(what + ": expected " + want.size() + " entries ascending by sort key but got "
          + sorts.size() + (ascending ? "" : ", not ascending") + "; first difference at position " + i
          + ": expected sort " + (i < want.size() ? want.get(i) : "(none)") + ", got "
          + (i < sorts.size() ? sorts.get(i) : "(none)"));
    }
    for (Entry e : got) {
      assertSameBytes(what + ": value of " + e.key(), e.value(), expected.get(e.key().sort()));
    }
  }
}
