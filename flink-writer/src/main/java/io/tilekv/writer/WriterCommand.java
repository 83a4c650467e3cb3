package io.tilekv.writer;

import io.tilekv.spi.KVStore;
import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.plugin.StorePlugins;
import io.tilekv.tiling.GroupBy;
import io.tilekv.writer.OptionTexts.DurationText;
import io.tilekv.writer.OptionTexts.InstantText;
import io.tilekv.writer.OptionTexts.ModeChoice;
import io.tilekv.writer.OptionTexts.TriggerText;
import io.tilekv.writer.OptionTexts.WriteModeChoice;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.source.EventSource;
import io.tilekv.writer.source.GeneratedEventSource;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
  InputOptions.FileInput files;

  @ArgGroup(validate = false, heading = "%nGenerated events (a stream):%n")
  InputOptions.GeneratedInput generated;

  @ArgGroup(validate = false, heading = "%nEvents from Kafka:%n")
  InputOptions.KafkaInput kafka;

  @ArgGroup(validate = false, heading = "%nJob:%n")
  JobOptions job;

  @ArgGroup(validate = false, heading = "%nFlink cluster:%n")
  ClusterOptions cluster;

  private UnaryOperator<List<Path>> pluginSearch = UnaryOperator.identity();
  /** The input of the last {@link #job}. */
  private EventSource source;

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
    source = InputOptions.source(files, generated, kafka, g);
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
}
