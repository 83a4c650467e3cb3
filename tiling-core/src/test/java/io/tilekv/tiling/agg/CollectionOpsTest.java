package io.tilekv.tiling.agg;

import static io.tilekv.tiling.ColumnType.BYTES;
import static io.tilekv.tiling.ColumnType.DOUBLE;
import static io.tilekv.tiling.ColumnType.STRING;
import static io.tilekv.tiling.agg.Operation.BOUNDED_UNIQUE_COUNT;
import static io.tilekv.tiling.agg.Operation.HISTOGRAM;
import static io.tilekv.tiling.agg.Operation.UNIQUE_COUNT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** UNIQUE_COUNT, BOUNDED_UNIQUE_COUNT and HISTOGRAM. */
class CollectionOpsTest {

  @Test
  void uniqueCountIsExactAndZeroWhenEmpty() {
    Agg unique = Agg.of(UNIQUE_COUNT, STRING);
    assertThat(unique.finalized(List.of("a", "b", "a", ""))).isEqualTo(3L);
    assertThat(unique.empty()).isEqualTo(0L);
  }

  @Test
  void bytesAreDistinctByContentNotByArrayIdentity() {
    assertThat(Agg.of(UNIQUE_COUNT, BYTES).finalized(
        List.of(new byte[] {1}, new byte[] {1}, new byte[0]))).isEqualTo(2L);
  }

  @Test
  void doublesAreDistinctAsInTheTotalOrderSoZeroAndNegativeZeroAreTwoValues() {
    assertThat(Agg.of(UNIQUE_COUNT, DOUBLE).finalized(
        List.of(0.0, -0.0, Double.NaN, Double.NaN))).isEqualTo(3L);
  }

  @Test
  void boundedUniqueCountStopsAtKAcrossMerges() {
    Agg bounded = Agg.of(BOUNDED_UNIQUE_COUNT, STRING, Map.of("k", 2));
    assertThat(bounded.finalized(List.of("a", "b", "c"))).isEqualTo(2L);
    assertThat(bounded.finalized(List.of("a", "a"))).isEqualTo(1L);
    assertThat(bounded.empty()).isEqualTo(0L);
    Object merged = bounded.aggregator.merge(bounded.irOf(List.of("a", "b")),
        bounded.irOf(List.of("c", "d")));
    assertThat(bounded.aggregator.finalizeValue(merged)).isEqualTo(2L);
  }

  @Test
  void histogramCountsEachValueSortedByValueAndIsNullWhenEmpty() {
    Agg histogram = Agg.of(HISTOGRAM, STRING);
    Object value = histogram.finalized(List.of("b", "a", "b"));
    assertThat(value).isInstanceOf(Map.class);
    assertThat(((Map<?, ?>) value).entrySet()).map(Object::toString).containsExactly("a=1", "b=2");
    assertThat(histogram.empty()).isNull();
  }

  @Test
  void histogramOfBytesCanBeLookedUpByContent() {
    @SuppressWarnings("unchecked")
    Map<Object, Long> histogram = (Map<Object, Long>) Agg.of(HISTOGRAM, BYTES)
        .finalized(List.of(new byte[] {7}, new byte[] {7}));
    assertThat(histogram.get(new byte[] {7})).isEqualTo(2L);
  }
}
