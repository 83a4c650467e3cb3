package io.tilekv.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.tiling.agg.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GroupByAggregatorTest {
  static final GroupBy G = GroupBy.builder("aggs")
      .column("k", ColumnType.STRING).column("ts", ColumnType.LONG).column("x", ColumnType.LONG)
      .keys("k").timestamp("ts")
      .aggregation(Aggregation.of("x", Operation.SUM, "1h", "1d"))
      .aggregation(Aggregation.of("x", Operation.FIRST, "1d"))
      .aggregation(Aggregation.builder("x", Operation.LAST_K).arg("k", 3).windows("1h").build())
      .build();
  final GroupByAggregator agg = new GroupByAggregator(G);

  @Test
  void oneIrArrayServesEveryWindowWithOnlyItsOwnFeatures() {
    Object[] irs = agg.init();
    agg.update(irs, G.row("a", 1L, 5L));
    agg.update(irs, G.row("a", 2L, 7L));
    assertThat(irs).hasSize(3);
    assertThat(agg.finalizeWindow(Window.parse("1h"), irs)).containsOnlyKeys("x_sum_1h", "x_last_k_1h")
        .containsEntry("x_last_k_1h", List.of(7L, 5L));
    assertThat(agg.finalizeWindow(Window.parse("1d"), irs)).containsOnlyKeys("x_sum_1d", "x_first_1d")
        .containsEntry("x_first_1d", 5L);
  }

  @Test
  void mergingTilesInAnyOrderGivesTheSameFeatures() {
    List<Object[]> tiles = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      Object[] irs = agg.init();
      for (int e = 0; e < 5; e++) {
        agg.update(irs, G.row("a", (long) (t * 10 + e), (long) (t * 7 - e)));
      }
      tiles.add(irs);
    }
    Object expected = agg.finalizeWindow(Window.parse("1h"), agg.mergeAll(tiles));
    Collections.shuffle(tiles, new Random(3));
    assertThat(agg.finalizeWindow(Window.parse("1h"), agg.mergeAll(tiles))).isEqualTo(expected);
  }

  @Test
  void mergeLeavesItsSecondArgumentAndCopiesAreIndependent() {
    Object[] tile = agg.update(agg.init(), G.row("a", 1L, 5L));
    Object[] copy = agg.copy(tile);
    agg.merge(agg.merge(agg.init(), tile), tile);
    agg.update(copy, G.row("a", 2L, 100L));
    assertThat(agg.finalizeWindow(Window.parse("1h"), tile)).containsEntry("x_sum_1h", 5L);
  }

  @Test
  void windowThatNoAggregationHasIsRejected() {
    assertThatThrownBy(() -> agg.finalizeWindow(Window.parse("7d"), agg.init()))
        .hasMessageContaining("window 7d is not one of");
  }
}
