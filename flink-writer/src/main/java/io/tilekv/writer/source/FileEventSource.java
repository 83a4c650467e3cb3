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

  /** Each line with its file (relative to the directory read) and its line number in that file. */
  @Override
  public DataStream<SourceLine> lines(StreamExecutionEnvironment env) {
    FileSource.FileSourceBuilder<SourceLine> b =
        FileSource.forBulkFileFormat(new NumberedLineFormat(path), new Path(path));
    if (watchInterval != null) {
      b.monitorContinuously(watchInterval);
    }
    return env.fromSource(b.build(), WatermarkStrategy.noWatermarks(), "events " + path);
  }

  /**
   * For a file read once: the first 8 bytes of the SHA-256 of its bytes (for a directory, of each
   * file's name and bytes in name order), so the same events written again have the same id
   * wherever the file lies. Empty for a watched directory.
   */
  @Override
  public java.util.OptionalLong contentId() throws java.io.IOException {
    if (watchInterval != null) {
      return java.util.OptionalLong.empty();
    }
    java.security.MessageDigest sha;
    try {
      sha = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Path root = new Path(path);
    org.apache.flink.core.fs.FileSystem fs = root.getFileSystem();
    java.util.List<org.apache.flink.core.fs.FileStatus> files = new java.util.ArrayList<>();
    collect(fs, fs.getFileStatus(root), files);
    files.sort(java.util.Comparator.comparing(f -> f.getPath().toString()));
    byte[] buffer = new byte[1 << 16];
    for (org.apache.flink.core.fs.FileStatus f : files) {
      if (files.size() > 1) {
        sha.update(f.getPath().getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      try (java.io.InputStream in = fs.open(f.getPath())) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
        }
      }
    }
    return java.util.OptionalLong.of(java.nio.ByteBuffer.wrap(sha.digest()).getLong());
  }

  private static void collect(org.apache.flink.core.fs.FileSystem fs, org.apache.flink.core.fs.FileStatus s,
      java.util.List<org.apache.flink.core.fs.FileStatus> out) throws java.io.IOException {
    if (!s.isDir()) {
      out.add(s);
      return;
    }
    for (org.apache.flink.core.fs.FileStatus child : fs.listStatus(s.getPath())) {
      String name = child.getPath().getName();
      if (!name.startsWith(".") && !name.startsWith("_")) { // hidden files, as FileSource skips them
        collect(fs, child, out);
      }
    }
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
