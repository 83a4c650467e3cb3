package io.tilekv.writer.bench;

import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TileCodec;
import io.tilekv.writer.EmitTrigger;
import io.tilekv.writer.TileWriterJob;
import io.tilekv.writer.WriterSummary;
import io.tilekv.writer.internal.EntityKeySelector;
import io.tilekv.writer.internal.GroupBySpec;
import io.tilekv.writer.internal.IrsSerializer;
import io.tilekv.writer.internal.ParseEvents;
import io.tilekv.writer.internal.RowSerializer;
import io.tilekv.writer.internal.SerializerTypeInfo;
import io.tilekv.writer.sink.KVStoreSink;
import io.tilekv.writer.sink.SharedStores;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.sink.Tile;
import io.tilekv.writer.source.GeneratedEventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Throughput of the writer against a bare Flink job on the same generator, and store puts per
 * event for the two triggers. Local MiniCluster, parallelism 1, all jobs in one JVM and one run:
 *
 * <pre>
 * mvn -q -pl flink-writer test-compile exec:exec -Dbench.events=300000
 * </pre>
 * (see the exec plugin setup in flink-writer/pom.xml).
 */
public final class WriterBenchmark {
  private static final String YAML = String.join("\n",
      "name: bench",
      "schema: {user: string, ts: long, item: string, price: double, qty: long}",
      "keys: [user]",
      "timestamp: ts",
      "layers: [5m, 1h, 1d]",
      "aggregations:",
      "  - {input: price, op: COUNT, windows: [1h, 1d]}",
      "  - {input: qty, op: SUM, windows: [6h, 7d]}",
      "  - {input: item, op: LAST, windows: [1d]}");

  public static void main(String[] args) throws Exception {
    long n = Long.getLong("bench.events", 300_000);
    long putEvents = Long.getLong("bench.putEvents", 500_000);
    GroupBy g = GroupBy.parseYaml(YAML);
    GeneratedEventSource.Settings s = GeneratedEventSource.Settings.of(g, n)
        .withKeys(1_000, 0.1).withTime(1_700_000_000_000L, 100, 1_000);
    List<String> report = new ArrayList<>();
    bare(g, s); // warm-up: class loading and JIT for every job below
    for (int round = 1; round <= Integer.getInteger("bench.rounds", 3); round++) {
      double bare = n / seconds(bare(g, s));
      double layered = n / seconds(writer(g, s, EmitTrigger.buffered(Duration.ofSeconds(1)), null));
      double perLayer = n / seconds(perLayerWindows(g, s));
      report.add(String.format("round %d: bare %.0f ev/s, writer (one operator, 3 layers) %.0f ev/s"
          + " = %.0f%% of bare, per-layer windows %.0f ev/s = %.0f%% of bare", round, bare,
          layered, 100 * layered / bare, perLayer, 100 * perLayer / bare));
    }
    GeneratedEventSource.Settings hot = GeneratedEventSource.Settings.of(g, putEvents)
        .withKeys(1, 1.0).withTime(1_700_000_000_000L, 100, 0);
    CountingNoopStore everyEvent = new CountingNoopStore();
    WriterSummary e = writer(g, hot, EmitTrigger.everyEvent(), everyEvent).summary;
    CountingNoopStore buffered = new CountingNoopStore();
    WriterSummary b = writer(g, hot, EmitTrigger.buffered(Duration.ofSeconds(1)), buffered).summary;
    double scale = 1_000_000.0 / putEvents;
    report.add(String.format("hot key, per 1M events: every-event trigger %.0f tiles emitted, %.0f"
        + " store entries in %.0f requests; buffered 1s %.0f tiles emitted, %.0f entries in %.0f"
        + " requests; entries ratio 1/%.0f, emitted ratio 1/%.0f", e.tilesWritten() * scale,
        everyEvent.entries.get() * scale, everyEvent.requests.get() * scale,
        b.tilesWritten() * scale, buffered.entries.get() * scale, buffered.requests.get() * scale,
        (double) everyEvent.entries.get() / buffered.entries.get(),
        (double) e.tilesWritten() / b.tilesWritten()));
    report.forEach(System.out::println);
    System.exit(0);
  }

  private record Run(JobExecutionResult result, WriterSummary summary) {}

  private static double seconds(JobExecutionResult r) {
    return r.getNetRuntime() / 1000.0;
  }

  private static double seconds(Run r) {
    return seconds(r.result);
  }

  private static StreamExecutionEnvironment env() {
    Configuration conf = new Configuration();
    conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(1);
    env.getConfig().enableObjectReuse();
    return env;
  }

  private static DataStream<Row> parsed(StreamExecutionEnvironment env, GroupBy g,
      GeneratedEventSource.Settings s) {
    return new GeneratedEventSource(s).lines(env)
        .process(new ParseEvents(g, TileWriterJob.MALFORMED, Long.MIN_VALUE),
            new SerializerTypeInfo<>(Row.class, new RowSerializer(g)))
        .assignTimestampsAndWatermarks(WatermarkStrategy
            .<Row>forBoundedOutOfOrderness(Duration.ofSeconds(5))
            .withTimestampAssigner((row, t) -> row.timestamp()));
  }

  /** The baseline: parse, then one tumbling 5-minute count per key. */
  private static JobExecutionResult bare(GroupBy g, GeneratedEventSource.Settings s)
      throws Exception {
    StreamExecutionEnvironment env = env();
    parsed(env, g, s).keyBy(new EntityKeySelector(g), Types.STRING)
        .window(TumblingEventTimeWindows.of(Duration.ofMinutes(5)))
        .aggregate(new Count(), Types.LONG, Types.LONG)
        .sinkTo(new DiscardingSink<>());
    return env.execute("bare");
  }

  private static Run writer(GroupBy g, GeneratedEventSource.Settings s, EmitTrigger trigger,
      CountingNoopStore store) throws Exception {
    String name = "bench-" + System.nanoTime();
    SharedStores.register(name, store == null ? new CountingNoopStore() : store);
    try {
      TileWriterJob job = TileWriterJob.builder(g, new GeneratedEventSource(s),
              StoreFactory.shared(name))
          .mode(TileWriterJob.Mode.STREAMING).parallelism(1).trigger(trigger)
          .outOfOrderness(Duration.ofSeconds(5)).checkpointInterval(Duration.ZERO).build();
      StreamExecutionEnvironment env = env();
      job.addTo(env);
      JobExecutionResult r = env.execute("writer");
      return new Run(r, WriterSummary.of(r));
    } finally {
      SharedStores.unregister(name);
    }
  }

  /** The Chronon layout: one tumbling window operator per layer, tiles emitted when windows close. */
  private static JobExecutionResult perLayerWindows(GroupBy g, GeneratedEventSource.Settings s)
      throws Exception {
    StreamExecutionEnvironment env = env();
    DataStream<Row> rows = parsed(env, g, s);
    String name = "bench-" + System.nanoTime();
    SharedStores.register(name, new CountingNoopStore());
    try {
      DataStream<Tile> tiles = null;
      for (long size : g.layers()) {
        DataStream<Tile> layer = rows.keyBy(new EntityKeySelector(g), Types.STRING)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(size)))
            .aggregate(new Irs(g), new ToTile(g, size),
                new SerializerTypeInfo<>(Object[].class, new IrsSerializer(g)),
                new SerializerTypeInfo<>(Object[].class, new IrsSerializer(g)),
                TypeInformation.of(Tile.class));
        tiles = tiles == null ? layer : tiles.union(layer);
      }
      tiles.sinkTo(KVStoreSink.builder(StoreFactory.shared(name), g.dataset()).build());
      return env.execute("per-layer windows");
    } finally {
      SharedStores.unregister(name);
    }
  }

  private static final class Count implements AggregateFunction<Row, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(Row row, Long acc) {
      return acc + 1;
    }

    @Override
    public Long getResult(Long acc) {
      return acc;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }
  }

  private static final class Irs implements AggregateFunction<Row, Object[], Object[]> {
    private final GroupBySpec g;
    private transient GroupByAggregator agg;

    Irs(GroupBy g) {
      this.g = GroupBySpec.of(g);
    }

    private GroupByAggregator agg() {
      if (agg == null) {
        agg = new GroupByAggregator(g.get());
      }
      return agg;
    }

    @Override
    public Object[] createAccumulator() {
      return agg().init();
    }

    @Override
    public Object[] add(Row row, Object[] acc) {
      return agg().update(acc, row);
    }

    @Override
    public Object[] getResult(Object[] acc) {
      return acc;
    }

    @Override
    public Object[] merge(Object[] a, Object[] b) {
      return agg().merge(a, b);
    }
  }

  private static final class ToTile extends ProcessWindowFunction<Object[], Tile, String, TimeWindow> {
    private final GroupBySpec g;
    private final long size;
    private transient TileCodec codec;

    ToTile(GroupBy g, long size) {
      this.g = GroupBySpec.of(g);
      this.size = size;
    }

    @Override
    public void process(String key, Context ctx, Iterable<Object[]> irs, Collector<Tile> out) {
      if (codec == null) {
        codec = new TileCodec(g.get());
      }
      out.collect(new Tile(key.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), size,
          ctx.window().getStart(), codec.encode(irs.iterator().next()), g.get().tileTtl(size)));
    }
  }
}
