package io.tilekv.tiling.golden;

import io.tilekv.tiling.Aggregation;
import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TileCodec;
import io.tilekv.tiling.Window;
import io.tilekv.tiling.agg.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The golden tiles: a GroupBy with every sketch operation and a few exact ones, and the seeded
 * events of each tile. {@link #main} wrote the files under src/test/resources/golden/ once per tile
 * format: {@code v1/} with DataSketches 7.0.1 on JDK 17 (unique counts as CPC sketches), {@code v3/}
 * with DataSketches 6.2 on JDK 17 (HLL); {@link GoldenTilesTest} reads them on every JDK the build
 * runs on. Never regenerate them to make a test pass: a difference is a storage format break.
 */
final class GoldenTiles {
  /** Tiles of format 1, before unique counts moved to HLL. */
  static final String V1 = "golden/v1/";
  /** Tiles of the current format. */
  static final String V3 = "golden/v3/";
  static final Window WINDOW = Window.parse("1d");
  /** Query time: the 1d window covers every event of both tiles. */
  static final long AT = 86_400_000L;

  static final GroupBy GROUP_BY = GroupBy.builder("golden")
      .column("k", ColumnType.STRING).column("ts", ColumnType.LONG).column("user", ColumnType.STRING)
      .column("uid", ColumnType.LONG).column("price", ColumnType.DOUBLE).column("item", ColumnType.STRING)
      .keys("k").timestamp("ts").layers("1h")
      .aggregation(Aggregation.of("price", Operation.COUNT, "1d"))
      .aggregation(Aggregation.of("price", Operation.SUM, "1d"))
      .aggregation(Aggregation.of("price", Operation.AVERAGE, "1d"))
      .aggregation(Aggregation.of("item", Operation.UNIQUE_COUNT, "1d"))
      .aggregation(Aggregation.of("user", Operation.APPROX_UNIQUE_COUNT, "1d"))
      .aggregation(Aggregation.builder("uid", Operation.APPROX_UNIQUE_COUNT).windows("1d")
          .arg("lgK", 10).build())
      .aggregation(Aggregation.builder("price", Operation.APPROX_PERCENTILE).windows("1d")
          .arg("percentiles", List.of(0.5, 0.9, 0.99)).build())
      .aggregation(Aggregation.builder("item", Operation.APPROX_FREQUENT_K).windows("1d")
          .arg("k", 3).build())
      .build();

  /** Tile name -> (seed, events, distinct users, hour of the tile). */
  static final Map<String, long[]> TILES = Map.of(
      "small", new long[] {1, 800, 600, 0},
      "large", new long[] {2, 5000, 20_000, 1},
      "empty", new long[] {3, 0, 1, 2});

  private GoldenTiles() {}

  /** The events of tile {@code name}: key "a", seeded, so every JDK regenerates the same rows. */
  static List<Row> events(String name) {
    long[] t = TILES.get(name);
    Random rnd = new Random(t[0]);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < t[1]; i++) {
      long ts = t[3] * 3_600_000L + rnd.nextInt(3_600_000);
      long user = rnd.nextInt((int) t[2]);
      double price = Math.round(rnd.nextGaussian() * 1000 + 5000) / 100.0;
      // Skewed items: item-0 most frequent.
      String item = "item-" + (int) Math.floor(Math.pow(rnd.nextDouble(), 3) * 40);
      out.add(GROUP_BY.row("a", ts, "user-" + user, user * 7919, price, item));
    }
    return out;
  }

  static Object[] tile(String name) {
    GroupByAggregator agg = new GroupByAggregator(GROUP_BY);
    Object[] irs = agg.init();
    for (Row r : events(name)) {
      agg.update(irs, r);
    }
    return irs;
  }

  static String resource(String dir, String name) {
    return dir + name + ".tile";
  }

  /** Writes the golden tiles of the current format and their values under {@code args[0]} (a resources dir). */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]).resolve(V3);
    Files.createDirectories(dir);
    GroupByAggregator agg = new GroupByAggregator(GROUP_BY);
    TileCodec codec = new TileCodec(agg);
    StringBuilder expected = new StringBuilder();
    for (String name : List.of("small", "large", "empty")) {
      Object[] irs = tile(name);
      Files.write(dir.resolve(name + ".tile"), codec.encode(irs));
      expected.append(name).append('=').append(agg.finalizeWindow(WINDOW, codec.decode(codec.encode(irs))))
          .append('\n');
    }
    Files.write(dir.resolve("finalized.txt"), expected.toString().getBytes(StandardCharsets.UTF_8));
  }
}
