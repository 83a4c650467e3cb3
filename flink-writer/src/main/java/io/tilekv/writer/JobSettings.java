package io.tilekv.writer;

import io.tilekv.tiling.GroupBy;
import io.tilekv.writer.TileWriterJob.Mode;
import io.tilekv.writer.TileWriterJob.WriteMode;
import io.tilekv.writer.sink.KVStoreSink;
import io.tilekv.writer.source.EventSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;

/**
 * What a built {@link TileWriterJob} runs with, resolved by its builder ({@code mode} never
 * AUTOMATIC, the write mode and run id decided, the sink built) and fixed, so that the pipeline
 * and the run read one value. {@code rejectsPath} and {@code progressOut} may be null.
 */
record JobSettings(
    GroupBy groupBy,
    EventSource source,
    Mode mode,
    WriteMode writeMode,
    long runId,
    KVStoreSink sink,
    EmitTrigger trigger,
    Duration outOfOrderness,
    Duration idleness,
    Duration allowedLateness,
    long cutover,
    Duration checkpointInterval,
    int restartAttempts,
    Duration restartDelay,
    int parallelism,
    int maxKeyBytes,
    Path rejectsPath,
    Duration progressEvery,
    PrintWriter progressOut,
    String runKey,
    Configuration configuration) {

  /** The name the job runs under. */
  String jobName() {
    return "tilekv writer: " + groupBy.name();
  }
}
