package io.tilekv.writer;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.plugin.StorePlugins;
import io.tilekv.tiling.Durations;
import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.Times;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.source.EventSource;
import io.tilekv.writer.source.FileEventSource;
import io.tilekv.writer.source.GeneratedEventSource;
import io.tilekv.writer.source.KafkaEventSource;
import io.tilekv.writer.source.KafkaSourceOptions;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code write} command: {@code --groupby FILE --events PATH --store URI} plus job options.
 * The one definition of write's options: the {@code tilekv} command registers this class as its
 * {@code write} subcommand, and the job jar's {@link TileWriterJob#main} runs it through
 * {@link #run}. A bounded input runs in BATCH mode (every well-formed event counts whatever its
 * order); {@code --watch}, {@code --generate}, unbounded Kafka or {@code --mode streaming} run a
 * stream.
 */
@Command(name = "write", mixinStandardHelpOptions = true, versionProvider = WriterCommand.Version.class,
    sortOptions = false,
    description = {
        "Run the Flink writer: read events, tile them as the GroupBy says, write the tiles to a store.",
        "Runs on local Flink, or submits the job jar to a cluster with --cluster. Give exactly one"
            + " input: --events, --generate or --kafka-bootstrap. A bounded input runs in BATCH mode"
            + " and merges into the tiles already stored; a stream replaces them.",
        "Prints progress to stderr every " + WriterDefaults.PROGRESS + ", and at the end a summary: events read, malformed and"
            + " late, the keys and event times written, tiles per layer."},
    footerHeading = "%n",
    footer = "Durations: <n>ms, <n>s, <n>m, <n>h, <n>d (0 alone for none). Times: epoch"
        + " milliseconds or ISO-8601 instants like 2024-01-15T14:32:00Z.")
public final class WriterCommand implements Callable<Integer> {
  /** Flags that only the client of {@code --cluster} reads; the cluster gets the others. */
  private static final Set<String> CLIENT_ONLY = Set.of("--cluster", "--job-jar", "--plugins");

  @Spec
  CommandSpec spec;

  @Option(names = "--groupby", required = true, paramLabel = "FILE", description = "GroupBy file (YAML or JSON).")
  Path groupBy;

  @Option(names = "--store", required = true, paramLabel = "URI",
      description = "Store URI, e.g. rocksdb:/tmp/tiles; opened (and so checked) before Flink starts.")
  String store;

  @Option(names = "--plugins", paramLabel = "DIR", split = "${sys:path.separator}",
      description = "A directory of store plugins (repeatable, or several joined by"
          + " '${sys:path.separator}'), loaded on every TaskManager, each plugin in its own class"
          + " loader. The tilekv command also searches the directories in $TILEKV_PLUGINS and"
          + " plugins/ of the TileKV installation.")
  List<Path> plugins = new ArrayList<>();

  @Option(names = "--existing", paramLabel = "MODE", converter = WriteModeChoice.class,
      description = "What happens to tiles already in the store: merge (the default for bounded"
          + " input: the run's events are added, and input already written is never counted twice)"
          + " or replace (every tile the run writes holds the run's events only; streams always"
          + " replace).")
  TileWriterJob.WriteMode existing;

  @Option(names = "--rejects", paramLabel = "FILE",
      description = "Write every malformed and late event, with its file, line and reason, to FILE"
          + " (JSON Lines); the summary shows the first few.")
  Path rejects;

  @Option(names = "--progress", paramLabel = "D", converter = DurationText.class,
      description = "Print a progress line to stderr every D (default " + WriterDefaults.PROGRESS + "; 0 for none): events read"
          + " and their rate, malformed events and tiles written so far.")
  Duration progress;

  @Option(names = {"-q", "--quiet"}, description = "No progress lines (the summary is still printed).")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Print the stack trace of an error.")
  boolean verbose;

  @ArgGroup(validate = false, heading = "%nEvents from files:%n")
  FileInput files;

  @ArgGroup(validate = false, heading = "%nGenerated events (a stream):%n")
  GeneratedInput generated;

  @ArgGroup(validate = false, heading = "%nEvents from Kafka:%n")
  KafkaInput kafka;

  @ArgGroup(validate = false, heading = "%nJob:%n")
  JobOptions job;

  @ArgGroup(validate = false, heading = "%nFlink cluster:%n")
  ClusterOptions cluster;

  private UnaryOperator<List<Path>> pluginSearch = UnaryOperator.identity();
  /** The input of the last {@link #job}. */
  private EventSource source;

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

  static final class JobOptions {
    @Option(names = "--mode", paramLabel = "MODE", converter = ModeChoice.class,
        description = "automatic (default: batch for a bounded input, else streaming), batch or streaming.")
    TileWriterJob.Mode mode;

    @Option(names = "--trigger", paramLabel = "T", converter = TriggerText.class,
        description = "When a stream writes changed tiles: 'event' or a buffer interval (default "
            + WriterDefaults.TRIGGER + ").")
    EmitTrigger trigger;

    @Option(names = "--lateness", paramLabel = "D", converter = DurationText.class,
        description = "Allowed lateness (default " + WriterDefaults.LATENESS + ").")
    Duration lateness;

    @Option(names = "--out-of-orderness", paramLabel = "D", converter = DurationText.class,
        description = "Watermark delay (default " + WriterDefaults.OUT_OF_ORDERNESS + ").")
    Duration outOfOrderness;

    @Option(names = "--idleness", paramLabel = "D", converter = DurationText.class,
        description = "Idle source timeout, 0 for none (default " + WriterDefaults.IDLENESS + ").")
    Duration idleness;

    @Option(names = "--cutover", paramLabel = "T", converter = InstantText.class,
        description = "Ignore events before T (a multiple of the largest layer).")
    Long cutover;

    @Option(names = "--checkpoint-interval", paramLabel = "D", converter = DurationText.class,
        description = "Checkpoint interval of a stream (default " + WriterDefaults.CHECKPOINT_INTERVAL + "; 0 disables).")
    Duration checkpointInterval;

    @Option(names = "--restart-attempts", paramLabel = "N",
        description = "Fixed-delay restarts (default " + WriterDefaults.RESTART_ATTEMPTS + ").")
    Integer restartAttempts;

    @Option(names = "--parallelism", paramLabel = "N",
        description = "Parallelism (default " + WriterDefaults.PARALLELISM + ").")
    Integer parallelism;
  }

  static final class ClusterOptions {
    @Option(names = "--cluster", paramLabel = "HOST:PORT",
        description = "Submit the job jar to a running Flink cluster (its REST address) and return;"
            + " files named by options are read where the job's main runs (the JobManager), plugin"
            + " folders on every TaskManager.")
    String address;

    @Option(names = "--job-jar", paramLabel = "PATH",
        description = "The jar to submit (default: $TILEKV_JOB_JAR, else the build's"
            + " flink-writer/target/tilekv-flink-writer-*-job.jar).")
    Path jobJar;
  }

  /**
   * Also searches the directories {@code search} adds to those of {@code --plugins} (the tilekv
   * command adds $TILEKV_PLUGINS and its installation's plugins/).
   */
  public WriterCommand searchPlugins(UnaryOperator<List<Path>> search) {
    this.pluginSearch = java.util.Objects.requireNonNull(search, "search is null");
    return this;
  }

  /** The plugin directories of this command line: {@code --plugins}, then what the search adds. */
  public List<Path> pluginDirectories() {
    return pluginSearch.apply(List.copyOf(plugins));
  }

  /**
   * Runs {@code args} as the {@code write} command: prints the summary to {@code out}, progress and
   * errors to {@code err}.
   *
   * @return the exit code: 0 after a successful run, 2 for bad arguments, an input or a store that
   *     cannot be used, or an input without a well-formed event, 1 for a failed run
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new WriterCommand()).setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler((e, a) -> {
      PrintWriter w = e.getCommandLine().getErr();
      w.println(oneLine(e));
      w.flush();
      return 2;
    });
    cl.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      String message = userError(e);
      if (message == null) {
        throw e;
      }
      PrintWriter w = commandLine.getErr();
      w.println("write: " + message);
      if (parsed.hasMatchedOption("--verbose")) {
        e.printStackTrace(w);
      }
      w.flush();
      return 2;
    });
    return cl.execute(args);
  }

  /**
   * The one-line message of a bad command line, e.g. {@code write: Unknown option: '--bogus' (see
   * 'write --help')}.
   */
  public static String oneLine(ParameterException e) {
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    String message = e.getMessage();
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      message += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
    }
    return spec.name() + ": " + message.lines().collect(Collectors.joining(" "))
        + " (see '" + spec.qualifiedName() + " --help')";
  }

  /** The message of an error the user can act on, or null when {@code e} is not one. */
  private static String userError(Exception e) {
    if (e instanceof NoSuchFileException f) {
      return "no such file: " + f.getFile();
    } else if (e instanceof KVStoreException || e instanceof IllegalArgumentException || e instanceof IOException) {
      return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
    }
    return null;
  }

  /**
   * Parses {@code args} into a job, checking the inputs and opening the store as a run would.
   *
   * @throws ParameterException for an unknown option or a bad value
   * @throws IllegalArgumentException for options that do not fit together
   * @throws KVStoreException for a store or a plugin directory that cannot be used
   */
  static TileWriterJob parse(String[] args) throws IOException {
    WriterCommand command = new WriterCommand();
    new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return command.job(null);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (cluster != null && cluster.address != null) {
      try {
        out.println(ClusterSubmission.submit(cluster.address, cluster.jobJar, forwardedArgs()));
        return 0;
      } catch (IOException e) {
        err.println("write: " + e.getMessage());
        return 1;
      }
    }
    TileWriterJob writer = job(err);
    if (generated != null && generated.count != null) {
      out.println("generating " + ((GeneratedEventSource) source).settings().describe());
      out.flush();
    }
    try {
      out.println(writer.start());
    } catch (TileWriterJob.MalformedInputException e) {
      err.println("write: " + e.getMessage());
      return 2;
    } finally {
      out.flush();
      err.flush();
    }
    return 0;
  }

  /** The job of these options; {@code progressOut} gets the progress lines, null for none. */
  TileWriterJob job(PrintWriter progressOut) throws IOException {
    GroupBy g = GroupBy.parse(groupBy);
    source = source(g);
    List<Path> dirs = pluginDirectories();
    if (!dirs.isEmpty()) {
      // Fails here, naming the file, rather than in every task; a local run's tasks reuse the load.
      StorePlugins.shared(dirs);
    }
    StoreFactory storeFactory = StoreFactory.uri(store, dirs);
    JobOptions o = job != null ? job : new JobOptions();
    TileWriterJob.Builder b = TileWriterJob.builder(g, source, storeFactory)
        .parallelism(o.parallelism != null ? o.parallelism : WriterDefaults.PARALLELISM);
    // An option not given leaves the builder's default, the one its help text shows.
    given(o.mode, b::mode);
    given(existing, b::writeMode);
    given(rejects, r -> b.rejectsPath(r.toAbsolutePath()));
    given(o.trigger, b::trigger);
    given(o.lateness, b::allowedLateness);
    given(o.outOfOrderness, b::outOfOrderness);
    given(o.idleness, b::idleness);
    given(o.cutover, b::cutover);
    given(o.checkpointInterval, b::checkpointInterval);
    given(o.restartAttempts, n -> b.restarts(n, WriterDefaults.duration(WriterDefaults.RESTART_DELAY)));
    Duration every = quiet ? Duration.ZERO
        : progress != null ? progress : WriterDefaults.duration(WriterDefaults.PROGRESS);
    if (progressOut != null && !every.isZero()) {
      b.progress(every, progressOut);
    }
    // Opening the store here checks it before Flink starts (an unknown scheme, a bad option, a
    // locked directory, an unreachable server fail in one line), and its key limit lets the job
    // set aside events whose tile key the store would refuse instead of failing on them.
    try (KVStore probe = storeFactory.open()) {
      b.maxKeyBytes(probe.capabilities().maxKeyBytes());
    }
    try {
      return b.build();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static <T> void given(T value, Consumer<T> option) {
    if (value != null) {
      option.accept(value);
    }
  }

  private EventSource source(GroupBy g) throws IOException {
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
      return new GeneratedEventSource(GeneratedEventSource.Settings.of(g, gen.count)
          .withRate(gen.rate != null ? gen.rate : 0)
          .withKeys(gen.keys != null ? gen.keys : 100, gen.hotKeyShare != null ? gen.hotKeyShare : 0)
          .withSeed(gen.seed != null ? gen.seed : 1));
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
        ? new KafkaSourceOptions(k.bootstrap, Arrays.stream(k.topics.split(","))
            .map(String::trim).filter(t -> !t.isEmpty()).toList(), null, group,
            KafkaSourceOptions.Start.EARLIEST, 0, false, Map.of())
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

  /**
   * The options the cluster's job main gets: those given, as given, without the client's own
   * ({@code --cluster}, {@code --job-jar}), and {@code --plugins} with every directory searched.
   */
  List<String> forwardedArgs() {
    List<String> out = new ArrayList<>();
    for (OptionSpec o : new LinkedHashSet<>(spec.commandLine().getParseResult().matchedOptions())) {
      String name = o.longestName();
      if (CLIENT_ONLY.contains(name)) {
        continue;
      }
      if (o.arity().max() == 0) {
        out.add(name);
      } else {
        o.originalStringValues().forEach(v -> out.add(name + "=" + v));
      }
    }
    List<Path> dirs = pluginDirectories();
    if (!dirs.isEmpty()) {
      out.add("--plugins=" + dirs.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    }
    return out;
  }

  /** {@code tilekv <version>}, from the writer jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = WriterCommand.class.getPackage().getImplementationVersion();
      return new String[] {"tilekv " + (v == null ? "(development build)" : v)};
    }
  }

  /** {@code <n>ms}, or {@code <n>s|m|h|d}; {@code 0} alone is zero. */
  static final class DurationText implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String t = value.trim();
      try {
        if (t.equals("0")) {
          return Duration.ZERO;
        }
        if (t.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
        }
        return Duration.ofMillis(Durations.parse(t));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a duration like 250ms, 2s, 5m");
      }
    }
  }

  /** Epoch millis or an ISO-8601 instant, within the supported range of times. */
  static final class InstantText implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }

    static long parse(String value) {
      String t = value.trim();
      long millis;
      try {
        millis = t.matches("-?\\d+") ? Long.parseLong(t) : Instant.parse(t).toEpochMilli();
      } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
        throw new IllegalArgumentException(
            "'" + value + "' is neither epoch milliseconds nor an ISO-8601 instant like 2024-01-15T14:32:00Z");
      }
      return Times.check(millis, "time");
    }
  }

  /** {@code event} or a buffer interval. */
  static final class TriggerText implements ITypeConverter<EmitTrigger> {
    @Override
    public EmitTrigger convert(String value) {
      try {
        return EmitTrigger.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is neither 'event' nor a duration like 1s");
      }
    }
  }

  /** An enum constant by its lower-case name; a wrong one names the valid ones. */
  abstract static class Choice<E extends Enum<E>> implements ITypeConverter<E> {
    private final Class<E> type;

    Choice(Class<E> type) {
      this.type = type;
    }

    @Override
    public E convert(String value) {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(value.trim())) {
          return e;
        }
      }
      throw new TypeConversionException("expected one of " + Arrays.stream(type.getEnumConstants())
          .map(e -> e.name().toLowerCase(Locale.ROOT)).toList() + " but was '" + value + "'");
    }
  }

  static final class ModeChoice extends Choice<TileWriterJob.Mode> {
    ModeChoice() {
      super(TileWriterJob.Mode.class);
    }
  }

  static final class WriteModeChoice extends Choice<TileWriterJob.WriteMode> {
    WriteModeChoice() {
      super(TileWriterJob.WriteMode.class);
    }
  }
}
