package io.tilekv.store.hbase;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.Key;
import io.tilekv.store.hbase.internal.HBaseRowKeys;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The row key keeps each partition's rows together and in signed sort-key order. */
class HBaseRowKeysProperties {

  @Property
  void rowOrderIsSortKeyOrderWithinAPartition(@ForAll("partitions") byte[] partition, @ForAll long a, @ForAll long b) {
    int rows = Arrays.compareUnsigned(HBaseRowKeys.row(partition, a), HBaseRowKeys.row(partition, b));
    assertThat(Integer.signum(rows)).isEqualTo(Integer.signum(Long.compare(a, b)));
  }

  @Property
  void noRowOfAnotherPartitionFallsInsideAPartitionsRange(@ForAll("partitions") byte[] p, @ForAll("partitions") byte[] q,
      @ForAll long sort) {
    if (Arrays.equals(p, q)) {
      return;
    }
    byte[] row = HBaseRowKeys.row(q, sort);
    boolean inside = Arrays.compareUnsigned(row, HBaseRowKeys.row(p, Long.MIN_VALUE)) >= 0
        && Arrays.compareUnsigned(row, HBaseRowKeys.row(p, Long.MAX_VALUE)) <= 0;
    assertThat(inside).isFalse();
  }

  /** The hard case on purpose: q extends p by a byte, so without a delimiter their rows would interleave. */
  @Property
  void aPartitionThatExtendsAnotherStaysOutsideItsRange(@ForAll("partitions") byte[] p, @ForAll byte extra,
      @ForAll long sortOfP, @ForAll long sortOfQ) {
    byte[] q = Arrays.copyOf(p, p.length + 1);
    q[p.length] = extra;
    byte[] rowQ = HBaseRowKeys.row(q, sortOfQ);
    assertThat(Arrays.compareUnsigned(rowQ, HBaseRowKeys.row(p, Long.MIN_VALUE)) < 0
        || Arrays.compareUnsigned(rowQ, HBaseRowKeys.row(p, Long.MAX_VALUE)) > 0).isTrue();
    assertThat(HBaseRowKeys.row(p, sortOfP)).isNotEqualTo(rowQ);
  }

  @Property
  void aRowParsesBackToItsKey(@ForAll("partitions") byte[] partition, @ForAll long sort) {
    Key key = Key.of(partition, sort);
    assertThat(HBaseRowKeys.keyOf(HBaseRowKeys.row(key))).isEqualTo(key);
    assertThat(HBaseRowKeys.sortOf(HBaseRowKeys.row(key))).isEqualTo(sort);
  }

  @Property
  void negativeSortKeysComeBeforePositiveOnes(@ForAll("partitions") byte[] partition,
      @ForAll("negative") long negative, @ForAll("nonNegative") long nonNegative) {
    assertThat(Arrays.compareUnsigned(HBaseRowKeys.row(partition, negative), HBaseRowKeys.row(partition, nonNegative)))
        .isNegative();
  }

  @Provide
  Arbitrary<byte[]> partitions() {
    // Short ones collide on prefixes often; long ones need a two-byte length prefix.
    return Arbitraries.oneOf(
        Arbitraries.bytes().between((byte) 0, (byte) 2).array(byte[].class).ofMaxSize(4),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
        Arbitraries.bytes().array(byte[].class).ofMinSize(120).ofMaxSize(300));
  }

  @Provide
  Arbitrary<Long> negative() {
    return Arbitraries.longs().between(Long.MIN_VALUE, -1);
  }

  @Provide
  Arbitrary<Long> nonNegative() {
    return Arbitraries.longs().between(0, Long.MAX_VALUE);
  }
}
