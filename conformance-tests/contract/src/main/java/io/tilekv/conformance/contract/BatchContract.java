package io.tilekv.conformance.contract;

import static io.tilekv.conformance.contract.TestValues.assertReads;
import static io.tilekv.conformance.contract.TestValues.key;
import static io.tilekv.conformance.contract.TestValues.utf8;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tilekv.spi.Capability;
import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Calls of any size: the adapter splits at its declared batch limits without losing, reordering or
 * reviving entries, and the last entry of a key wins even when its duplicates land in different
 * batches.
 */
public interface BatchContract extends ContractPart {

  /** The kit writes at least this many entries in one call, whatever the limits. */
  int LARGE_CALL = 5_000;

  /** Calls around the declared limit are capped here; larger limits are exercised only by LARGE_CALL. */
  int MAX_ENTRIES = 50_000;

  /** Call sizes around a batch limit, where splitting goes wrong. */
  enum BatchSize {
    ONE, LIMIT_MINUS_ONE, LIMIT, LIMIT_PLUS_ONE, TWICE_LIMIT_PLUS_ONE;

    int of(int limit) {
      return switch (this) {
        case ONE -> 1;
        case LIMIT_MINUS_ONE -> Math.max(1, limit - 1);
        case LIMIT -> limit;
        case LIMIT_PLUS_ONE -> limit + 1;
        case TWICE_LIMIT_PLUS_ONE -> 2 * limit + 1;
      };
    }
  }

  @ParameterizedTest
  @EnumSource(BatchSize.class)
  default void callsAroundTheBatchLimitsRoundTripCompletely(BatchSize size) {
    StoreCapabilities caps = sut().capabilities();
    int puts = size.of(caps.maxPutBatch());
    int gets = size.of(caps.maxGetBatch());
    assumeTrue(puts <= MAX_ENTRIES && gets <= MAX_ENTRIES,
        "batch limits above " + MAX_ENTRIES + " are exercised by the large-call tests only");

    Map<Key, byte[]> written = write("around-limit", puts);
    List<Key> keys = new ArrayList<>(written.keySet());
    Collections.sort(keys);
    List<Key> request = new ArrayList<>(gets);
    for (int i = 0; i < gets; i++) {
      // Every seventh key is one that was never written.
      request.add(i % 7 == 3 ? key("around-limit-missing", i) : keys.get(i % keys.size()));
    }
    assertReads(request, sut().get(request), written::get);
  }

  /** Entries a call may not hold; each fails the whole call before anything is written. */
  enum InvalidEntry {
    VALUE_ONE_BYTE_TOO_LARGE, PARTITION_ONE_BYTE_TOO_LARGE, TTL_WITHOUT_THE_CAPABILITY;

    Entry of(Key key, StoreCapabilities caps) {
      return switch (this) {
        case VALUE_ONE_BYTE_TOO_LARGE -> Entry.of(key, new byte[caps.maxValueBytes() + 1]);
        case PARTITION_ONE_BYTE_TOO_LARGE -> Entry.of(Key.of(new byte[caps.maxKeyBytes() + 1], key.sort()), utf8("x"));
        case TTL_WITHOUT_THE_CAPABILITY -> Entry.of(key, utf8("x"), Duration.ofHours(1));
      };
    }

    Kind kind() {
      return this == TTL_WITHOUT_THE_CAPABILITY ? Kind.UNSUPPORTED : Kind.VALUE_TOO_LARGE;
    }
  }

  /**
   * The size and TTL checks cover the whole call: an invalid entry in a batch after the first
   * fails the call before the batches in front of it are written.
   */
  @ParameterizedTest
  @EnumSource(InvalidEntry.class)
  default void invalidEntryInALaterBatchFailsTheCallAndWritesNothing(InvalidEntry invalid) {
    StoreCapabilities caps = sut().capabilities();
    assumeTrue(invalid != InvalidEntry.TTL_WITHOUT_THE_CAPABILITY || !caps.supports(Capability.TTL),
        "the store declares TTL");
    int limit = caps.maxPutBatch();
    int n = Math.min(2 * limit + 2, MAX_ENTRIES);
    assumeTrue(n - 1 >= limit, "a maxPutBatch of " + limit + " leaves no later batch within " + MAX_ENTRIES + " entries");
    List<Entry> entries = new ArrayList<>(n);
    List<Key> keys = new ArrayList<>(n);
    for (int i = 0; i < n - 1; i++) {
      Key k = key("later-batch", i);
      keys.add(k);
      entries.add(Entry.of(k, utf8("v" + i)));
    }
    entries.add(invalid.of(key("later-batch", n - 1), caps));

    sut().expectError(sut().store(), invalid.kind(), "multiPut of " + n + " entries whose last is " + invalid,
        () -> sut().store().multiPut(sut().dataset(), entries));
    assertReads(keys, sut().get(keys), k -> null);
  }

  @Test
  default void callFarAboveTheStoreLimitsIsWrittenAndReadCompletely() {
    int n = largeCall();
    Map<Key, byte[]> written = write("large", n);

    List<Key> request = new ArrayList<>(written.keySet());
    for (int i = 0; i < n; i += 10) {
      request.add(key("large-missing", i));
    }
    Collections.shuffle(request, new Random(11));
    assertReads(request, sut().get(request), written::get);
  }

  @Test
  default void lastEntryWinsAcrossBatchBoundaries() {
    int n = largeCall();
    int limit = sut().capabilities().maxPutBatch();
    Key first = key("boundary", -1);
    Key straddling = key("boundary", -2);
    List<Entry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      entries.add(Entry.of(key("boundary", i), utf8("v" + i)));
    }
    // The same key at the first and the last index, and on both sides of the first batch limit.
    entries.set(0, Entry.of(first, utf8("first, overwritten in the same call")));
    entries.set(n - 1, Entry.of(first, utf8("last wins")));
    if (limit < n - 2) {
      entries.set(limit - 1, Entry.of(straddling, utf8("before the limit")));
      entries.set(limit, Entry.of(straddling, utf8("after the limit")));
    }
    sut().put(entries);

    List<Key> request = new ArrayList<>();
    Map<Key, byte[]> expected = new HashMap<>();
    for (Entry e : entries) {
      expected.put(e.key(), e.value());
      request.add(e.key());
    }
    assertReads(request, sut().get(request), expected::get);
  }

  private int largeCall() {
    StoreCapabilities caps = sut().capabilities();
    int aboveLimits = 3 * Math.max(caps.maxPutBatch(), caps.maxGetBatch()) + 1;
    return Math.max(LARGE_CALL, Math.min(aboveLimits, MAX_ENTRIES));
  }

  private Map<Key, byte[]> write(String partition, int n) {
    Map<Key, byte[]> written = new HashMap<>(n * 2);
    List<Entry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Key k = key(partition + (i % 13), i);
      byte[] v = utf8(partition + " value " + i);
      written.put(k, v);
      entries.add(Entry.of(k, v));
    }
    sut().put(entries);
    return written;
  }
}
