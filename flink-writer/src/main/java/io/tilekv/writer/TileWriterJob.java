package io.tilekv.writer;

import static io.tilekv.writer.WriterDefaults.duration;
import static java.util.Objects.requireNonNull;

import io.tilekv.tiling.EventParser;
import io.tilekv.tiling.GroupBy;
import io.tilekv.writer.internal.Progress;
import io.tilekv.writer.sink.KVStoreSink;
import io.tilekv.writer.sink.RetrySettings;
import io.tilekv.writer.sink.StoreFactory;
import io.tilekv.writer.sink.Tile;
import io.tilekv.writer.source.EventSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * The Flink job that turns events into layered tiles and writes them to a store.
 *
 * <p>Pipeline: source lines, parse and validate against the GroupBy (malformed lines to a side
 * output), event-time watermarks (bounded out-of-orderness, idleness), one keyed operator per
 * entity key that keeps the open tiles of every layer, and the {@link KVStoreSink}. Late events
 * beyond the allowed lateness go to a second side output. Every set-aside event is counted in a
 * metric and an accumulator ({@link WriterSummary}).
 *
 * <p>A bounded source runs in BATCH mode by default: the same code writes historical tiles
 * (backfill), every well-formed event counts whatever its order, and each tile is written once. An
 * unbounded source runs in STREAMING mode with checkpoints and a fixed-delay restart strategy;
 * events before the cut-over time (the end of a backfill) are ignored and counted.
 *
 * <p>Use {@link #run()} for a run with the defaults, or {@link #environment()} and
 * {@link #addTo(StreamExecutionEnvironment)} to attach more sinks to the side outputs first.
 * {@link #main(String[])} is the command line ({@link WriterCommand}).
 */
public final class TileWriterJob {
  /** Malformed lines. */
  public static final OutputTag<Rejected> MALFORMED =
      new OutputTag<>("malformed", TypeInformation.of(Rejected.class));
  /** Events later than the allowed lateness. */
  public static final OutputTag<Rejected> LATE =
      new OutputTag<>("late", TypeInformation.of(Rejected.class));

  /** How the job runs. */
  public enum Mode {
    /** BATCH for a bounded source, STREAMING otherwise. */
    AUTOMATIC,
    STREAMING,
    BATCH
  }

  /**
   * What a run does to tiles the store already holds (docs/semantics.md, "Writing").
   */
  public enum WriteMode {
    /**
     * Bounded runs: each tile is merged into the stored one (IRs merged), and the tile records the
     * run's input id, so writing the same input again (or a retry) never counts twice. Adding a
     * second events file adds its events. The default for BATCH runs.
     */
    MERGE,
    /**
     * Each tile the run writes replaces the stored one with the run's events only (a re-backfill of
     * complete input; a stream from its cut-over). Tiles the run does not write are left as they
     * are. The default, and the only mode, for STREAMING runs.
     */
    REPLACE
  }

  /** The streams of a job added to an environment. */
  public record Streams(DataStream<Tile> tiles, DataStream<Rejected> malformed,
      DataStream<Rejected> late) {}

  private final JobSettings s;

  private TileWriterJob(JobSettings s) {
    this.s = s;
  }

  public static Builder builder(GroupBy groupBy, EventSource source, StoreFactory store) {
    return new Builder(groupBy, source, store);
  }

  /**
   * Runs the job from the command line and prints its summary; see {@link WriterCommand}. The job
   * jar's entry point, so it never calls {@code System.exit}: inside a cluster's jar runner that
   * would stop the JobManager. A failure throws after printing its message.
   */
  public static void main(String[] args) throws Exception {
    int code = WriterCommand.run(args, System.out, System.err);
    if (code != 0) {
      throw new IllegalArgumentException("write failed (exit code " + code + "), see the message above");
    }
  }

  /** The resolved mode: never AUTOMATIC. */
  public Mode mode() {
    return s.mode();
  }

  /** The resolved write mode: MERGE for BATCH runs unless told otherwise, REPLACE for streams. */
  public WriteMode writeMode() {
    return s.writeMode();
  }

  /** The id a MERGE run records in the tiles it writes (the input's content id by default). */
  public long runId() {
    return s.runId();
  }

  /** An execution environment configured for this job: mode, checkpoints, restarts, parallelism. */
  public StreamExecutionEnvironment environment() {
    return JobPipeline.environment(s);
  }

  /** Adds the job's operators to {@code env} and returns its output and side outputs. */
  public Streams addTo(StreamExecutionEnvironment env) {
    return JobPipeline.addTo(env, s);
  }

  /**
   * Builds the job in a fresh {@link #environment()}, runs it to the end and sums it up.
   *
   * @throws MalformedInputException when the input had events and none was well-formed (the
   *     wrong file, or not JSON Lines): such a run wrote nothing and is not a success
   */
  public WriterSummary run() throws Exception {
    StreamExecutionEnvironment env = environment();
    addTo(env);
    return toTheEnd(env);
  }

  /**
   * {@link #run()}, except where the environment is a detached client (a cluster's REST jar
   * runner, {@code flink run -d}): there it only submits the job, since a detached client gets
   * no accumulators back.
   */
  public Outcome start() throws Exception {
    StreamExecutionEnvironment env = environment();
    addTo(env);
    if (env instanceof StreamContextEnvironment
        && !env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
      return new Outcome(null, env.executeAsync(s.jobName()).getJobID());
    }
    return new Outcome(toTheEnd(env), null);
  }

  /** Runs the job to its end, printing progress meanwhile if asked to. */
  private WriterSummary toTheEnd(StreamExecutionEnvironment env) throws Exception {
    WriterSummary summary;
    // Progress counts are shared in memory, so only tasks in this JVM (a local run) update them;
    // an attached client of a cluster would print zeros.
    if (s.progressEvery().isZero() || env instanceof StreamContextEnvironment) {
      summary = WriterSummary.of(env.execute(s.jobName()));
    } else {
      try (Progress progress = Progress.start(s.runKey(), s.progressEvery(), s.progressOut())) {
        summary = WriterSummary.of(env.execute(s.jobName()));
      }
    }
    if (summary.allMalformed()) {
      throw new MalformedInputException(summary);
    }
    return summary;
  }

  /** A run whose input held no well-formed event; carries the run's summary and its sample. */
  public static final class MalformedInputException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient WriterSummary summary;

    MalformedInputException(WriterSummary summary) {
      super("none of the " + summary.eventsRead() + " events read is well-formed, so nothing was written"
          + (summary.rejectedSample().isEmpty() ? "" : "; first: " + summary.rejectedSample().get(0)));
      this.summary = summary;
    }

    public WriterSummary summary() {
      return summary;
    }
  }

  /**
   * What {@link #start()} did: the summary of a run to the end, or the id of a job submitted
   * detached ({@code summary} null).
   */
  public record Outcome(WriterSummary summary, JobID submitted) {
    @Override
    public String toString() {
      return summary != null ? summary.toString() : "submitted job " + submitted;
    }
  }

  /**
   * Configures a {@link TileWriterJob}. Defaults: mode AUTOMATIC, trigger buffered
   * {@value WriterDefaults#TRIGGER}, out-of-orderness {@value WriterDefaults#OUT_OF_ORDERNESS},
   * idleness {@value WriterDefaults#IDLENESS}, allowed lateness {@value WriterDefaults#LATENESS},
   * no cut-over, checkpoints every {@value WriterDefaults#CHECKPOINT_INTERVAL},
   * {@value WriterDefaults#RESTART_ATTEMPTS} restarts {@value WriterDefaults#RESTART_DELAY} apart,
   * the environment's parallelism, and the sink's own defaults ({@link KVStoreSink.Builder}).
   */
  public static final class Builder {
    private final GroupBy groupBy;
    private final EventSource source;
    private final StoreFactory store;
    private Mode mode = Mode.AUTOMATIC;
    private EmitTrigger trigger = EmitTrigger.parse(WriterDefaults.TRIGGER);
    private Duration outOfOrderness = duration(WriterDefaults.OUT_OF_ORDERNESS);
    private Duration idleness = duration(WriterDefaults.IDLENESS);
    private Duration allowedLateness = duration(WriterDefaults.LATENESS);
    private long cutover = Long.MIN_VALUE;
    private Duration checkpointInterval = duration(WriterDefaults.CHECKPOINT_INTERVAL);
    private int restartAttempts = WriterDefaults.RESTART_ATTEMPTS;
    private Duration restartDelay = duration(WriterDefaults.RESTART_DELAY);
    private int parallelism;
    // Applied in build() to a fresh sink builder, so that the sink's defaults are the only ones
    // and validated there as before; keyed so that a later call replaces an earlier one.
    private final Map<String, Consumer<KVStoreSink.Builder>> sinkSettings = new LinkedHashMap<>();
    private int maxKeyBytes = Integer.MAX_VALUE;
    private WriteMode writeMode;
    private Long inputId;
    private Path rejectsPath;
    private Duration progressEvery = Duration.ZERO;
    private PrintWriter progressOut;
    private final String runKey = UUID.randomUUID().toString();
    private Configuration configuration = new Configuration();

    private Builder(GroupBy groupBy, EventSource source, StoreFactory store) {
      this.groupBy = requireNonNull(groupBy, "groupBy is null");
      this.source = requireNonNull(source, "source is null");
      this.store = requireNonNull(store, "store is null");
    }

    public Builder mode(Mode mode) {
      this.mode = requireNonNull(mode, "mode is null");
      return this;
    }

    public Builder trigger(EmitTrigger trigger) {
      this.trigger = requireNonNull(trigger, "trigger is null");
      return this;
    }

    /** How far behind the newest event the watermark stays. */
    public Builder outOfOrderness(Duration d) {
      this.outOfOrderness = nonNegative(d, "outOfOrderness");
      return this;
    }

    /** After this long without events a source split stops holding the watermark back; 0 never. */
    public Builder idleness(Duration d) {
      this.idleness = nonNegative(d, "idleness");
      return this;
    }

    /** How long after its tile closes an event is still added (the tile is rewritten). */
    public Builder allowedLateness(Duration d) {
      this.allowedLateness = nonNegative(d, "allowedLateness");
      return this;
    }

    /**
     * Ignores (and counts) events before {@code cutoverMillis}, where a backfill ended.
     *
     * @throws IllegalArgumentException unless aligned to the GroupBy's largest layer, so that the
     *     backfill and the stream never write the same tile
     */
    public Builder cutover(long cutoverMillis) {
      if (Math.floorMod(cutoverMillis, groupBy.largestLayer()) != 0) {
        throw new IllegalArgumentException("the cut-over " + cutoverMillis
            + " must be a multiple of the largest layer " + groupBy.largestLayer());
      }
      this.cutover = cutoverMillis;
      return this;
    }

    /** Checkpoint interval in STREAMING mode; 0 turns checkpoints off. */
    public Builder checkpointInterval(Duration d) {
      this.checkpointInterval = nonNegative(d, "checkpointInterval");
      return this;
    }

    /** Fixed-delay restart strategy: attempts and the delay between them. */
    public Builder restarts(int attempts, Duration delay) {
      if (attempts < 0) {
        throw new IllegalArgumentException("restart attempts must not be negative: " + attempts);
      }
      this.restartAttempts = attempts;
      this.restartDelay = nonNegative(delay, "restart delay");
      return this;
    }

    /** Parallelism of every operator; 0 keeps the environment's. */
    public Builder parallelism(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("parallelism must not be negative: " + n);
      }
      this.parallelism = n;
      return this;
    }

    /** Sink: tiles per store request (the store's own limit caps it). */
    public Builder maxBatchSize(int n) {
      return sink("maxBatchSize", s -> s.maxBatchSize(n));
    }

    /** Sink: concurrent store requests per writer. */
    public Builder maxInFlightRequests(int n) {
      return sink("maxInFlightRequests", s -> s.maxInFlightRequests(n));
    }

    /** Sink: longest wait for a batch to fill. */
    public Builder maxTimeInBuffer(Duration d) {
      requireNonNull(d, "maxTimeInBuffer is null");
      return sink("maxTimeInBuffer", s -> s.maxTimeInBuffer(d));
    }

    /** Sink: backoff and attempts for retryable store errors. */
    public Builder retry(RetrySettings retry) {
      requireNonNull(retry, "retry is null");
      return sink("retry", s -> s.retry(retry));
    }

    private Builder sink(String setting, Consumer<KVStoreSink.Builder> apply) {
      sinkSettings.put(setting, apply);
      return this;
    }

    /**
     * Flink settings the job's environment starts from (the job's own settings win), such as
     * {@code execution.checkpointing.dir} or {@code execution.state-recovery.path} to restore a
     * checkpoint.
     */
    public Builder configuration(Configuration conf) {
      this.configuration = new Configuration(requireNonNull(conf, "conf is null"));
      return this;
    }

    /**
     * The store's longest key partition ({@code store.capabilities().maxKeyBytes()}): an event
     * whose tile keys would be longer is malformed (side output, counted), instead of failing
     * every write of its batch. Default: no check.
     */
    public Builder maxKeyBytes(int n) {
      if (n <= EventParser.TILE_KEY_OVERHEAD) {
        throw new IllegalArgumentException("maxKeyBytes must be more than "
            + EventParser.TILE_KEY_OVERHEAD + ": " + n);
      }
      this.maxKeyBytes = n;
      return this;
    }

    /**
     * Writes every malformed and late event, with its line number and reason, to this local file
     * as JSON Lines (replaced at the start of the run). Default: none (the summary still shows the
     * first few).
     */
    public Builder rejectsPath(Path path) {
      this.rejectsPath = requireNonNull(path, "path is null");
      return this;
    }

    /**
     * While a local run runs, prints a line to {@code out} every {@code every}: events read and
     * their rate, malformed events and tiles written so far. Default: none ({@code every} 0).
     * Not for a job submitted to a cluster, whose tasks count where the client cannot see.
     */
    public Builder progress(Duration every, PrintWriter out) {
      this.progressEvery = nonNegative(every, "progress interval");
      this.progressOut = requireNonNull(out, "out is null");
      return this;
    }

    /** What the run does to stored tiles; default MERGE for BATCH runs, REPLACE for streams. */
    public Builder writeMode(WriteMode writeMode) {
      this.writeMode = requireNonNull(writeMode, "writeMode is null");
      return this;
    }

    /**
     * The id MERGE records in the tiles it writes; two runs with the same id must carry the same
     * events. Default: the source's {@code contentId()}, or a random id for sources without one
     * (then writing the same events in two runs counts them twice).
     */
    public Builder inputId(long id) {
      this.inputId = id;
      return this;
    }

    /**
     * @throws IllegalArgumentException for MERGE in a STREAMING run (a stream rewrites its tiles as
     *     they grow, which merging would count again)
     * @throws java.io.UncheckedIOException if the input cannot be read to compute its id
     */
    public TileWriterJob build() {
      Mode resolved = mode != Mode.AUTOMATIC ? mode : source.bounded() ? Mode.BATCH : Mode.STREAMING;
      WriteMode writes = writeMode != null ? writeMode
          : resolved == Mode.BATCH ? WriteMode.MERGE : WriteMode.REPLACE;
      long runId = 0;
      if (writes == WriteMode.MERGE) {
        if (resolved != Mode.BATCH) {
          throw new IllegalArgumentException("write mode MERGE needs a bounded run (BATCH); a stream "
              + "rewrites its tiles as they grow, so it writes in REPLACE mode from its cut-over");
        }
        runId = inputId != null ? inputId : contentIdOrRandom();
      }
      // Validates the sink settings now rather than in the cluster.
      KVStoreSink.Builder sink = KVStoreSink.builder(store, groupBy.dataset());
      sinkSettings.values().forEach(setting -> setting.accept(sink));
      if (writes == WriteMode.MERGE) {
        sink.mergeInto(groupBy, runId);
      }
      return new TileWriterJob(new JobSettings(groupBy, source, resolved, writes, runId, sink.build(),
          trigger, outOfOrderness, idleness, allowedLateness, cutover, checkpointInterval,
          restartAttempts, restartDelay, parallelism, maxKeyBytes, rejectsPath, progressEvery,
          progressOut, runKey, configuration));
    }

    private long contentIdOrRandom() {
      OptionalLong id;
      try {
        id = source.contentId();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the input to compute its id: " + e.getMessage(), e);
      }
      // Without a content id the run still merges once per tile (restarts reuse this id), but
      // writing the same events again in another run would count them twice.
      return id.isPresent() ? id.getAsLong() : new SecureRandom().nextLong();
    }

    private static Duration nonNegative(Duration d, String what) {
      requireNonNull(d, what + " is null");
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative: " + d);
      }
      return d;
    }
  }
}
