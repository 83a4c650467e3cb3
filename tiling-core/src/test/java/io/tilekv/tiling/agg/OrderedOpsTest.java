package io.tilekv.tiling.agg;

import static io.tilekv.tiling.ColumnType.BYTES;
import static io.tilekv.tiling.ColumnType.DOUBLE;
import static io.tilekv.tiling.ColumnType.LONG;
import static io.tilekv.tiling.ColumnType.STRING;
import static io.tilekv.tiling.agg.Operation.BOTTOM_K;
import static io.tilekv.tiling.agg.Operation.FIRST_K;
import static io.tilekv.tiling.agg.Operation.LAST_K;
import static io.tilekv.tiling.agg.Operation.MAX;
import static io.tilekv.tiling.agg.Operation.MIN;
import static io.tilekv.tiling.agg.Operation.TOP_K;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MIN, MAX and the *_K operations: the SPEC's total order, ties and empty results. */
class OrderedOpsTest {

  @Test
  void minAndMaxUseTheTotalOrderOfDoublesWithNegativeZeroBelowZeroAndNaNOnTop() {
    List<Double> values = List.of(0.0, Double.NaN, -0.0, Double.POSITIVE_INFINITY, -1.5);
    assertThat(Agg.of(MIN, DOUBLE).finalized(values)).isEqualTo(-1.5);
    assertThat(Agg.of(MAX, DOUBLE).finalized(values)).isEqualTo(Double.NaN);
    assertThat(Agg.of(MIN, DOUBLE).finalized(List.of(0.0, -0.0))).isEqualTo(-0.0);
    assertThat(Agg.of(MAX, DOUBLE).finalized(List.of(-0.0, 0.0))).isEqualTo(0.0);
  }

  @Test
  void minAndMaxAreNullWhenEmptyAndKeepTheInputType() {
    assertThat(Agg.of(MIN, LONG).empty()).isNull();
    assertThat(Agg.of(MAX, STRING).finalized(List.of("b", "ab", "c"))).isEqualTo("c");
  }

  @Test
  void bytesCompareByUnsignedContentAndFinalizeToAFreshArray() {
    byte[] low = {0x01};
    byte[] high = {(byte) 0x80};
    Object max = Agg.of(MAX, BYTES).finalized(List.of(low, high));
    assertThat((byte[]) max).containsExactly(0x80).isNotSameAs(high);
  }

  @Test
  void lastKListsTheNewestFirstAndOnATimestampTieTheGreaterValueFirst() {
    Agg lastK = Agg.of(LAST_K, STRING, Map.of("k", 3));
    assertThat(lastK.finalizedTimed("a", 1, "b", 5, "c", 5, "d", 3, "e", 2))
        .isEqualTo(List.of("c", "b", "d"));
    assertThat(lastK.empty()).isNull();
  }

  @Test
  void firstKListsTheOldestFirstAndOnATimestampTieTheSmallerValueFirst() {
    Agg firstK = Agg.of(FIRST_K, LONG, Map.of("k", 2));
    assertThat(firstK.finalizedTimed(9L, 4, 7L, 1, 3L, 1)).isEqualTo(List.of(3L, 7L));
  }

  @Test
  void kBoundedListsKeepDuplicatesAsEvents() {
    assertThat(Agg.of(TOP_K, LONG, Map.of("k", 3)).finalized(List.of(5L, 1L, 5L, 3L, 5L)))
        .isEqualTo(List.of(5L, 5L, 5L));
    assertThat(Agg.of(LAST_K, LONG, Map.of("k", 3)).finalizedTimed(1L, 7, 1L, 7))
        .isEqualTo(List.of(1L, 1L));
  }

  @Test
  void topKIsDescendingAndBottomKAscendingWithFewerThanKValuesReturningAll() {
    List<Long> values = List.of(4L, -2L, 9L, 0L);
    assertThat(Agg.of(TOP_K, LONG, Map.of("k", 2)).finalized(values)).isEqualTo(List.of(9L, 4L));
    assertThat(Agg.of(BOTTOM_K, LONG, Map.of("k", 3)).finalized(values))
        .isEqualTo(List.of(-2L, 0L, 4L));
    assertThat(Agg.of(TOP_K, LONG).finalized(values)).as("default k is 10")
        .isEqualTo(List.of(9L, 4L, 0L, -2L));
    assertThat(Agg.of(BOTTOM_K, LONG).empty()).isNull();
  }
}
