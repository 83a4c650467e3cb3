package io.tilekv.writer;

import io.tilekv.tiling.GroupBy;
import io.tilekv.writer.OptionTexts.DurationText;
import io.tilekv.writer.OptionTexts.InstantText;
import io.tilekv.writer.source.EventSource;
import io.tilekv.writer.source.FileEventSource;
import io.tilekv.writer.source.GeneratedEventSource;
import io.tilekv.writer.source.KafkaEventSource;
import io.tilekv.writer.source.KafkaSourceOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The write command's inputs, one option group each (files, generated events, Kafka), and the
 * {@link EventSource} of the one given.
 */
final class InputOptions {
  private InputOptions() {}

  static final class FileInput {
    @Option(names = "--events", paramLabel = "PATH", description = "A JSON Lines file, or a directory of them.")
    Path events;

    @Option(names = "--watch", paramLabel = "INTERVAL", converter = DurationText.class,
        description = "Keep watching the --events directory for new files, checking every INTERVAL (a stream).")
    Duration watch;
  }

  static final class GeneratedInput {
    @Option(names = "--generate", paramLabel = "N",
        description = "N synthetic events of the GroupBy's schema instead of --events; the run says"
            + " which keys and event times it generates.")
    Long count;

    @Option(names = "--rate", paramLabel = "EPS", description = "Events per second (default: as fast as possible).")
    Double rate;

    @Option(names = "--keys", paramLabel = "K", description = "Distinct keys (default 100).")
    Integer keys;

    @Option(names = "--hot-key-share", paramLabel = "X", description = "Share of events for the first key (default 0).")
    Double hotKeyShare;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default 1).")
    Long seed;
  }

  static final class KafkaInput {
    @Option(names = "--kafka-bootstrap", paramLabel = "HOSTS",
        description = "Read events from Kafka (host:port[,host:port]) instead of files, one JSON event"
            + " per record; watermarks per partition, offsets in every checkpoint.")
    String bootstrap;

    @Option(names = "--topic", paramLabel = "T[,T...]", description = "Topics to read.")
    String topics;

    @Option(names = "--topic-pattern", paramLabel = "REGEX", description = "Topics to read, by pattern.")
    String topicPattern;

    @Option(names = "--group", paramLabel = "ID",
        description = "Consumer group (default tilekv-<groupby name>); offsets are committed to it on each checkpoint.")
    String group;

    @Option(names = "--start", paramLabel = "S",
        description = "earliest (default), latest, committed, or an instant: where a job not restored"
            + " from a checkpoint starts.")
    String start;

    @Option(names = "--bounded", arity = "0..1", paramLabel = "true|false",
        description = "Stop at the offsets latest when the job starts (a backfill, BATCH mode).")
    boolean bounded;

    @Option(names = "--kafka-properties", paramLabel = "FILE",
        description = "Kafka client properties (security.protocol, sasl.*, ssl.*); secrets in it are never printed.")
    Path properties;
  }

  /**
   * The source of the one input given; a group not given is null.
   *
   * @throws IllegalArgumentException for no input, more than one, or options that do not fit
   * @throws NoSuchFileException for {@code --events} that does not exist
   */
  static EventSource source(FileInput files, GeneratedInput generated, KafkaInput kafka, GroupBy g)
      throws IOException {
    FileInput f = files != null ? files : new FileInput();
    GeneratedInput gen = generated != null ? generated : new GeneratedInput();
    KafkaInput k = kafka != null ? kafka : new KafkaInput();
    if ((f.events != null ? 1 : 0) + (gen.count != null ? 1 : 0) + (k.bootstrap != null ? 1 : 0) != 1) {
      throw new IllegalArgumentException("give exactly one of --events, --generate and --kafka-bootstrap");
    }
    if (f.watch != null && f.events == null) {
      throw new IllegalArgumentException("--watch needs --events DIRECTORY");
    }
    if (k.bootstrap != null) {
      return kafkaSource(k, g);
    } else if (gen.count != null) {
      // An option not given keeps the value of Settings.of, the default its help text names.
      GeneratedEventSource.Settings s = GeneratedEventSource.Settings.of(g, gen.count);
      return new GeneratedEventSource(s
          .withRate(gen.rate != null ? gen.rate : s.eventsPerSecond())
          .withKeys(gen.keys != null ? gen.keys : s.keys(),
              gen.hotKeyShare != null ? gen.hotKeyShare : s.hotKeyShare())
          .withSeed(gen.seed != null ? gen.seed : s.seed()));
    }
    if (!Files.exists(f.events)) {
      throw new NoSuchFileException(f.events.toString());
    }
    String events = f.events.toAbsolutePath().toUri().toString();
    return f.watch != null ? FileEventSource.watching(events, f.watch) : FileEventSource.of(events);
  }

  private static KafkaEventSource kafkaSource(KafkaInput k, GroupBy groupBy) throws IOException {
    if ((k.topics != null) == (k.topicPattern != null)) {
      throw new IllegalArgumentException("give exactly one of --topic and --topic-pattern with --kafka-bootstrap");
    }
    String group = k.group != null ? k.group : "tilekv-" + groupBy.name();
    KafkaSourceOptions o = k.topics != null
        ? KafkaSourceOptions.of(k.bootstrap, group, Arrays.stream(k.topics.split(","))
            .map(String::trim).filter(t -> !t.isEmpty()).toArray(String[]::new))
        : KafkaSourceOptions.of(k.bootstrap, group, "unused").withTopicPattern(k.topicPattern);
    if (k.start != null) {
      KafkaSourceOptions.Start s = KafkaSourceOptions.parseStart(k.start);
      o = s == KafkaSourceOptions.Start.TIMESTAMP ? o.withStartTimestamp(InstantText.parse(k.start)) : o.withStart(s);
    }
    if (k.bounded) {
      o = o.withBounded(true);
    }
    if (k.properties != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(k.properties, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      Map<String, String> m = new LinkedHashMap<>();
      p.stringPropertyNames().forEach(name -> m.put(name, p.getProperty(name)));
      o = o.withProperties(m);
    }
    return new KafkaEventSource(o);
  }
}
