package io.tilekv.writer.source;

import io.tilekv.tiling.GroupBy;
import java.time.Duration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * An {@link EventSource} that makes event-time watermarks itself, per split (a Kafka partition),
 * so that one partition far ahead of another does not make the other's events late. The writer
 * then keeps these watermarks instead of assigning its own after parsing.
 */
public interface WatermarkingSource extends EventSource {

  /**
   * Adds the source with watermarks: each split's watermark trails the largest well-formed event
   * time it has read by {@code outOfOrderness}; a split idle for {@code idleness} (0: never) stops
   * holding the watermark back. Malformed lines carry no event time.
   */
  DataStream<String> create(StreamExecutionEnvironment env, GroupBy groupBy, Duration outOfOrderness,
      Duration idleness);
}
