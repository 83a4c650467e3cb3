package io.tilekv.tiling.agg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.tiling.ColumnType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation of operations against input types and args, and the described result classes. */
class AggregatorsTest {

  @Test
  void arithmeticOverANonNumericColumnIsRejectedNamingOperationAndType() {
    assertThatThrownBy(() -> Aggregators.create(Operation.SUM, ColumnType.STRING, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SUM").hasMessageContaining("string");
    assertThatThrownBy(() -> Aggregators.create(Operation.APPROX_PERCENTILE, ColumnType.BOOLEAN,
        Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numeric");
  }

  @Test
  void unknownArgsAreRejectedListingTheAllowedOnes() {
    assertThatThrownBy(() -> Aggregators.create(Operation.TOP_K, ColumnType.LONG, Map.of("K", 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'K'").hasMessageContaining("[k]");
    assertThatThrownBy(() -> Aggregators.create(Operation.COUNT, ColumnType.LONG, Map.of("k", 3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes no args");
  }

  @Test
  void kMustBeAPositiveIntegerWithinTheLimit() {
    for (Object bad : List.of(0, -1, 1.5, "ten", Aggregators.MAX_K + 1, true)) {
      assertThatThrownBy(() -> Aggregators.create(Operation.LAST_K, ColumnType.STRING,
          Map.of("k", bad))).as("k = %s", bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k'");
    }
    assertThat(Aggregators.create(Operation.LAST_K, ColumnType.STRING, Map.of("k", "3"))).isNotNull();
    assertThat(Aggregators.create(Operation.LAST_K, ColumnType.STRING, Map.of("k", 3L))).isNotNull();
  }

  @Test
  void percentilesMustBeFractionsBetweenZeroAndOne() {
    for (Object bad : List.of(List.of(0.5, 1.5), List.of(-0.1), List.of(), List.of("x"), 99)) {
      assertThatThrownBy(() -> Aggregators.create(Operation.APPROX_PERCENTILE, ColumnType.DOUBLE,
          Map.of("percentiles", bad))).as("percentiles = %s", bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("percentiles");
    }
    assertThatThrownBy(() -> Aggregators.create(Operation.APPROX_PERCENTILE, ColumnType.DOUBLE,
        Map.of("k", 4))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[8,");
  }

  @Test
  void lgKOfApproxUniqueCountIsChecked() {
    assertThatThrownBy(() -> Aggregators.create(Operation.APPROX_UNIQUE_COUNT, ColumnType.STRING,
        Map.of("lgK", 27))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lgK");
  }

  @Test
  void onlyTheSketchOperationsAreApproximate() {
    assertThat(List.of(Operation.values())).filteredOn(Aggregators::isApproximate)
        .containsExactly(Operation.APPROX_UNIQUE_COUNT, Operation.APPROX_PERCENTILE,
            Operation.APPROX_FREQUENT_K);
  }

  @Test
  void everyNonEmptyResultHasItsDescribedClassAndEmptyResultsFollowTheSpec() {
    for (Case c : Case.all()) {
      Agg agg = c.agg();
      Object value = agg.finalized(Gen.pair(c.type()));
      assertThat(value).as("%s", c).isInstanceOf(Aggregators.resultClass(c.op(), c.type()));
      Object empty = agg.empty();
      switch (c.op()) {
        case COUNT: case UNIQUE_COUNT: case BOUNDED_UNIQUE_COUNT: case APPROX_UNIQUE_COUNT:
          assertThat(empty).as("%s over nothing", c).isEqualTo(0L);
          break;
        default:
          assertThat(empty).as("%s over nothing", c).isNull();
      }
    }
  }
}
