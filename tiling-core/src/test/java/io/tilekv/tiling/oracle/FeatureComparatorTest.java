package io.tilekv.tiling.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.tiling.Aggregation;
import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.agg.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureComparatorTest {
  static final GroupBy G = GroupBy.builder("compare")
      .column("k", ColumnType.STRING).column("ts", ColumnType.LONG).column("x", ColumnType.DOUBLE)
      .column("y", ColumnType.BYTES).keys("k").timestamp("ts")
      .aggregation(Aggregation.of("x", Operation.AVERAGE, "1h"))
      .aggregation(Aggregation.of("y", Operation.MAX, "1h"))
      .aggregation(Aggregation.of("x", Operation.APPROX_UNIQUE_COUNT, "1h"))
      .aggregation(Aggregation.builder("x", Operation.APPROX_PERCENTILE).arg("percentiles", List.of(0.5)).windows("1h").build())
      .build();

  static Map<String, Object> expected() {
    double[] sorted = new double[1000];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = i;
    }
    Map<String, Object> m = new HashMap<>();
    m.put("x_average_1h", 0.3);
    m.put("y_max_1h", new byte[] {1, 2});
    m.put("x_approx_unique_count_1h", 1000L);
    m.put("x_approx_percentile_1h", new ExactQuantiles(List.of(499.0), sorted, new double[] {0.5}));
    return m;
  }

  static Map<String, Object> actual(double avg, byte[] max, long distinct, double median) {
    return Map.of("x_average_1h", avg, "y_max_1h", max, "x_approx_unique_count_1h", distinct,
        "x_approx_percentile_1h", List.of(median));
  }

  @Test
  void agreesWithinTolerancesAndBounds() {
    assertThat(FeatureComparator.mismatches(G, expected(), actual(0.1 + 0.2, new byte[] {1, 2}, 1010, 505))).isEmpty();
  }

  @Test
  void describesEveryDifferenceReadably() {
    assertThat(FeatureComparator.mismatches(G, expected(), actual(0.31, new byte[] {1, 3}, 1200, 600)))
        .containsExactly(
            "x_average_1h: expected 0.3 but was 0.31 (beyond relative tolerance 1.0E-9)",
            "y_max_1h: expected 0x0102 but was 0x0103",
            "x_approx_unique_count_1h: estimate 1200 is off the exact 1000 by more than 47.0 (lgK 13)",
            "x_approx_percentile_1h: value 600.0 for rank 0.5 has true ranks [0.6, 0.601], beyond rank error "
                + 2 * org.apache.datasketches.kll.KllSketch.getNormalizedRankError(200, false)
                + "; exactly [499.0] at ranks [0.5] of 1000 values");
  }

  @Test
  void missingAndUnexpectedFeaturesAreDifferences() {
    Map<String, Object> a = new HashMap<>(actual(0.3, new byte[] {1, 2}, 1000, 499));
    a.remove("y_max_1h");
    a.put("z_count_1h", 1L);
    assertThat(FeatureComparator.mismatches(G, expected(), a))
        .containsExactly("y_max_1h: missing, expected 0x0102", "z_count_1h: unexpected feature");
  }
}
