package io.tilekv.tiling.props;

import io.tilekv.tiling.Aggregation;
import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.Durations;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Window;
import io.tilekv.tiling.agg.Aggregators;
import io.tilekv.tiling.agg.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded random valid GroupBys over one wide schema: random operations, windows, hops and layers. */
final class RandomGroupBys {
  static final long M = Durations.MINUTE;
  static final long H = Durations.HOUR;
  static final long D = Durations.DAY;
  static final String[] INPUTS = {"l", "i", "d", "f", "s", "b", "y"};
  static final long[] LENGTHS = {10 * M, H, 6 * H, D, 3 * D, 7 * D};
  static final List<List<Long>> LAYER_SETS = List.of(List.of(5 * M), List.of(5 * M, H),
      List.of(5 * M, H, D), List.of(5 * M, 15 * M, H), List.of(5 * M, 30 * M, D), List.of(H, D));

  private RandomGroupBys() {}

  static GroupBy generate(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Long> layers = LAYER_SETS.get(rnd.nextInt(LAYER_SETS.size()));
    long smallest = layers.get(0);
    GroupBy.Builder b = GroupBy.builder("random")
        .column("k", rnd.nextBoolean() ? ColumnType.STRING : ColumnType.LONG).column("ts", ColumnType.LONG)
        .column("l", ColumnType.LONG).column("i", ColumnType.INT).column("d", ColumnType.DOUBLE)
        .column("f", ColumnType.FLOAT).column("s", ColumnType.STRING).column("b", ColumnType.BOOLEAN)
        .column("y", ColumnType.BYTES).keys("k").timestamp("ts");
    if (rnd.nextInt(3) > 0) {
      b.layers(layers);
    }
    List<String> features = new ArrayList<>();
    int wanted = 1 + rnd.nextInt(5);
    for (int tries = 0; features.size() < wanted && tries < 100; tries++) {
      Operation op = Operation.values()[rnd.nextInt(Operation.values().length)];
      String input = INPUTS[rnd.nextInt(INPUTS.length)];
      ColumnType type = type(input);
      Map<String, Object> args = args(op, rnd);
      try {
        Aggregators.create(op, type, args);
      } catch (RuntimeException e) {
        continue; // operation does not suit the type
      }
      Aggregation.Builder a = Aggregation.builder(input, op).args(args);
      int windows = 1 + rnd.nextInt(2);
      List<String> mine = new ArrayList<>();
      for (int w = 0; w < windows; w++) {
        long len = LENGTHS[rnd.nextInt(LENGTHS.length)];
        if (len % smallest != 0) {
          continue;
        }
        long h = rnd.nextInt(4) == 0 ? hop(len, smallest, rnd) : Window.defaultHop(len);
        Window window = Window.of(len, h % smallest == 0 && len % h == 0 ? h : smallest);
        String name = (input + "_" + op + "_" + window.label()).toLowerCase();
        if (len % window.hop() == 0 && !features.contains(name) && !mine.contains(name)) {
          a.window(window);
          mine.add(name);
        }
      }
      if (!mine.isEmpty()) {
        b.aggregation(a.build());
        features.addAll(mine);
      }
    }
    return b.layers(layers).build();
  }

  private static long hop(long len, long smallest, SplittableRandom rnd) {
    long[] hops = {smallest, 5 * M, 15 * M, H, D};
    long h = hops[rnd.nextInt(hops.length)];
    return len % h == 0 && h % smallest == 0 ? h : smallest;
  }

  static ColumnType type(String input) {
    return switch (input) {
      case "l" -> ColumnType.LONG;
      case "i" -> ColumnType.INT;
      case "d" -> ColumnType.DOUBLE;
      case "f" -> ColumnType.FLOAT;
      case "s" -> ColumnType.STRING;
      case "b" -> ColumnType.BOOLEAN;
      default -> ColumnType.BYTES;
    };
  }

  private static Map<String, Object> args(Operation op, SplittableRandom rnd) {
    return switch (op) {
      case FIRST_K, LAST_K, TOP_K, BOTTOM_K, BOUNDED_UNIQUE_COUNT -> Map.of("k", 1 + rnd.nextInt(6));
      case APPROX_FREQUENT_K -> Map.of("k", 1 + rnd.nextInt(4));
      case APPROX_UNIQUE_COUNT -> Map.of("lgK", 10 + rnd.nextInt(3));
      case APPROX_PERCENTILE -> Map.of("k", 50 + rnd.nextInt(200), "percentiles", List.of(0.0, 0.25, 0.5, 0.99, 1.0));
      default -> Map.of();
    };
  }
}
