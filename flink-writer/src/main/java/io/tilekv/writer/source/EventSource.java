package io.tilekv.writer.source;

import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where events come from: a stream of JSON lines, one event per line (SPEC section 8). The writer
 * parses, validates and timestamps them itself, so a source only reads. Implementations: {@link
 * FileEventSource} (files, bounded or watching a directory) and {@link GeneratedEventSource}
 * (synthetic events for demos and benchmarks) and {@link KafkaEventSource} (Kafka topics).
 */
public interface EventSource extends Serializable {

  /** Adds the source to {@code env} and returns its lines. */
  DataStream<String> create(StreamExecutionEnvironment env);

  /**
   * Adds the source to {@code env} and returns its lines with where each was read, which the
   * writer reports for malformed events. The default knows no positions (the writer then numbers
   * lines per reader); {@link FileEventSource} names the file and the line.
   */
  default DataStream<SourceLine> lines(StreamExecutionEnvironment env) {
    return create(env).map(SourceLine::unnumbered, TypeInformation.of(SourceLine.class)).name("lines");
  }

  /** True if the source ends: the writer then runs in BATCH mode unless told otherwise. */
  boolean bounded();

  /**
   * An id of exactly the events this bounded source yields (a hash of their bytes), with which a
   * run in merge mode marks the tiles it merged into, so the same input written twice is merged
   * once. Empty when the source cannot tell (then merge mode needs an explicit id). Called on the
   * client before the job starts.
   */
  default java.util.OptionalLong contentId() throws java.io.IOException {
    return java.util.OptionalLong.empty();
  }
}
