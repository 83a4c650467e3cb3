package io.tilekv.tiling.agg;

import static io.tilekv.tiling.ColumnType.DOUBLE;
import static io.tilekv.tiling.ColumnType.INT;
import static io.tilekv.tiling.agg.Operation.KURTOSIS;
import static io.tilekv.tiling.agg.Operation.SKEW;
import static io.tilekv.tiling.agg.Operation.VARIANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** VARIANCE, SKEW, KURTOSIS: population statistics, null where undefined. */
class MomentsOpsTest {

  @Test
  void varianceIsThePopulationVariance() {
    // 2,4,4,4,5,5,7,9: mean 5, squared deviations sum 32, population variance 4.
    assertThat((Double) Agg.of(VARIANCE, INT).finalized(List.of(2, 4, 4, 4, 5, 5, 7, 9)))
        .isCloseTo(4.0, within(1e-12));
    assertThat(Agg.of(VARIANCE, INT).finalized(List.of(3))).isEqualTo(0.0);
    assertThat(Agg.of(VARIANCE, INT).empty()).isNull();
  }

  @Test
  void skewAndKurtosisMatchTheirTextbookValues() {
    // 1,2,3,10: mean 4, M2 = 9+4+1+36 = 50, M3 = -27-8-1+216 = 180, M4 = 81+16+1+1296 = 1394.
    List<Integer> values = List.of(1, 2, 3, 10);
    assertThat((Double) Agg.of(SKEW, INT).finalized(values))
        .isCloseTo(Math.sqrt(4) * 180 / Math.pow(50, 1.5), within(1e-12));
    assertThat((Double) Agg.of(KURTOSIS, INT).finalized(values))
        .isCloseTo(4 * 1394 / 2500.0 - 3, within(1e-12));
  }

  @Test
  void skewAndKurtosisAreNullWithoutValuesOrWithoutSpread() {
    for (Operation op : List.of(SKEW, KURTOSIS)) {
      assertThat(Agg.of(op, DOUBLE).empty()).as("%s empty", op).isNull();
      assertThat(Agg.of(op, DOUBLE).finalized(List.of(0.1, 0.1, 0.1))).as("%s constant", op)
          .isNull();
    }
  }

  @Test
  void equalValuesSplitIntoTilesStillHaveExactlyZeroVariance() {
    Agg skew = Agg.of(SKEW, DOUBLE);
    Object merged = skew.aggregator.merge(skew.irOf(List.of(0.3, 0.3)), skew.irOf(List.of(0.3)));
    assertThat(skew.aggregator.finalizeValue(merged)).isNull();
  }

  @Test
  void mergedMomentsOfLargeOffsetDataStayAccurate() {
    // Values around 1e9 with unit spread defeat naive power sums; the pairwise merge does not.
    Random random = new Random(7);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      values.add(1e9 + random.nextGaussian());
    }
    Agg variance = Agg.of(VARIANCE, DOUBLE);
    Object merged = variance.aggregator.init();
    for (int from = 0; from < values.size(); from += 1000) {
      merged = variance.aggregator.merge(merged, variance.irOf(values.subList(from, from + 1000)));
    }
    double mean = values.stream().mapToDouble(d -> d - 1e9).average().orElseThrow();
    double expected = values.stream().mapToDouble(d -> (d - 1e9 - mean) * (d - 1e9 - mean))
        .sum() / values.size();
    assertThat((Double) variance.aggregator.finalizeValue(merged)).isCloseTo(expected, within(1e-6));
  }
}
