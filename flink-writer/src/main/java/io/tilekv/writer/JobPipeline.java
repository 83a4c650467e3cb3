package io.tilekv.writer;

import static io.tilekv.writer.TileWriterJob.LATE;
import static io.tilekv.writer.TileWriterJob.MALFORMED;

import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Row;
import io.tilekv.writer.TileWriterJob.Mode;
import io.tilekv.writer.TileWriterJob.Streams;
import io.tilekv.writer.internal.EntityKeySelector;
import io.tilekv.writer.internal.ParseEvents;
import io.tilekv.writer.internal.RejectsFileSink;
import io.tilekv.writer.internal.RowSerializer;
import io.tilekv.writer.internal.SerializerTypeInfo;
import io.tilekv.writer.internal.TileFunction;
import io.tilekv.writer.sink.Tile;
import io.tilekv.writer.source.SourceLine;
import io.tilekv.writer.source.WatermarkingSource;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Flink side of a {@link TileWriterJob}: its environment and its operators. */
final class JobPipeline {
  private JobPipeline() {}

  static StreamExecutionEnvironment environment(JobSettings s) {
    Configuration conf = new Configuration(s.configuration());
    boolean batch = s.mode() == Mode.BATCH;
    conf.set(ExecutionOptions.RUNTIME_MODE,
        batch ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, s.restartAttempts());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, s.restartDelay());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    if (!batch && !s.checkpointInterval().isZero()) {
      env.enableCheckpointing(s.checkpointInterval().toMillis());
    }
    // Every operator emits fresh objects and never touches its input after emitting.
    env.getConfig().enableObjectReuse();
    if (s.parallelism() > 0) {
      env.setParallelism(s.parallelism());
    }
    return env;
  }

  static Streams addTo(StreamExecutionEnvironment env, JobSettings s) {
    GroupBy groupBy = s.groupBy();
    boolean batch = s.mode() == Mode.BATCH;
    // A Kafka source makes watermarks per partition itself; others get them after parsing.
    boolean sourceWatermarks = s.source() instanceof WatermarkingSource;
    DataStream<SourceLine> lines = sourceWatermarks
        ? ((WatermarkingSource) s.source()).create(env, groupBy, s.outOfOrderness(), s.idleness())
            .map(SourceLine::unnumbered, TypeInformation.of(SourceLine.class)).name("lines")
        : s.source().lines(env);
    SingleOutputStreamOperator<Row> rows = lines
        .process(new ParseEvents(groupBy, MALFORMED, s.cutover(), s.maxKeyBytes(), s.runKey()),
            new SerializerTypeInfo<>(Row.class, new RowSerializer(groupBy)))
        .name("parse " + groupBy.name()).uid("parse");
    WatermarkStrategy<Row> watermarks = WatermarkStrategy
        .<Row>forBoundedOutOfOrderness(s.outOfOrderness())
        .withTimestampAssigner((row, previous) -> row.timestamp());
    if (!s.idleness().isZero()) {
      watermarks = watermarks.withIdleness(s.idleness());
    }
    KeySelector<Row, String> byEntityKey = new EntityKeySelector(groupBy);
    DataStream<Row> timed = sourceWatermarks ? rows
        : rows.assignTimestampsAndWatermarks(watermarks).name("watermarks").uid("watermarks");
    SingleOutputStreamOperator<Tile> tiles = timed
        .keyBy(byEntityKey, Types.STRING)
        .process(new TileFunction(groupBy, s.allowedLateness().toMillis(),
            s.trigger().intervalMillis(), batch, LATE, s.runKey()), TypeInformation.of(Tile.class))
        .name("tile " + groupBy.name()).uid("tile");
    tiles.sinkTo(s.sink()).name("store " + groupBy.dataset()).uid("store");
    Streams streams = new Streams(tiles, rows.getSideOutput(MALFORMED), tiles.getSideOutput(LATE));
    if (s.rejectsPath() != null) {
      streams.malformed().union(streams.late())
          .sinkTo(new RejectsFileSink(s.rejectsPath())).name("rejects " + s.rejectsPath())
          .uid("rejects").setParallelism(1);
    }
    return streams;
  }
}
