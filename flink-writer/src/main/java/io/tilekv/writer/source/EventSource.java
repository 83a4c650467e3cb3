package io.tilekv.writer.source;

import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where events come from: a stream of JSON lines, one event per line (SPEC section 8). The writer
 * parses, validates and timestamps them itself, so a source only reads. Implementations: {@link
 * FileEventSource} (files, bounded or watching a directory) and {@link GeneratedEventSource}
 * (synthetic events for demos and benchmarks); a Kafka source would be a third.
 */
public interface EventSource extends Serializable {

  /** Adds the source to {@code env} and returns its lines. */
  DataStream<String> create(StreamExecutionEnvironment env);

  /** True if the source ends: the writer then runs in BATCH mode unless told otherwise. */
  boolean bounded();
}
