package io.tilekv.tiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tilekv.tiling.agg.Operation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupByFileTest {
  static final long M = Durations.MINUTE;
  static final long H = Durations.HOUR;
  static final long D = Durations.DAY;

  static final String HEAD = """
      name: shop
      schema: {customer_id: string, created: long, flavour: string, price: double, qty: int}
      keys: [customer_id]
      timestamp: created
      """;

  @Test
  void iceCreamExampleParsesWithSpecFeatureNames() throws Exception {
    GroupBy g = GroupBy.parse(Path.of("../examples/groupbys/ice_cream.yaml"));
    assertThat(g.name()).isEqualTo("ice_cream");
    assertThat(g.dataset()).isEqualTo("ice_cream");
    assertThat(g.keys()).containsExactly("customer_id");
    assertThat(g.layers()).containsExactly(5 * M, H, D);
    assertThat(g.featureNames()).containsExactly("customer_id_count_6h", "flavour_last_6h",
        "flavour_last_1d", "price_approx_percentile_7d");
    assertThat(g.aggregations().get(2).args()).containsEntry("k", 200)
        .containsEntry("percentiles", List.of(0.5, 0.99));
  }

  @Test
  void jsonIsAcceptedAsYaml() {
    GroupBy g = GroupBy.parseYaml("{\"name\":\"shop\",\"schema\":{\"k\":\"string\",\"ts\":\"long\"},"
        + "\"keys\":[\"k\"],\"timestamp\":\"ts\",\"aggregations\":[{\"input\":\"k\",\"op\":\"count\",\"windows\":[\"1h\"]}]}");
    assertThat(g.featureNames()).containsExactly("k_count_1h");
  }

  @Test
  void defaultLayersAreTheSmallestHopAndEveryStandardSizeAboveItUpTo1d() {
    assertThat(parse("  - {input: price, op: SUM, windows: [6h, 7d]}").layers()).containsExactly(5 * M, H, D);
    assertThat(parse("  - {input: price, op: SUM, windows: [1d, 7d]}").layers()).containsExactly(H, D);
    assertThat(parse("  - {input: price, op: SUM, windows: [30d]}").layers()).containsExactly(D);
    assertThat(parse("  - {input: price, op: SUM, windows: [1h], hop: 1m}").layers())
        .containsExactly(M, 5 * M, H, D);
    assertThat(parse("  - {input: price, op: SUM, windows: [1h], hop: 10m}").layers())
        .containsExactly(10 * M, H, D);
  }

  @Test
  void hopCanBeOverriddenPerAggregationOrPerWindow() {
    GroupBy g = parse("  - {input: price, op: SUM, windows: [7d, 1d], hop: 5m}\n"
        + "  - {input: qty, op: SUM, windows: [{length: 7d, hop: 1d}, 3d]}");
    assertThat(g.aggregations().get(0).windows()).containsExactly(Window.of(7 * D, 5 * M), Window.of(D, 5 * M));
    assertThat(g.aggregations().get(1).windows()).containsExactly(Window.of(7 * D, D), Window.of(3 * D, H));
    assertThat(g.windows()).containsExactly(Window.of(D, 5 * M), Window.of(3 * D, H),
        Window.of(7 * D, 5 * M), Window.of(7 * D, D));
    assertThat(g.featureNames()).containsExactly("price_sum_7d", "price_sum_1d", "qty_sum_7d", "qty_sum_3d");
  }

  @Test
  void explicitSingleLayerCoversA7dWindowWith5mTiles() {
    GroupBy g = GroupBy.parseYaml(HEAD + "layers: [5m]\naggregations:\n  - {input: price, op: SUM, windows: [7d]}\n");
    assertThat(g.layers()).containsExactly(5 * M);
  }

  @Test
  void everyProblemIsReportedTogetherNamingItsField() {
    String yaml = """
        name: shop
        schema: {customer_id: string, created: long, price: doubel}
        keys: [customer, customer_id]
        timestamp: creation
        layers: [5m, 7m]
        colour: blue
        aggregations:
          - {input: prize, op: COUNT, windows: [6h]}
          - {input: customer_id, op: CONT, windows: [6h]}
          - {input: customer_id, op: COUNT}
          - {input: customer_id, op: COUNT, windows: [6h, 6h]}
          - {input: customer_id, op: COUNT, windows: [{length: 7h, hop: 2h}]}
          - {input: customer_id, op: COUNT, windows: [5x]}
        """;
    assertThatThrownBy(() -> GroupBy.parseYaml(yaml))
        .isInstanceOf(GroupByException.class)
        .satisfies(e -> assertThat(((GroupByException) e).problems()).containsExactlyInAnyOrder(
            "colour: unknown field; known fields are [aggregations, dataset, keys, layers, name, schema, timestamp, ttl_margin]",
            "schema.price: unknown type 'doubel'; types are [string, long, int, double, float, boolean, bytes]",
            "keys[0]: column 'customer' is not in the schema",
            "timestamp: column 'creation' is not in the schema",
            "layers: 5m does not divide 7m (every layer must divide every larger one)",
            "aggregations[0].input: column 'prize' is not in the schema",
            "aggregations[1].op: unknown operation 'CONT'; operations are " + java.util.Arrays.toString(Operation.values()),
            "aggregations[2].windows: missing (at least one window is needed)",
            "aggregations[3].windows[1]: duplicate feature name 'customer_id_count_6h'",
            "aggregations[4].windows[0]: window 7h is not a multiple of its hop 2h",
            "aggregations[5].windows[0]: invalid duration '5x': expected <n>s, <n>m, <n>h or <n>d, e.g. 5m"));
  }

  @Test
  void hopThatIsNotAMultipleOfTheSmallestLayerIsRejected() {
    assertThatThrownBy(() -> GroupBy.parseYaml(HEAD + "layers: [1h, 1d]\naggregations:\n"
        + "  - {input: price, op: SUM, windows: [6h]}\n"))
        .hasMessageContaining("aggregations[0].windows[0]: hop 5m of window 6h is not a multiple of the smallest layer 1h");
  }

  @Test
  void missingFieldsAreNamed() {
    assertThatThrownBy(() -> GroupBy.parseYaml("name: x1x\n"))
        .isInstanceOf(GroupByException.class)
        .satisfies(e -> assertThat(((GroupByException) e).problems()).contains(
            "schema: missing (no columns)", "keys: missing (at least one key column is needed)",
            "timestamp: missing", "aggregations: missing (at least one is needed)"));
  }

  @Test
  void operationThatDoesNotSuitTheInputTypeIsRejectedWithTheAggregationsReason() {
    assertThatThrownBy(() -> parse("  - {input: flavour, op: SUM, windows: [1h]}"))
        .hasMessageContaining("aggregations[0] (SUM of flavour): SUM needs a numeric input column");
  }

  @Test
  void timestampMustBeALongColumn() {
    assertThatThrownBy(() -> GroupBy.parseYaml(HEAD.replace("timestamp: created", "timestamp: flavour")
        + "aggregations:\n  - {input: price, op: SUM, windows: [1h]}\n"))
        .hasMessageContaining("timestamp: column 'flavour' must be long (epoch millis), is string");
  }

  @Test
  void notYamlIsOneProblem() {
    assertThatThrownBy(() -> GroupBy.parseYaml("name: [unclosed"))
        .isInstanceOf(GroupByException.class).hasMessageContaining("not valid YAML or JSON");
  }

  @Test
  void builderIsEquivalentToTheFile() {
    GroupBy built = GroupBy.builder("shop")
        .column("customer_id", ColumnType.STRING).column("created", ColumnType.LONG)
        .column("flavour", ColumnType.STRING).column("price", ColumnType.DOUBLE).column("qty", ColumnType.INT)
        .keys("customer_id").timestamp("created")
        .aggregation(Aggregation.builder("price", Operation.SUM).windows("7d").hop(Durations.DAY).build())
        .build();
    GroupBy parsed = parse("  - {input: price, op: SUM, windows: [7d], hop: 1d}");
    assertThat(built).isEqualTo(parsed);
    assertThat(built.fingerprint()).isEqualTo(parsed.fingerprint());
    assertThat(built.toBuilder().build()).isEqualTo(built);
  }

  @Test
  void fingerprintChangesWithWhatTilesHoldButNotWithWindows() {
    GroupBy g = parse("  - {input: price, op: SUM, windows: [1d]}");
    assertThat(parse("  - {input: price, op: SUM, windows: [1d, 7d]}").fingerprint()).isEqualTo(g.fingerprint());
    assertThat(parse("  - {input: price, op: AVERAGE, windows: [1d]}").fingerprint()).isNotEqualTo(g.fingerprint());
    assertThat(parse("  - {input: qty, op: SUM, windows: [1d]}").fingerprint()).isNotEqualTo(g.fingerprint());
    assertThat(GroupBy.parseYaml(HEAD + "layers: [1h]\naggregations:\n  - {input: price, op: SUM, windows: [1d]}")
        .fingerprint()).isNotEqualTo(g.fingerprint());
    assertThat(GroupBy.parseYaml(HEAD.replace("price: double", "price: float")
        + "aggregations:\n  - {input: price, op: SUM, windows: [1d]}").fingerprint()).isNotEqualTo(g.fingerprint());
  }

  @Test
  void tileTtlIsLongestWindowPlusTileSizePlusMargin() {
    GroupBy g = parse("  - {input: price, op: SUM, windows: [6h, 7d]}");
    assertThat(g.tileTtl(H)).isEqualTo(7 * D + H + D);
    GroupBy custom = GroupBy.parseYaml(HEAD + "ttl_margin: 2h\naggregations:\n  - {input: price, op: SUM, windows: [6h]}");
    assertThat(custom.tileTtl(5 * M)).isEqualTo(6 * H + 5 * M + 2 * H);
    assertThatThrownBy(() -> GroupBy.parseYaml(HEAD + "ttl_margin: 1m\naggregations:\n  - {input: price, op: SUM, windows: [6h]}"))
        .hasMessageContaining("ttl_margin: 1m is shorter than the largest window hop 5m");
  }

  @Test
  void datasetDefaultsToTheNameAndCanBeSet() {
    GroupBy g = GroupBy.parseYaml(HEAD + "dataset: shop_v2\naggregations:\n  - {input: price, op: SUM, windows: [6h]}");
    assertThat(g.dataset()).isEqualTo("shop_v2");
    assertThat(g.name()).isEqualTo("shop");
  }

  @Test
  void argsKeepTheirValues() {
    GroupBy g = GroupBy.builder("args")
        .column("k", ColumnType.STRING).column("ts", ColumnType.LONG).keys("k").timestamp("ts")
        .aggregation(Aggregation.builder("k", Operation.COUNT).windows("1h").args(Map.of()).build())
        .build();
    assertThat(g.aggregations().get(0).args()).isEmpty();
  }

  static GroupBy parse(String aggregations) {
    return GroupBy.parseYaml(HEAD + "aggregations:\n" + aggregations + "\n");
  }
}
