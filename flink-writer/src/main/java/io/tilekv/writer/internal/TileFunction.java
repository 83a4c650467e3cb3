package io.tilekv.writer.internal;

import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.GroupByAggregator;
import io.tilekv.tiling.Row;
import io.tilekv.tiling.TileCodec;
import io.tilekv.writer.Rejected;
import io.tilekv.writer.WriterSummary;
import io.tilekv.writer.sink.Tile;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The tiling operator: keyed by entity key, it adds each event to the open tile of every layer in
 * one state access and emits changed tiles as whole-tile writes.
 *
 * <p>A tile of size {@code s} starting at {@code t} closes when the watermark reaches
 * {@code t + s - 1} (it is emitted then if it changed) and is dropped from state when the watermark
 * reaches {@code t + s - 1 + lateness}. An event whose smallest-layer tile is already dropped is
 * late: it goes to a side output and is counted, and no layer takes it, so all layers always hold
 * the same events. A late event within the lateness updates the kept tiles, which are emitted
 * again whole. In BATCH execution the watermark stays at its minimum until a key's input ends, so
 * nothing is late and each tile is emitted once, complete.
 */
public final class TileFunction extends KeyedProcessFunction<String, Row, Tile> {
  private static final long serialVersionUID = 1L;

  /** Entity key bytes as a String, one char per byte: a cheap, well-hashed Flink key. */
  public static String keyOf(byte[] entityKey) {
    return new String(entityKey, StandardCharsets.ISO_8859_1);
  }

  private final GroupBySpec groupBy;
  private final long[] layers;
  private final long[] ttls;
  private final long lateness;
  private final long bufferMillis;
  private final boolean batch;
  private final OutputTag<Rejected> lateTag;
  private final String runKey;
  private transient GroupByAggregator aggregator;
  private transient TileCodec codec;
  private transient ValueState<OpenTiles> state;
  private transient Counter lateMetric;
  private transient Counter tilesMetric;
  private transient Counter[] tilesPerLayer;
  private transient Counter lateRewritten;
  private transient org.apache.flink.metrics.Histogram irBytes;
  private transient LongCounter late;
  private transient LongCounter tiles;
  private transient LongCounter[] tilesOfLayer;
  private transient LongCounter keys;
  private transient KeyExamples keyExamples;
  private transient LongMinimum firstEvent;
  private transient LongMaximum lastEvent;
  private transient int[] keyColumns;
  private transient LiveCounts live;

  /**
   * @param bufferMillis 0 to emit after every event, else the flush interval
   * @param batch BATCH execution: emit only when tiles close
   */
  public TileFunction(GroupBy groupBy, long lateness, long bufferMillis, boolean batch,
      OutputTag<Rejected> lateTag) {
    this(groupBy, lateness, bufferMillis, batch, lateTag, null);
  }

  /** @param runKey the key of the run's {@link LiveCounts}; null for none */
  public TileFunction(GroupBy groupBy, long lateness, long bufferMillis, boolean batch,
      OutputTag<Rejected> lateTag, String runKey) {
    this.runKey = runKey;
    this.groupBy = GroupBySpec.of(groupBy);
    this.layers = groupBy.layers().stream().mapToLong(Long::longValue).toArray();
    this.ttls = new long[layers.length];
    for (int i = 0; i < layers.length; i++) {
      ttls[i] = groupBy.tileTtl(layers[i]);
    }
    // Capped so that no tile end plus lateness can overflow (times are within Times.MIN..MAX).
    this.lateness = batch ? 0 : Math.min(lateness, io.tilekv.tiling.Durations.MAX);
    this.bufferMillis = bufferMillis;
    this.batch = batch;
    this.lateTag = lateTag;
  }

  @Override
  public void open(OpenContext openContext) {
    aggregator = new GroupByAggregator(groupBy.get());
    codec = new TileCodec(aggregator);
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("open-tiles",
        new SerializerTypeInfo<>(OpenTiles.class, new OpenTilesSerializer(groupBy.get()))));
    lateMetric = getRuntimeContext().getMetricGroup().counter(WriterSummary.LATE);
    tilesMetric = getRuntimeContext().getMetricGroup().counter(WriterSummary.TILES_WRITTEN);
    tilesPerLayer = WriterMetrics.perLayer(getRuntimeContext().getMetricGroup(), layers,
        WriterSummary.TILES_WRITTEN);
    lateRewritten = getRuntimeContext().getMetricGroup().counter(WriterMetrics.LATE_REWRITTEN);
    irBytes = WriterMetrics.histogram(getRuntimeContext().getMetricGroup(), WriterMetrics.TILE_IR_BYTES);
    late = getRuntimeContext().getLongCounter(WriterSummary.LATE);
    tiles = getRuntimeContext().getLongCounter(WriterSummary.TILES_WRITTEN);
    tilesOfLayer = new LongCounter[layers.length];
    for (int i = 0; i < layers.length; i++) {
      tilesOfLayer[i] = getRuntimeContext().getLongCounter(WriterSummary.TILES_WRITTEN + "." + layers[i]);
    }
    keys = getRuntimeContext().getLongCounter(WriterSummary.KEYS);
    keyExamples = new KeyExamples();
    getRuntimeContext().addAccumulator(WriterSummary.KEY_EXAMPLES, keyExamples);
    firstEvent = new LongMinimum();
    getRuntimeContext().addAccumulator(WriterSummary.FIRST_EVENT, firstEvent);
    lastEvent = new LongMaximum();
    getRuntimeContext().addAccumulator(WriterSummary.LAST_EVENT, lastEvent);
    keyColumns = groupBy.get().keys().stream().mapToInt(groupBy.get().schema()::index).toArray();
    live = LiveCounts.of(runKey);
  }

  @Override
  public void processElement(Row row, Context ctx, Collector<Tile> out) throws Exception {
    long ts = row.timestamp();
    long watermark = ctx.timerService().currentWatermark();
    long smallest = layers[0];
    long smallestEnd = Math.floorDiv(ts, smallest) * smallest + smallest;
    if (!batch && smallestEnd - 1 + lateness <= watermark) {
      lateMetric.inc();
      late.add(1);
      ctx.output(lateTag, new Rejected(Rejected.Kind.LATE, "tile [" + (smallestEnd - smallest)
          + ", " + smallestEnd + ") closed, watermark " + watermark + ", lateness " + lateness,
          row.toString(), ts));
      return;
    }
    if (!batch && smallestEnd - 1 <= watermark) {
      lateRewritten.inc();
    }
    firstEvent.add(ts);
    lastEvent.add(ts);
    OpenTiles open = state.value();
    if (open == null) {
      open = new OpenTiles(layers.length);
      // In BATCH execution a key's state lives until its input ends: exactly once per key. A
      // stream drops the state of a key idle longer than its tiles, and counts it again later.
      keys.add(1);
      keyExamples.add(keyText(row));
    }
    boolean everyEvent = bufferMillis == 0 && !batch;
    byte[] key = everyEvent ? ctx.getCurrentKey().getBytes(StandardCharsets.ISO_8859_1) : null;
    for (int i = 0; i < layers.length; i++) {
      long size = layers[i];
      long start = Math.floorDiv(ts, size) * size;
      OpenTiles.Slot slot = open.get(i, start);
      if (slot == null) {
        slot = new OpenTiles.Slot(start, aggregator.init(), false);
        open.put(i, slot);
        long close = start + size - 1;
        ctx.timerService().registerEventTimeTimer(close);
        if (lateness > 0) {
          ctx.timerService().registerEventTimeTimer(close + lateness);
        }
      }
      slot.irs = aggregator.update(slot.irs, row);
      if (everyEvent) {
        emit(out, key, i, slot);
      } else {
        slot.dirty = true;
      }
    }
    if (!everyEvent && !batch && open.flushTimer == 0) {
      // Aligned to the interval so that the keys of one interval share a timer timestamp.
      long now = ctx.timerService().currentProcessingTime();
      open.flushTimer = (now / bufferMillis + 1) * bufferMillis;
      ctx.timerService().registerProcessingTimeTimer(open.flushTimer);
    }
    state.update(open);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tile> out) throws Exception {
    OpenTiles open = state.value();
    if (open == null) {
      return;
    }
    byte[] key = ctx.getCurrentKey().getBytes(StandardCharsets.ISO_8859_1);
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      if (timestamp != open.flushTimer) {
        return; // a timer of an earlier state of this key, already superseded
      }
      open.flushTimer = 0;
      for (int i = 0; i < layers.length; i++) {
        for (OpenTiles.Slot slot : open.layers[i].values()) {
          if (slot.dirty) {
            emit(out, key, i, slot);
          }
        }
      }
    } else {
      for (int i = 0; i < layers.length; i++) {
        long size = layers[i];
        for (OpenTiles.Slot slot : open.layers[i].values()) {
          if (slot.dirty && slot.start + size - 1 <= timestamp) {
            emit(out, key, i, slot);
          }
        }
        open.removeIf(i, start -> start + size - 1 + lateness <= timestamp);
      }
    }
    if (open.isEmpty()) {
      state.clear();
    } else {
      state.update(open);
    }
  }

  /** The key as fetch takes it: {@code customer_id=Alice}, columns separated by spaces. */
  private String keyText(Row row) {
    StringBuilder b = new StringBuilder();
    for (int c : keyColumns) {
      Object v = row.get(c);
      b.append(b.length() == 0 ? "" : " ").append(groupBy.get().schema().name(c)).append('=')
          .append(v instanceof byte[] bytes ? java.util.Base64.getEncoder().encodeToString(bytes) : v);
    }
    return b.toString();
  }

  private void emit(Collector<Tile> out, byte[] key, int layer, OpenTiles.Slot slot) {
    slot.dirty = false;
    tilesMetric.inc();
    tilesPerLayer[layer].inc();
    tiles.add(1);
    tilesOfLayer[layer].add(1);
    live.tiles.increment();
    byte[] value = codec.encode(slot.irs);
    irBytes.update(value.length);
    out.collect(new Tile(key, layers[layer], slot.start, value, ttls[layer]));
  }
}
