package io.tilekv.writer.internal;

import io.tilekv.tiling.Durations;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Names and helpers of the writer's Flink metrics beyond the counts of {@code WriterSummary}
 * (docs/operations.md lists them all with the alerts to set). Histograms keep a window of the
 * last {@value #WINDOW} values per task.
 */
public final class WriterMetrics {
  /** Late events within the allowed lateness: they updated (rewrote) tiles already closed. */
  public static final String LATE_REWRITTEN = "lateEventsRewritten";
  /** Tiles emitted, per layer: group {@code layer} = the tile size ({@code 1h}, {@code 1d}). */
  public static final String LAYER_GROUP = "layer";
  /** Encoded size in bytes of each emitted tile (its IRs). */
  public static final String TILE_IR_BYTES = "tileIrBytes";
  /** Failed store requests, retryable or not. */
  public static final String STORE_WRITE_FAILURES = "storeWriteFailures";
  /** Milliseconds from sending a store request to its answer. */
  public static final String STORE_WRITE_LATENCY = "storeWriteLatencyMs";

  private static final int WINDOW = 1024;

  private WriterMetrics() {}

  public static Histogram histogram(MetricGroup group, String name) {
    return group.histogram(name, new DescriptiveStatisticsHistogram(WINDOW));
  }

  /** One {@code tilesEmitted} counter per layer, in the order of {@code layers}. */
  public static Counter[] perLayer(MetricGroup group, long[] layers, String counter) {
    Counter[] out = new Counter[layers.length];
    for (int i = 0; i < layers.length; i++) {
      out[i] = group.addGroup(LAYER_GROUP, Durations.format(layers[i])).counter(counter);
    }
    return out;
  }
}
