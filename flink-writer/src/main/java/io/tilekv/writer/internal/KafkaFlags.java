package io.tilekv.writer.internal;

import io.tilekv.tiling.GroupBy;
import io.tilekv.writer.source.KafkaEventSource;
import io.tilekv.writer.source.KafkaSourceOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The {@code write} flags of the Kafka source. */
public final class KafkaFlags {
  public static final List<String> NAMES = List.of("kafka-bootstrap", "topic", "topic-pattern",
      "group", "start", "bounded", "kafka-properties");

  public static final String USAGE = String.join("\n",
      "  --kafka-bootstrap HOSTS  read events from Kafka (host:port[,host:port]) instead of files:",
      "      --topic T[,T...] | --topic-pattern REGEX   topics to read (one JSON event per record)",
      "      --group ID           consumer group (default tilekv-<groupby name>); offsets are",
      "                           committed to it on each checkpoint",
      "      --start S            earliest (default), latest, committed, or an instant: where a job",
      "                           not restored from a checkpoint starts",
      "      --bounded            stop at the offsets latest when the job starts (backfill, BATCH)",
      "      --kafka-properties F Kafka client properties file (security.protocol, sasl.*, ssl.*);",
      "                           secrets in it are never printed");

  private KafkaFlags() {}

  /** The source the flags describe; {@code --kafka-bootstrap} must be given. */
  public static KafkaEventSource source(Flags f, GroupBy groupBy) throws IOException {
    String bootstrap = f.get("kafka-bootstrap");
    if (f.has("topic") == f.has("topic-pattern")) {
      throw new IllegalArgumentException("give exactly one of --topic and --topic-pattern with --kafka-bootstrap");
    }
    String group = f.has("group") ? f.get("group") : "tilekv-" + groupBy.name();
    KafkaSourceOptions o = f.has("topic")
        ? new KafkaSourceOptions(bootstrap, Arrays.stream(f.get("topic").split(","))
            .map(String::trim).filter(t -> !t.isEmpty()).toList(), null, group,
            KafkaSourceOptions.Start.EARLIEST, 0, false, Map.of())
        : KafkaSourceOptions.of(bootstrap, group, "unused").withTopicPattern(f.get("topic-pattern"));
    if (f.has("start")) {
      KafkaSourceOptions.Start s = KafkaSourceOptions.parseStart(f.get("start"));
      o = s == KafkaSourceOptions.Start.TIMESTAMP ? o.withStartTimestamp(Flags.instant(f.get("start")))
          : o.withStart(s);
    }
    if (f.has("bounded")) {
      o = o.withBounded(!"false".equals(f.get("bounded")));
    }
    if (f.has("kafka-properties")) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(Path.of(f.get("kafka-properties")), StandardCharsets.UTF_8)) {
        p.load(r);
      }
      Map<String, String> m = new LinkedHashMap<>();
      p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
      o = o.withProperties(m);
    }
    return new KafkaEventSource(o);
  }
}
