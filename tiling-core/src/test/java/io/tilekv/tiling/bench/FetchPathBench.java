package io.tilekv.tiling.bench;

import io.tilekv.spi.EntityKey;
import io.tilekv.tiling.Aggregation;
import io.tilekv.tiling.ColumnType;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TileCodec;
import io.tilekv.tiling.TilePlan;
import io.tilekv.tiling.TilePlanner;
import io.tilekv.tiling.TileRef;
import io.tilekv.tiling.WindowPlan;
import io.tilekv.tiling.agg.Operation;
import io.tilekv.tiling.oracle.RandomEvents;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The fetcher's CPU path for one request, without the store: plan the tiles of a GroupBy with 6
 * aggregations over windows 1h, 1d and 7d (layers 5m/1h/1d), decode every tile of the union, merge
 * each window's tiles and finalize. Baselines measured in the same run: {@code plan} alone and
 * {@code decode} alone. Target: {@code request} under 20 microseconds.
 *
 * <p>Run (from the repository root; brief run, one fork):
 * <pre>
 * mvn -q -pl tiling-core test-compile exec:exec -Pbench -Dbench.main=io.tilekv.tiling.bench.FetchPathBench \
 *     -Dbench.args="-f 1 -wi 3 -i 5 -w 1s -r 1s"
 * </pre>
 * It first prints the tile counts of a 7d window with tiles of 5m only, 5m+1h and 5m+1h+1d.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FetchPathBench {
  static final long Q = 1_705_329_240_000L; // 2024-01-15T14:34:00Z

  /** exact: COUNT, SUM, AVERAGE, MIN, MAX, LAST; sketch: MIN replaced by APPROX_UNIQUE_COUNT. */
  @Param({"exact", "sketch"})
  public String ops;

  private GroupBy groupBy;
  private GroupByAggregator agg;
  private TileCodec codec;
  private Map<TileRef, byte[]> store;
  private List<TileRef> union;

  static GroupBy groupBy(boolean sketch) {
    GroupBy.Builder b = GroupBy.builder("bench").column("user", ColumnType.STRING)
        .column("ts", ColumnType.LONG).column("price", ColumnType.DOUBLE).column("item", ColumnType.STRING)
        .keys("user").timestamp("ts").layers("5m", "1h", "1d");
    b.aggregation(Aggregation.of("price", Operation.COUNT, "1h", "1d", "7d"));
    b.aggregation(Aggregation.of("price", Operation.SUM, "1h", "1d", "7d"));
    b.aggregation(Aggregation.of("price", Operation.AVERAGE, "1h", "1d", "7d"));
    b.aggregation(sketch ? Aggregation.of("item", Operation.APPROX_UNIQUE_COUNT, "1h", "1d", "7d")
        : Aggregation.of("price", Operation.MIN, "1h", "1d", "7d"));
    b.aggregation(Aggregation.of("price", Operation.MAX, "1h", "1d", "7d"));
    b.aggregation(Aggregation.of("item", Operation.LAST, "1h", "1d", "7d"));
    return b.build();
  }

  @Setup
  public void setUp() {
    groupBy = groupBy(ops.equals("sketch"));
    agg = new GroupByAggregator(groupBy);
    codec = new TileCodec(agg);
    // 20 events per hour for one key over 8 days, tiled into every layer
    List<Row> events = RandomEvents.of(groupBy, 1).keys(1).count(8 * 24 * 20)
        .between(Q - 8 * 86_400_000L, Q).generate();
    EntityKey key = groupBy.entityKey(events.get(0));
    Map<TileRef, Object[]> tiles = new HashMap<>();
    for (Row r : events) {
      for (long size : groupBy.layers()) {
        agg.update(tiles.computeIfAbsent(TileRef.containing(size, r.timestamp()), t -> agg.init()), r);
      }
    }
    store = new HashMap<>();
    tiles.forEach((t, irs) -> store.put(t, codec.encode(irs)));
    union = TilePlanner.plan(groupBy, Q).tiles();
    if (!groupBy.entityKey(events.get(events.size() - 1)).equals(key)) {
      throw new IllegalStateException("expected one key");
    }
  }

  @Benchmark
  public TilePlan plan() {
    return TilePlanner.plan(groupBy, Q);
  }

  @Benchmark
  public int decode() {
    int n = 0;
    for (TileRef t : union) {
      byte[] bytes = store.get(t);
      if (bytes != null) {
        n += codec.decode(bytes).length;
      }
    }
    return n;
  }

  @Benchmark
  public Map<String, Object> request() {
    TilePlan plan = TilePlanner.plan(groupBy, Q);
    Map<TileRef, Object[]> decoded = new HashMap<>(plan.tiles().size() * 2);
    for (TileRef t : plan.tiles()) {
      byte[] bytes = store.get(t);
      if (bytes != null) {
        decoded.put(t, codec.decode(bytes));
      }
    }
    Map<String, Object> features = new LinkedHashMap<>();
    for (WindowPlan wp : plan.windows()) {
      Object[] merged = agg.init();
      for (TileRef t : wp.tiles()) {
        Object[] irs = decoded.get(t);
        if (irs != null) {
          agg.merge(merged, irs);
        }
      }
      features.putAll(agg.finalizeWindow(wp.window(), merged));
    }
    return features;
  }

  /** Tile count of a 7d window at {@link #Q} with the given layers. */
  static int sevenDayTiles(String... layers) {
    GroupBy g = GroupBy.builder("seven").column("k", ColumnType.STRING).column("ts", ColumnType.LONG)
        .keys("k").timestamp("ts").layers(layers)
        .aggregation(Aggregation.of("k", Operation.COUNT, "7d")).build();
    return TilePlanner.plan(g, Q).tiles().size();
  }

  public static void main(String[] args) throws Exception {
    System.out.printf("7d window tiles at 14:34: 5m only %d, 5m+1h %d, 5m+1h+1d %d%n",
        sevenDayTiles("5m"), sevenDayTiles("5m", "1h"), sevenDayTiles("5m", "1h", "1d"));
    System.out.printf("request plan: %s%n", TilePlanner.plan(groupBy(false), Q).toTimeline());
    new Runner(new org.openjdk.jmh.runner.options.OptionsBuilder()
        .parent(new CommandLineOptions(args)).include(FetchPathBench.class.getSimpleName()).build()).run();
  }
}
