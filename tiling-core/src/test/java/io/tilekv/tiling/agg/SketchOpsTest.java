package io.tilekv.tiling.agg;

import static io.tilekv.tiling.ColumnType.DOUBLE;
import static io.tilekv.tiling.ColumnType.LONG;
import static io.tilekv.tiling.ColumnType.STRING;
import static io.tilekv.tiling.agg.Operation.APPROX_FREQUENT_K;
import static io.tilekv.tiling.agg.Operation.APPROX_PERCENTILE;
import static io.tilekv.tiling.agg.Operation.APPROX_UNIQUE_COUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.datasketches.kll.KllSketch;
import org.junit.jupiter.api.Test;

/** The sketch operations, in their estimation regimes, against their documented error bounds. */
class SketchOpsTest {

  @Test
  void approxUniqueCountIsZeroWhenEmptyAndCountsTheEmptyString() {
    Agg cpc = Agg.of(APPROX_UNIQUE_COUNT, STRING);
    assertThat(cpc.empty()).isEqualTo(0L);
    assertThat(cpc.finalized(List.of("", "a", "", "a"))).isEqualTo(2L);
  }

  @Test
  void approxUniqueCountOfManyTilesIsWithinThreeHllStandardErrors() {
    Agg cpc = Agg.of(APPROX_UNIQUE_COUNT, LONG);
    Object merged = cpc.aggregator.init();
    List<Long> tile = new ArrayList<>();
    for (long v = 0; v < 200_000; v++) {
      tile.add(v % 150_000); // 150,000 distinct, with repeats across tiles
      if (tile.size() == 10_000) {
        merged = cpc.aggregator.merge(merged, cpc.roundTrip(cpc.irOf(tile)));
        tile.clear();
      }
    }
    double bound = 3 * 1.04 / Math.sqrt(1 << Aggregators.DEFAULT_LG_K) * 150_000;
    assertThat((Long) cpc.aggregator.finalizeValue(merged)).isCloseTo(150_000L,
        within((long) bound));
  }

  @Test
  void approxPercentilesAreWithinKllRankErrorInRequestOrder() {
    Agg kll = Agg.of(APPROX_PERCENTILE, LONG, Map.of("percentiles", List.of(0.99, 0.5, 0.0, 1.0)));
    List<Long> values = new ArrayList<>();
    for (long v = 1; v <= 100_000; v++) {
      values.add(v);
    }
    java.util.Collections.shuffle(values, new Random(3));
    @SuppressWarnings("unchecked")
    List<Double> q = (List<Double>) kll.finalized(values);
    double eps = KllSketch.getNormalizedRankError(Aggregators.DEFAULT_KLL_K, false) * 100_000;
    assertThat(q.get(0)).isCloseTo(99_000, within(eps));
    assertThat(q.get(1)).isCloseTo(50_000, within(eps));
    assertThat(q.get(2)).as("min is kept exactly").isEqualTo(1.0);
    assertThat(q.get(3)).as("max is kept exactly").isEqualTo(100_000.0);
  }

  @Test
  void approxPercentileDefaultsToTheMedianAndIsNullWhenEmptyOrAllNaN() {
    Agg kll = Agg.of(APPROX_PERCENTILE, DOUBLE);
    assertThat(kll.finalized(List.of(1.0, 2.0, 3.0))).isEqualTo(List.of(2.0));
    assertThat(kll.empty()).isNull();
    assertThat(kll.finalized(List.of(Double.NaN))).isNull();
  }

  @Test
  void approxFrequentKIsExactBelowCapacityOrderedByCountThenItem() {
    Agg frequent = Agg.of(APPROX_FREQUENT_K, STRING, Map.of("k", 2));
    Map<Object, Object> expected = new LinkedHashMap<>();
    expected.put("c", 3L);
    expected.put("a", 2L);
    assertThat(frequent.finalized(List.of("c", "b", "a", "c", "a", "c", "b")))
        .isEqualTo(expected);
    assertThat(frequent.empty()).isNull();
  }

  @Test
  void approxFrequentKFindsHeavyHittersBeyondCapacityWithinTheSketchError() {
    Agg frequent = Agg.of(APPROX_FREQUENT_K, LONG, Map.of("k", 3));
    List<Long> values = new ArrayList<>();
    Random random = new Random(11);
    for (int i = 0; i < 50_000; i++) {
      int r = random.nextInt(100);
      values.add(r < 20 ? 1L : r < 30 ? 2L : r < 35 ? 3L : 1000L + random.nextInt(100_000));
    }
    @SuppressWarnings("unchecked")
    Map<Object, Long> top = (Map<Object, Long>) frequent.finalized(values);
    long n1 = values.stream().filter(v -> v == 1L).count();
    long n3 = values.stream().filter(v -> v == 3L).count();
    double maxError = 3.5 / (1 << FrequentItemsAggregator.defaultLgMaxMapSize(3)) * values.size();
    assertThat(top.keySet()).containsExactly(1L, 2L, 3L);
    assertThat((double) top.get(1L)).isBetween((double) n1, n1 + maxError);
    assertThat((double) top.get(3L)).isBetween((double) n3, n3 + maxError);
  }

  @Test
  void approxFrequentKNeverUnderestimatesWhenATileLostAllItsCounters() {
    // Map size 8 holds 6 counters: a 7th distinct value purges, and equal counts all go.
    Agg frequent = Agg.of(APPROX_FREQUENT_K, LONG, Map.of("k", 1, "lgMaxMapSize", 3));
    Object spread = frequent.irOf(List.of(7L, 1001L, 1002L, 1003L, 1004L, 1005L, 1006L));
    assertThat(((FrequentItemsAggregator.Frequent) spread).sketch.isEmpty())
        .as("precondition: the spread tile kept no counter").isTrue();
    Object merged = frequent.aggregator.merge(frequent.irOf(List.of(7L, 7L, 7L, 7L)),
        frequent.roundTrip(spread));
    @SuppressWarnings("unchecked")
    Map<Object, Long> top = (Map<Object, Long>) frequent.aggregator.finalizeValue(merged);
    assertThat(top).as("7 occurred 5 times; DataSketches alone would say 4").containsEntry(7L, 5L);
  }
}
