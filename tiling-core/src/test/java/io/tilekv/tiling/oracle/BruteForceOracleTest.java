package io.tilekv.tiling.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.spi.EntityKey;
import io.tilekv.tiling.Aggregation;
import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.Durations;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.agg.Operation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BruteForceOracleTest {
  static final long H = Durations.HOUR;
  static final long M = Durations.MINUTE;
  static final GroupBy G = GroupBy.builder("oracle")
      .column("user", ColumnType.STRING).column("ts", ColumnType.LONG).column("price", ColumnType.LONG)
      .keys("user").timestamp("ts")
      .aggregation(Aggregation.of("price", Operation.SUM, "1h"))
      .aggregation(Aggregation.of("price", Operation.LAST, "1h"))
      .aggregation(Aggregation.builder("price", Operation.TOP_K).arg("k", 2).windows("1h").build())
      .aggregation(Aggregation.of("user", Operation.COUNT, "1h"))
      .build();

  @Test
  void windowIncludesItsSawtoothTailAndExcludesTheQueryTimeAndOtherKeys() {
    long q = 10 * H + 7 * M; // 1h window, hop 5m: start 09:05
    List<Row> events = List.of(
        G.row("ann", 9 * H + 4 * M, 100L),   // before the start
        G.row("ann", 9 * H + 5 * M, 1L),     // the first included instant
        G.row("ann", 10 * H, 5L),
        G.row("ann", 10 * H, 3L),            // LAST tie: the greater value wins
        G.row("ann", 10 * H + 6 * M, null),  // null input: counted by nothing but COUNT of user
        G.row("ann", q, 1000L),              // at the query time: excluded
        G.row("bob", 10 * H, 7L));
    Map<String, Object> f = BruteForceOracle.features(G, events, EntityKey.of("ann"), q);
    assertThat(f).containsExactly(Map.entry("price_sum_1h", 9L), Map.entry("price_last_1h", 5L),
        Map.entry("price_top_k_1h", List.of(5L, 3L)), Map.entry("user_count_1h", 4L));
  }

  @Test
  void asStoredIncludesEventsUpToTheEndOfTheLastPlannedTile() {
    long q = 10 * H + 7 * M; // last tile [10:00, 11:00) with the default layers 5m/1h/1d
    List<Row> events = List.of(G.row("ann", 10 * H + 8 * M, 2L), G.row("ann", 10 * H + 59 * M, 50L),
        G.row("ann", 11 * H, 1000L));
    assertThat(BruteForceOracle.featuresAsStored(G, events, EntityKey.of("ann"), q)).containsEntry("price_sum_1h", 52L);
    assertThat(BruteForceOracle.features(G, events, EntityKey.of("ann"), q)).containsEntry("price_sum_1h", null);
  }

  @Test
  void unseenKeyGivesZeroCountsAndNulls() {
    Map<String, Object> f = BruteForceOracle.features(G, List.of(), EntityKey.of("nobody"), H);
    assertThat(f).containsEntry("user_count_1h", 0L).containsEntry("price_sum_1h", null)
        .containsEntry("price_top_k_1h", null);
  }

  @Test
  void randomEventsAreReproducibleAndUseTheHotKeyMost() {
    List<Row> a = RandomEvents.of(G, 9).count(500).keys(5).generate();
    assertThat(RandomEvents.of(G, 9).count(500).keys(5).generate()).isEqualTo(a);
    assertThat(RandomEvents.of(G, 10).count(500).keys(5).generate()).isNotEqualTo(a);
    EntityKey hot = RandomEvents.of(G, 9).keys(5).entityKeys().get(0);
    long hotCount = a.stream().filter(r -> G.entityKey(r).equals(hot)).count();
    assertThat(hotCount).isGreaterThan(500 / 5);
    List<Long> times = a.stream().map(Row::timestamp).toList();
    assertThat(times).isNotEqualTo(times.stream().sorted().toList());
  }
}
