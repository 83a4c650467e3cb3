package io.tilekv.conformance.contract;

import static io.tilekv.conformance.contract.TestValues.assertReads;
import static io.tilekv.conformance.contract.TestValues.assertSameBytes;
import static io.tilekv.conformance.contract.TestValues.key;
import static io.tilekv.conformance.contract.TestValues.random;
import static io.tilekv.conformance.contract.TestValues.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.Entry;
import io.tilekv.spi.KVStoreException.Kind;
import io.tilekv.spi.Key;
import io.tilekv.spi.StoreCapabilities;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** multiGet and multiPut of single keys: order, missing keys, any bytes, sizes, overwrites. */
public interface PointReadWriteContract extends ContractPart {

  /** Value sizes every store must round-trip; MAX is the store's declared maximum. */
  enum ValueSize {
    EMPTY, ONE_BYTE, ONE_KIB, HUNDRED_KIB, MAX;

    int bytes(StoreCapabilities caps) {
      int n = switch (this) {
        case EMPTY -> 0;
        case ONE_BYTE -> 1;
        case ONE_KIB -> 1 << 10;
        case HUNDRED_KIB -> 100 << 10;
        case MAX -> caps.maxValueBytes();
      };
      return Math.min(n, caps.maxValueBytes());
    }
  }

  @Test
  default void multiGetReturnsOneResultPerKeyInRequestOrder() {
    Map<Key, byte[]> written = new HashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      Key k = key("order", i * 7L - 100);
      written.put(k, random(i, 1 + i * 3));
      entries.add(Entry.of(k, written.get(k)));
    }
    sut().put(entries);

    List<Key> shuffled = new ArrayList<>(written.keySet());
    Collections.shuffle(shuffled, new Random(42));
    assertReads(shuffled, sut().get(shuffled), written::get);
    Collections.reverse(shuffled);
    assertReads(shuffled, sut().get(shuffled), written::get);
  }

  @Test
  default void missingKeysReadAsEmptyNeverNull() {
    Key present = key("missing", 1);
    sut().put(Entry.of(present, utf8("here")));

    List<Key> request = List.of(key("missing", 0), present, key("missing", 2), key("never-written", 1));
    assertReads(request, sut().get(request), k -> k.equals(present) ? utf8("here") : null);
    assertThat(sut().get(List.of())).as("multiGet of no keys").isEmpty();
  }

  @Test
  default void duplicateKeysInOneRequestEachGetTheValue() {
    Key a = key("dup", 1);
    Key b = key("dup", 2);
    Key missing = key("dup", 3);
    sut().put(Entry.of(a, utf8("a")), Entry.of(b, utf8("bb")));

    List<Key> request = List.of(a, b, a, missing, a, missing, b);
    assertReads(request, sut().get(request),
        k -> k.equals(a) ? utf8("a") : k.equals(b) ? utf8("bb") : null);
  }

  @Test
  default void keysWithAnyPartitionBytesAndSortKeysAreDistinctAndRoundTrip() {
    List<byte[]> partitions = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      partitions.add(new byte[] {(byte) b});
    }
    // Empty, prefixes of one another, and trailing zeros: a key layout must keep them apart.
    partitions.add(new byte[0]);
    partitions.add(new byte[] {0, 0});
    partitions.add(new byte[] {(byte) 0xFF, (byte) 0xFF});
    partitions.add(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0});
    byte[] everyByte = new byte[256];
    for (int b = 0; b < 256; b++) {
      everyByte[b] = (byte) (255 - b);
    }
    if (sut().capabilities().maxKeyBytes() >= everyByte.length) {
      partitions.add(everyByte);
    }
    long[] sorts = {Long.MIN_VALUE, -1L << 40, -1, 0, 1, 255, 256, Long.MAX_VALUE};

    Map<Key, byte[]> written = new HashMap<>();
    List<Entry> entries = new ArrayList<>();
    int n = 0;
    for (byte[] p : partitions) {
      for (long s : sorts) {
        Key k = Key.of(p, s);
        byte[] v = utf8("value " + n++);
        written.put(k, v);
        entries.add(Entry.of(k, v));
      }
    }
    sut().put(entries);

    List<Key> request = new ArrayList<>(written.keySet());
    Collections.shuffle(request, new Random(7));
    assertReads(request, sut().get(request), written::get);
  }

  @ParameterizedTest
  @EnumSource(ValueSize.class)
  default void valuesRoundTripByteExact(ValueSize size) {
    byte[] value = random(size.ordinal(), size.bytes(sut().capabilities()));
    Key k = key("size", size.ordinal());
    Key neighbour = key("size", size.ordinal() + 1000);
    sut().put(Entry.of(k, value), Entry.of(neighbour, utf8("neighbour")));

    List<Key> request = List.of(k, neighbour);
    assertReads(request, sut().get(request), x -> x.equals(k) ? value : utf8("neighbour"));
  }

  @Test
  default void valueOneByteOverTheMaximumIsRejectedAndNothingIsWritten() {
    int max = sut().capabilities().maxValueBytes();
    Key small = key("too-large", 1);
    Key large = key("too-large", 2);
    List<Entry> entries = List.of(Entry.of(small, utf8("small")), Entry.of(large, new byte[max + 1]));

    sut().expectError(sut().store(), Kind.VALUE_TOO_LARGE, "multiPut of a value of maxValueBytes + 1",
        () -> sut().store().multiPut(sut().dataset(), entries));
    List<Key> request = List.of(small, large);
    assertReads(request, sut().get(request), x -> null);
  }

  @Test
  default void partitionOfMaxKeyBytesIsAcceptedAndOneByteMoreIsRejected() {
    int max = sut().capabilities().maxKeyBytes();
    Key longest = Key.of(random(1, max), 1);
    Key tooLong = Key.of(random(2, max + 1), 1);
    sut().put(Entry.of(longest, utf8("longest")));
    assertSameBytes("value under a partition of maxKeyBytes", sut().get(longest).orElseThrow(), utf8("longest"));

    sut().expectError(sut().store(), Kind.VALUE_TOO_LARGE, "multiPut with a partition of maxKeyBytes + 1",
        () -> sut().store().multiPut(sut().dataset(), List.of(Entry.of(tooLong, utf8("x")))));
  }

  @Test
  default void overwriteReplacesTheWholeValue() {
    Key k = key("overwrite", 1);
    byte[][] versions = {random(1, 1000), utf8("short"), new byte[0], random(2, 2000)};
    for (byte[] v : versions) {
      sut().put(Entry.of(k, v));
      assertSameBytes("value after overwrite with " + v.length + " bytes", sut().get(k).orElseThrow(
          () -> new AssertionError("value missing after overwrite with " + v.length + " bytes")), v);
    }
  }

  @Test
  default void laterEntryForTheSameKeyWinsWithinOneCall() {
    Key k = key("last-wins", 1);
    Key other = key("last-wins", 2);
    sut().put(Entry.of(k, utf8("first")), Entry.of(other, utf8("other")), Entry.of(k, utf8("second")),
        Entry.of(k, utf8("third and last")));

    List<Key> request = List.of(k, other);
    assertReads(request, sut().get(request), x -> x.equals(k) ? utf8("third and last") : utf8("other"));
  }
}
