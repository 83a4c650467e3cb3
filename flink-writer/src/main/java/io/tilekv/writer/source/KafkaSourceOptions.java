package io.tilekv.writer.source;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where and how {@link KafkaEventSource} reads: bootstrap servers, topics or a topic pattern, the
 * consumer group, the start offsets, bounded mode and pass-through client properties (SASL, TLS).
 * Immutable; {@link #toString()} masks every secret.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param topics the topics to read; empty when {@code topicPattern} is given
 * @param topicPattern a regular expression of topic names (new matching topics are picked up), or
 *     null
 * @param groupId the consumer group: offsets are committed to it on each checkpoint
 * @param start where a job that does not restore from a checkpoint starts
 * @param startTimestamp epoch millis for {@link Start#TIMESTAMP}
 * @param bounded stop at the offsets that were the latest when the job started (a Kafka backfill)
 * @param properties Kafka client properties passed through as given ({@code security.protocol},
 *     {@code sasl.*}, {@code ssl.*}, ...)
 */
public record KafkaSourceOptions(String bootstrapServers, List<String> topics, String topicPattern,
    String groupId, Start start, long startTimestamp, boolean bounded,
    Map<String, String> properties) implements Serializable {

  /** Where a fresh job (no checkpoint to restore) starts reading each partition. */
  public enum Start {
    /** The first retained offset. */
    EARLIEST,
    /** The end: only events produced after the job started. */
    LATEST,
    /** The group's committed offset, or the earliest offset for a partition without one. */
    COMMITTED,
    /** The first offset whose record timestamp is at or after {@code startTimestamp}. */
    TIMESTAMP
  }

  /** Property names whose values are secrets: never printed. */
  private static final Pattern SECRET =
      Pattern.compile(".*(password|secret|jaas|token|credential|user\\.info|\\.key$).*");

  public KafkaSourceOptions {
    requireNonNull(bootstrapServers, "bootstrapServers is null");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers are empty");
    }
    topics = List.copyOf(requireNonNull(topics, "topics is null"));
    if (topics.isEmpty() == (topicPattern == null)) {
      throw new IllegalArgumentException("give either topics or a topic pattern");
    }
    if (topicPattern != null) {
      Pattern.compile(topicPattern); // fails now, not in the cluster
    }
    requireNonNull(groupId, "groupId is null");
    requireNonNull(start, "start is null");
    properties = Map.copyOf(new LinkedHashMap<>(requireNonNull(properties, "properties is null")));
  }

  /** Options reading {@code topics} from the earliest offset, unbounded, as group {@code groupId}. */
  public static KafkaSourceOptions of(String bootstrapServers, String groupId, String... topics) {
    return new KafkaSourceOptions(bootstrapServers, List.of(topics), null, groupId, Start.EARLIEST,
        0, false, Map.of());
  }

  /** Reads every topic matching the regular expression {@code pattern} instead of a topic list. */
  public KafkaSourceOptions withTopicPattern(String pattern) {
    return new KafkaSourceOptions(bootstrapServers, List.of(), requireNonNull(pattern, "pattern is null"),
        groupId, start, startTimestamp, bounded, properties);
  }

  public KafkaSourceOptions withStart(Start start) {
    if (start == Start.TIMESTAMP) {
      throw new IllegalArgumentException("use withStartTimestamp(millis)");
    }
    return new KafkaSourceOptions(bootstrapServers, topics, topicPattern, groupId, start, 0, bounded,
        properties);
  }

  public KafkaSourceOptions withStartTimestamp(long epochMillis) {
    return new KafkaSourceOptions(bootstrapServers, topics, topicPattern, groupId, Start.TIMESTAMP,
        epochMillis, bounded, properties);
  }

  /** Bounded: stop at the offsets that are the latest when the job starts. */
  public KafkaSourceOptions withBounded(boolean bounded) {
    return new KafkaSourceOptions(bootstrapServers, topics, topicPattern, groupId, start,
        startTimestamp, bounded, properties);
  }

  /** Adds Kafka client properties (they win over the source's own settings). */
  public KafkaSourceOptions withProperties(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(properties);
    all.putAll(more);
    return new KafkaSourceOptions(bootstrapServers, topics, topicPattern, groupId, start,
        startTimestamp, bounded, all);
  }

  /** {@code earliest}, {@code latest}, {@code committed}, or an instant (epoch millis or ISO-8601). */
  public static Start parseStart(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    return switch (t) {
      case "EARLIEST", "LATEST", "COMMITTED" -> Start.valueOf(t);
      default -> Start.TIMESTAMP;
    };
  }

  /** The pass-through properties as Kafka client {@link Properties}. */
  Properties clientProperties() {
    Properties p = new Properties();
    p.putAll(properties);
    return p;
  }

  /** True if the value of property {@code name} must never be printed. */
  public static boolean isSecret(String name) {
    return SECRET.matcher(name.toLowerCase(Locale.ROOT)).matches();
  }

  /** The properties with every secret value replaced by {@code ****}. */
  public Map<String, String> maskedProperties() {
    Map<String, String> out = new TreeMap<>();
    properties.forEach((k, v) -> out.put(k, isSecret(k) ? "****" : v));
    return out;
  }

  @Override
  public String toString() {
    return "KafkaSourceOptions[" + bootstrapServers + ", "
        + (topicPattern != null ? "pattern " + topicPattern : "topics " + topics)
        + ", group " + groupId + ", start " + start
        + (start == Start.TIMESTAMP ? " " + startTimestamp : "")
        + (bounded ? ", bounded" : "") + ", properties " + maskedProperties() + "]";
  }
}
