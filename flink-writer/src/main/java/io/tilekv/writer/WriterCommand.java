package io.tilekv.writer;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.plugin.StorePlugins;
import io.tilekv.tiling.GroupBy;
import io.tilekv.writer.internal.Flags;
import io.tilekv.writer.internal.KafkaFlags;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.source.EventSource;
import io.tilekv.writer.source.FileEventSource;
import io.tilekv.writer.source.GeneratedEventSource;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code write} command line: {@code --groupby FILE --events FILE.jsonl --store URI} plus job
 * options, as {@link #USAGE} lists. A bounded file runs in BATCH mode (every well-formed event
 * counts whatever its order); {@code --watch} or {@code --mode streaming} run a stream.
 */
public final class WriterCommand {
  public static final String USAGE = String.join("\n",
      "usage: write --groupby FILE (--events PATH | --generate N | --kafka-bootstrap HOSTS ...)",
      "             --store URI [--cluster HOST:PORT] [options]",
      "  --plugins DIRS           store plugin directories (separated by the path separator), loaded",
      "                           on every TaskManager, each plugin in its own class loader",
      "  --events PATH            JSON Lines file, or a directory of them",
      "  --watch INTERVAL         keep watching the --events directory for new files (streaming)",
      "  --generate N             N synthetic events instead of --events (streaming)",
      "      --rate EPS --keys K --hot-key-share X --seed S",
      KafkaFlags.USAGE,
      "  --cluster HOST:PORT      submit the job jar to a running Flink cluster (its REST address)",
      "                           and return; files named by flags are read where the job's main",
      "                           runs (the JobManager) and plugin folders on every TaskManager",
      "      --job-jar PATH       the jar to submit (default: $TILEKV_JOB_JAR, else the build's",
      "                           flink-writer/target/tilekv-flink-writer-*-job.jar)",
      "  --mode MODE              automatic (default), batch or streaming",
      "  --existing MODE          what happens to tiles already in the store: merge (default for",
      "                           bounded input: the run's events are added, and input already",
      "                           written is never counted twice) or replace (every tile the run",
      "                           writes holds the run's events only; streams always replace)",
      "  --rejects FILE           write every malformed and late event, with its reason, to FILE",
      "                           (JSON Lines); the console shows the first few",
      "  --trigger T              'event' or a buffer interval such as 1s (default 1s)",
      "  --lateness D             allowed lateness (default 1m)",
      "  --out-of-orderness D     watermark delay (default 5s)",
      "  --idleness D             idle source timeout, 0 for none (default 30s)",
      "  --cutover T              ignore events before T (epoch millis or ISO-8601)",
      "  --checkpoint-interval D  (default 10s; 0 disables)",
      "  --restart-attempts N     fixed-delay restarts (default 3)",
      "  --parallelism N          (default 1)",
      "durations: <n>ms, <n>s, <n>m, <n>h, <n>d");

  private static final List<String> KNOWN = List.of("groupby", "events", "store", "watch",
      "generate", "rate", "keys", "hot-key-share", "seed", "mode", "trigger", "lateness",
      "out-of-orderness", "idleness", "cutover", "checkpoint-interval", "restart-attempts",
      "parallelism", "plugins", "existing", "rejects");
  private static final List<String> CLUSTER = List.of("cluster", "job-jar");

  private WriterCommand() {}

  /**
   * Parses {@code args} into a job.
   *
   * @throws IllegalArgumentException for a missing, unknown or invalid flag
   * @throws KVStoreException INVALID_CONFIG for a plugin directory that cannot be loaded
   */
  public static TileWriterJob parse(String[] args) throws java.io.IOException {
    Flags f = Flags.parse(args);
    List<String> known = new java.util.ArrayList<>(KNOWN);
    known.addAll(KafkaFlags.NAMES);
    List<String> unknown = f.unknown(known);
    if (!unknown.isEmpty() || !f.positional().isEmpty()) {
      throw new IllegalArgumentException("unknown arguments: " + unknown + " " + f.positional());
    }
    GroupBy groupBy = GroupBy.parse(Path.of(require(f, "groupby")));
    String store = require(f, "store");
    EventSource source;
    if ((f.has("generate") ? 1 : 0) + (f.has("events") ? 1 : 0) + (f.has("kafka-bootstrap") ? 1 : 0) != 1) {
      throw new IllegalArgumentException("give exactly one of --events, --generate and --kafka-bootstrap");
    } else if (f.has("kafka-bootstrap")) {
      source = KafkaFlags.source(f, groupBy);
    } else if (f.has("generate")) {
      GeneratedEventSource.Settings s = GeneratedEventSource.Settings.of(groupBy,
              Long.parseLong(f.get("generate")))
          .withRate(f.has("rate") ? Double.parseDouble(f.get("rate")) : 0)
          .withKeys(f.has("keys") ? Integer.parseInt(f.get("keys")) : 100,
              f.has("hot-key-share") ? Double.parseDouble(f.get("hot-key-share")) : 0)
          .withSeed(f.has("seed") ? Long.parseLong(f.get("seed")) : 1);
      source = new GeneratedEventSource(s);
    } else {
      String events = Path.of(f.get("events")).toAbsolutePath().toUri().toString();
      source = f.has("watch") ? FileEventSource.watching(events, Flags.duration(f.get("watch")))
          : FileEventSource.of(events);
    }
    List<Path> plugins = f.has("plugins") ? Arrays.stream(f.get("plugins").split(File.pathSeparator))
        .filter(d -> !d.isBlank()).map(Path::of).toList() : List.of();
    if (!plugins.isEmpty()) {
      // Fails here, naming the file, rather than in every task; a local run's tasks reuse the load.
      StorePlugins.shared(plugins);
    }
    TileWriterJob.Builder b = TileWriterJob.builder(groupBy, source, StoreFactory.uri(store, plugins))
        .parallelism(f.has("parallelism") ? Integer.parseInt(f.get("parallelism")) : 1);
    if (f.has("mode")) {
      b.mode(choice(TileWriterJob.Mode.class, "mode", f.get("mode")));
    }
    if (f.has("existing")) {
      b.writeMode(choice(TileWriterJob.WriteMode.class, "existing", f.get("existing")));
    }
    if (f.has("rejects")) {
      b.rejectsPath(Path.of(f.get("rejects")).toAbsolutePath());
    }
    // Opening the store here checks it before Flink starts (an unknown scheme, a bad option, a
    // locked directory, an unreachable server fail in one line), and its key limit lets the job
    // set aside events whose tile key the store would refuse instead of failing on them.
    try (KVStore probe = StoreFactory.uri(store, plugins).open()) {
      b.maxKeyBytes(probe.capabilities().maxKeyBytes());
    }
    if (f.has("trigger")) {
      b.trigger(EmitTrigger.parse(f.get("trigger")));
    }
    if (f.has("lateness")) {
      b.allowedLateness(Flags.duration(f.get("lateness")));
    }
    if (f.has("out-of-orderness")) {
      b.outOfOrderness(Flags.duration(f.get("out-of-orderness")));
    }
    if (f.has("idleness")) {
      b.idleness(Flags.duration(f.get("idleness")));
    }
    if (f.has("cutover")) {
      b.cutover(Flags.instant(f.get("cutover")));
    }
    if (f.has("checkpoint-interval")) {
      b.checkpointInterval(Flags.duration(f.get("checkpoint-interval")));
    }
    if (f.has("restart-attempts")) {
      b.restarts(Integer.parseInt(f.get("restart-attempts")), Duration.ofSeconds(2));
    }
    return b.build();
  }

  /**
   * Parses, runs and prints the summary to {@code out}; usage errors go to {@code err}.
   *
   * @return the exit code: 0 after a successful run, 2 for bad arguments
   */
  public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    if (Flags.parse(args).has("cluster")) {
      return ClusterSubmission.run(args, CLUSTER, out, err);
    }
    TileWriterJob job;
    try {
      job = parse(args);
    } catch (IllegalArgumentException | java.io.IOException | KVStoreException e) {
      err.println("write: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      out.println(job.start());
    } catch (TileWriterJob.MalformedInputException e) {
      err.println("write: " + e.getMessage());
      return 2;
    }
    return 0;
  }

  private static <E extends Enum<E>> E choice(Class<E> type, String flag, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    throw new IllegalArgumentException("--" + flag + " must be one of "
        + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()
        + ": '" + value + "'");
  }

  private static String require(Flags f, String name) {
    String v = f.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }
}
