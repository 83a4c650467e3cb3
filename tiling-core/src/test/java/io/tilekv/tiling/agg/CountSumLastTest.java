package io.tilekv.tiling.agg;

import static io.tilekv.tiling.ColumnType.DOUBLE;
import static io.tilekv.tiling.ColumnType.INT;
import static io.tilekv.tiling.ColumnType.LONG;
import static io.tilekv.tiling.ColumnType.STRING;
import static io.tilekv.tiling.agg.Operation.AVERAGE;
import static io.tilekv.tiling.agg.Operation.COUNT;
import static io.tilekv.tiling.agg.Operation.FIRST;
import static io.tilekv.tiling.agg.Operation.LAST;
import static io.tilekv.tiling.agg.Operation.SUM;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CountSumLastTest {

  @Test
  void countCountsValuesAndIsZeroWhenEmpty() {
    Agg count = Agg.of(COUNT, STRING);
    assertThat(count.finalized(List.of("a", "b", "a"))).isEqualTo(3L);
    assertThat(count.empty()).isEqualTo(0L);
  }

  @Test
  void sumOfIntegralInputIsALongAndNullWhenEmpty() {
    Agg sum = Agg.of(SUM, INT);
    assertThat(sum.finalized(List.of(1, 2, -5))).isEqualTo(-2L);
    assertThat(sum.finalized(List.of(0))).isEqualTo(0L);
    assertThat(sum.empty()).isNull();
  }

  @Test
  void sumOfLongsWrapsAroundOnOverflowIndependentlyOfOrder() {
    Agg sum = Agg.of(SUM, LONG);
    assertThat(sum.finalized(List.of(Long.MAX_VALUE, 1L, -1L)))
        .isEqualTo(sum.finalized(List.of(-1L, Long.MAX_VALUE, 1L)))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void sumOfDoublesIsADoubleCompensatedAgainstCancellation() {
    Agg sum = Agg.of(SUM, DOUBLE);
    assertThat(sum.finalized(List.of(1e100, 1.0, -1e100))).isEqualTo(1.0);
    assertThat(sum.finalized(List.of(0.1, 0.2))).isEqualTo(0.1 + 0.2);
    assertThat(sum.empty()).isNull();
  }

  @Test
  void averageIsTheMeanAsDoubleAndNullWhenEmpty() {
    Agg avg = Agg.of(AVERAGE, LONG);
    assertThat(avg.finalized(List.of(1L, 2L))).isEqualTo(1.5);
    assertThat(avg.empty()).isNull();
  }

  @Test
  void lastIsTheValueOfTheLatestEventWhateverTheArrivalOrder() {
    Agg last = Agg.of(LAST, STRING);
    assertThat(last.finalizedTimed("b", 20, "a", 10)).isEqualTo("b");
    assertThat(last.finalizedTimed("a", 10, "b", 20)).isEqualTo("b");
    assertThat(last.empty()).isNull();
  }

  @Test
  void lastKeepsTheGreaterValueOnATimestampTie() {
    Agg last = Agg.of(LAST, LONG);
    assertThat(last.finalizedTimed(5L, 7, 9L, 7, 1L, 7)).isEqualTo(9L);
    assertThat(last.finalizedTimed(1L, 7, 9L, 7, 5L, 7)).isEqualTo(9L);
  }

  @Test
  void firstIsTheEarliestAndKeepsTheSmallerValueOnATie() {
    Agg first = Agg.of(FIRST, STRING);
    assertThat(first.finalizedTimed("z", 3, "y", 1, "x", 1, "w", 2)).isEqualTo("x");
    assertThat(first.empty()).isNull();
  }

  @Test
  void lastOfIntInputKeepsTheInputType() {
    assertThat(Agg.of(LAST, INT).finalizedTimed(4, 1)).isEqualTo(4);
  }
}
