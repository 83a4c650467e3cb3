package io.tilekv.tiling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tilekv.tiling.agg.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TilePlannerTest {
  static final long MIN = Durations.MINUTE;
  static final long HOUR = Durations.HOUR;
  static final long DAY = Durations.DAY;
  static final long TODAY = Instant.parse("2024-01-15T00:00:00Z").toEpochMilli();
  static final long Q = TODAY + 14 * HOUR + 34 * MIN;

  static GroupBy groupBy(String... layers) {
    return GroupBy.builder("plans")
        .column("k", ColumnType.STRING).column("ts", ColumnType.LONG)
        .keys("k").timestamp("ts").layers(layers)
        .aggregation(Aggregation.of("k", Operation.COUNT, "6h", "1d"))
        .build();
  }

  @Test
  void workedExampleWithLayers5mAnd1hNeeds12And25TilesAndAUnionOf31() {
    TilePlan plan = TilePlanner.plan(groupBy("5m", "1h"), Q);

    WindowPlan sixHours = plan.window(Window.parse("6h"));
    assertThat(sixHours.start()).isEqualTo(TODAY + 8 * HOUR + 30 * MIN);
    assertThat(sixHours.tiles()).hasSize(12);
    assertThat(sixHours.tiles().subList(0, 6)).allMatch(t -> t.size() == 5 * MIN);
    assertThat(sixHours.tiles().subList(6, 12)).allMatch(t -> t.size() == HOUR);
    assertThat(sixHours.tiles().get(6).start()).isEqualTo(TODAY + 9 * HOUR);
    assertThat(sixHours.tiles().get(11).end()).isEqualTo(TODAY + 15 * HOUR);

    WindowPlan oneDay = plan.window(Window.parse("1d"));
    assertThat(oneDay.start()).isEqualTo(TODAY - 10 * HOUR);
    assertThat(oneDay.tiles()).hasSize(25).allMatch(t -> t.size() == HOUR);

    assertThat(plan.tiles()).hasSize(31);
    assertThat(plan.tiles().stream().filter(t -> t.start() >= TODAY)).hasSize(21);
  }

  @Test
  void workedExampleWithA1dLayerNeeds11TilesForTheDayAndAUnionOf23() {
    TilePlan plan = TilePlanner.plan(groupBy("5m", "1h", "1d"), Q);

    assertThat(plan.window(Window.parse("6h")).tiles()).hasSize(12);
    List<TileRef> day = plan.window(Window.parse("1d")).tiles();
    assertThat(day).hasSize(11);
    assertThat(day.subList(0, 10)).allMatch(t -> t.size() == HOUR);
    assertThat(day.get(10)).isEqualTo(new TileRef(DAY, TODAY));
    assertThat(plan.tiles()).hasSize(23);
  }

  @Test
  void unionIsOrderedBySizeThenStartWithoutDuplicates() {
    List<TileRef> union = TilePlanner.plan(groupBy("5m", "1h", "1d"), Q).tiles();
    assertThat(union).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void sevenDayWindowNeeds2023Or169Or17TilesAsLayersAreAdded() {
    assertThat(sevenDayTiles("5m")).isEqualTo(2023);
    assertThat(sevenDayTiles("5m", "1h")).isEqualTo(169);
    assertThat(sevenDayTiles("5m", "1h", "1d")).isEqualTo(17);
  }

  static int sevenDayTiles(String... layers) {
    GroupBy g = GroupBy.builder("seven")
        .column("k", ColumnType.STRING).column("ts", ColumnType.LONG)
        .keys("k").timestamp("ts").layers(layers)
        .aggregation(Aggregation.of("k", Operation.COUNT, "7d"))
        .build();
    return TilePlanner.plan(g, Q).tiles().size();
  }

  @Test
  void queryOnATileBoundaryNeedsNoTileStartingAtTheQueryTime() {
    long q = TODAY + 9 * HOUR;
    WindowPlan p = TilePlanner.plan(groupBy("5m", "1h"), q).window(Window.parse("6h"));
    assertThat(p.start()).isEqualTo(TODAY + 3 * HOUR);
    assertThat(p.tiles()).hasSize(6).allMatch(t -> t.start() < q);
  }

  @Test
  void jsonHasTheCommandLineShape() {
    GroupBy g = GroupBy.builder("plans")
        .column("k", ColumnType.STRING).column("ts", ColumnType.LONG)
        .keys("k").timestamp("ts").layers("5m", "1h")
        .aggregation(Aggregation.of("k", Operation.COUNT, "10m"))
        .build();
    long q = TODAY + 14 * HOUR + 4 * MIN;
    // 10m window, hop 5m: start 13:50; tiles 13:50, 13:55 (5m) then 14:00 (1h)
    String s1350 = Long.toString(TODAY + 13 * HOUR + 50 * MIN);
    String s1355 = Long.toString(TODAY + 13 * HOUR + 55 * MIN);
    String s1400 = Long.toString(TODAY + 14 * HOUR);
    assertThat(TilePlanner.plan(g, q).toJson()).isEqualTo(
        "{\"at\":" + q + ",\"tiles\":3,\"windows\":[{\"window\":\"10m\",\"hop\":\"5m\",\"start\":" + s1350
            + ",\"tiles\":[{\"size\":\"5m\",\"start\":" + s1350 + "},{\"size\":\"5m\",\"start\":" + s1355
            + "},{\"size\":\"1h\",\"start\":" + s1400 + "}]}]}");
  }

  @Test
  void jsonOfEveryWindowReadsBackAsThePlan() throws Exception {
    TilePlan plan = TilePlanner.plan(groupBy("5m", "1h", "1d"), Q);
    JsonNode json = new ObjectMapper().readTree(plan.toJson());

    assertThat(json.get("at").asLong()).isEqualTo(Q);
    assertThat(json.get("tiles").asInt()).isEqualTo(plan.tiles().size());
    assertThat(json.get("windows")).hasSize(plan.windows().size());
    for (int i = 0; i < plan.windows().size(); i++) {
      WindowPlan wp = plan.windows().get(i);
      JsonNode w = json.get("windows").get(i);
      assertThat(w.get("window").asText()).isEqualTo(wp.window().label());
      assertThat(w.get("start").asLong()).isEqualTo(wp.start());
      List<TileRef> tiles = new ArrayList<>();
      w.get("tiles").forEach(t -> tiles.add(
          new TileRef(Durations.parse(t.get("size").asText()), t.get("start").asLong())));
      assertThat(tiles).isEqualTo(wp.tiles());
    }
  }

  @Test
  void timelineShowsRunsOfEqualTilesPerWindowAndTheUnion() {
    String text = TilePlanner.plan(groupBy("5m", "1h", "1d"), Q).toTimeline();
    assertThat(text)
        .contains("plan at 2024-01-15T14:34:00Z")
        .contains("6h (hop 5m) from 08:30: 12 tiles  5m x6 [08:30, 09:00)  1h x6 [09:00, 15:00)")
        .contains("1d (hop 1h) from 2024-01-14 14:00: 11 tiles  1h x10 [2024-01-14 14:00, 00:00)"
            + "  1d x1 [00:00, 2024-01-16 00:00)")
        .contains("union: 23 distinct tiles (5m x6, 1h x16, 1d x1)");
  }

  @Test
  void windowWithExplicitHopStartsOnItsHop() {
    Window w = Window.of(7 * DAY, DAY);
    assertThat(w.start(Q)).isEqualTo(TODAY - 7 * DAY);
    assertThat(Window.of(7 * DAY).start(Q)).isEqualTo(TODAY + 14 * HOUR - 7 * DAY);
  }
}
