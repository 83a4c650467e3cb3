package io.tilekv.writer.source;

import static java.util.Objects.requireNonNull;

import io.tilekv.tiling.EventParser;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.ParsedEvent;
import io.tilekv.writer.internal.GroupBySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Events from Kafka with the Flink Kafka connector: each record value is one event, a JSON object
 * in UTF-8 (the record key is not read), parsed and validated by the writer like a line of a file,
 * so a malformed record is counted and set aside, never fatal. A record without a value (a
 * tombstone) is a malformed, blank event.
 *
 * <p>Watermarks are made per partition inside the source ({@link WatermarkingSource}), from the
 * timestamp column of the well-formed events. Offsets are part of each checkpoint, so a job
 * restored from a checkpoint resumes exactly where that checkpoint was taken; they are also
 * committed to the consumer group on each completed checkpoint (for monitoring lag and for
 * {@link KafkaSourceOptions.Start#COMMITTED}).
 */
public final class KafkaEventSource implements WatermarkingSource {
  private static final long serialVersionUID = 1L;

  private final KafkaSourceOptions options;

  public KafkaEventSource(KafkaSourceOptions options) {
    this.options = requireNonNull(options, "options is null");
  }

  public KafkaSourceOptions options() {
    return options;
  }

  /** Without watermarks: for a caller that assigns them after parsing. */
  @Override
  public DataStream<String> create(StreamExecutionEnvironment env) {
    return env.fromSource(source(), WatermarkStrategy.noWatermarks(), name()).uid("source");
  }

  @Override
  public DataStream<String> create(StreamExecutionEnvironment env, GroupBy groupBy,
      Duration outOfOrderness, Duration idleness) {
    WatermarkStrategy<String> w = WatermarkStrategy.<String>forBoundedOutOfOrderness(outOfOrderness)
        .withTimestampAssigner(new EventTime(groupBy));
    if (!idleness.isZero()) {
      w = w.withIdleness(idleness);
    }
    return env.fromSource(source(), w, name()).uid("source");
  }

  @Override
  public boolean bounded() {
    return options.bounded();
  }

  /** The connector's source; secrets are inside it, never in its name. */
  KafkaSource<String> source() {
    KafkaSourceBuilder<String> b = KafkaSource.<String>builder()
        .setBootstrapServers(options.bootstrapServers())
        .setGroupId(options.groupId())
        .setDeserializer(new Values())
        .setStartingOffsets(switch (options.start()) {
          case EARLIEST -> OffsetsInitializer.earliest();
          case LATEST -> OffsetsInitializer.latest();
          case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
          case TIMESTAMP -> OffsetsInitializer.timestamp(options.startTimestamp());
        })
        .setProperties(options.clientProperties());
    if (options.topicPattern() != null) {
      b.setTopicPattern(java.util.regex.Pattern.compile(options.topicPattern()));
    } else {
      b.setTopics(options.topics());
    }
    if (options.bounded()) {
      b.setBounded(OffsetsInitializer.latest());
    }
    return b.build();
  }

  private String name() {
    return "kafka " + (options.topicPattern() != null ? "/" + options.topicPattern() + "/"
        : String.join(",", options.topics()));
  }

  @Override
  public String toString() {
    return "KafkaEventSource[" + options + "]";
  }

  /** The record value as a string; the key, headers and record timestamp are not used. */
  private static final class Values implements KafkaRecordDeserializationSchema<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<String> out)
        throws IOException {
      byte[] v = record.value();
      out.collect(v == null ? "" : new String(v, StandardCharsets.UTF_8));
    }

    @Override
    public TypeInformation<String> getProducedType() {
      return Types.STRING;
    }
  }

  /**
   * The event time of a well-formed event; {@link Long#MIN_VALUE} for a malformed one, which
   * therefore never moves a watermark (as with files, where only parsed rows make watermarks).
   */
  private static final class EventTime implements SerializableTimestampAssigner<String> {
    private static final long serialVersionUID = 1L;
    private final GroupBySpec groupBy;
    private transient EventParser parser;

    EventTime(GroupBy groupBy) {
      this.groupBy = GroupBySpec.of(groupBy);
    }

    @Override
    public long extractTimestamp(String line, long recordTimestamp) {
      if (parser == null) {
        parser = new EventParser(groupBy.get());
      }
      ParsedEvent e = parser.parse(line, 0);
      return e.isMalformed() ? Long.MIN_VALUE : e.row().timestamp();
    }
  }
}
