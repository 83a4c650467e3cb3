package io.tilekv.writer.source;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * JSON Lines from files: one file or a directory, read once (bounded) or watched for new files
 * (unbounded). Any file system Flink supports ({@code file:}, {@code s3:} with its plugin, ...).
 */
public final class FileEventSource implements EventSource {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final Duration watchInterval;

  private FileEventSource(String path, Duration watchInterval) {
    this.path = requireNonNull(path, "path is null");
    this.watchInterval = watchInterval;
  }

  /** Reads {@code path} (a file, or every file of a directory) once. */
  public static FileEventSource of(String path) {
    return new FileEventSource(path, null);
  }

  /** Reads the files of directory {@code path} and every file that appears later, checking each {@code interval}. */
  public static FileEventSource watching(String path, Duration interval) {
    return new FileEventSource(path, requireNonNull(interval, "interval is null"));
  }

  @Override
  public DataStream<String> create(StreamExecutionEnvironment env) {
    FileSource.FileSourceBuilder<String> b =
        FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(path));
    if (watchInterval != null) {
      b.monitorContinuously(watchInterval);
    }
    return env.fromSource(b.build(), WatermarkStrategy.noWatermarks(), "events " + path);
  }

  @Override
  public boolean bounded() {
    return watchInterval == null;
  }

  @Override
  public String toString() {
    return "FileEventSource[" + path + (watchInterval == null ? "" : ", watching every " + watchInterval) + "]";
  }
}
