package io.tilekv.writer;

import io.tilekv.tiling.Durations;
import java.time.Duration;

/**
 * The writer's defaults, each written once: {@link TileWriterJob.Builder} starts from them and the
 * {@code write} command's help texts show them. Durations are kept as the text the command line
 * takes because a help text is an annotation value, which can only be built from constants.
 *
 * <p>The sink's defaults (tiles per request, requests in flight, time in the buffer, retries) stay
 * with the sink, in {@link io.tilekv.writer.sink.KVStoreSink.Builder} and
 * {@link io.tilekv.writer.sink.RetrySettings#DEFAULT}: it is usable without the job, and the
 * command has no options for them.
 */
final class WriterDefaults {
  static final String TRIGGER = "1s";
  static final String OUT_OF_ORDERNESS = "5s";
  static final String IDLENESS = "30s";
  static final String LATENESS = "1m";
  static final String CHECKPOINT_INTERVAL = "10s";
  /**
   * Enough to outlast a TaskManager crash under Flink's default heartbeats: until the JobManager
   * declares it lost, every restart fails at once (TaskManagerCrashIT, docs/operations.md). A store
   * error that retrying cannot fix does not restart at all.
   */
  static final int RESTART_ATTEMPTS = 20;
  static final String RESTART_DELAY = "2s";
  /** The command's: a builder keeps the environment's parallelism unless told otherwise. */
  static final int PARALLELISM = 1;
  /** The command's: a builder prints no progress unless told to. */
  static final String PROGRESS = "5s";

  private WriterDefaults() {}

  static Duration duration(String text) {
    return Duration.ofMillis(Durations.parse(text));
  }
}
