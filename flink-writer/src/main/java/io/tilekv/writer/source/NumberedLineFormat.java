package io.tilekv.writer.source;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.MutableRecordAndPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;

/**
 * Text lines with their file and 1-based line number. Wraps Flink's own line reader: a text file is
 * never split, so the reader's position is the start of the file plus the records read, which is
 * the line number and survives a restore from a checkpoint.
 */
final class NumberedLineFormat implements BulkFormat<SourceLine, FileSourceSplit> {
  private static final long serialVersionUID = 1L;

  private final StreamFormatAdapter<String> lines = new StreamFormatAdapter<>(new TextLineInputFormat());
  private final String root;

  /** {@code root}: the file or directory read, against which file names are shown. */
  NumberedLineFormat(String root) {
    this.root = new Path(root).toUri().getPath();
  }

  @Override
  public Reader<SourceLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
    return new Numbered(lines.createReader(config, split), name(split.path()));
  }

  @Override
  public Reader<SourceLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
    return new Numbered(lines.restoreReader(config, split), name(split.path()));
  }

  @Override
  public boolean isSplittable() {
    return false; // line numbers count from the start of the file
  }

  @Override
  public TypeInformation<SourceLine> getProducedType() {
    return TypeInformation.of(SourceLine.class);
  }

  /** The file relative to the directory read, or its name when a single file is read. */
  String name(Path file) {
    String p = file.toUri().getPath();
    if (p.equals(root)) {
      return file.getName();
    }
    String dir = root.endsWith("/") ? root : root + "/";
    return p.startsWith(dir) ? p.substring(dir.length()) : p;
  }

  private static final class Numbered implements Reader<SourceLine> {
    private final Reader<String> lines;
    private final String file;

    Numbered(Reader<String> lines, String file) {
      this.lines = lines;
      this.file = file;
    }

    @Override
    public RecordIterator<SourceLine> readBatch() throws IOException {
      RecordIterator<String> batch = lines.readBatch();
      if (batch == null) {
        return null;
      }
      MutableRecordAndPosition<SourceLine> out = new MutableRecordAndPosition<>();
      return new RecordIterator<>() {
        @Override
        public RecordAndPosition<SourceLine> next() {
          RecordAndPosition<String> line = batch.next();
          if (line == null) {
            return null;
          }
          // The count of records after the offset, this one included: its line number, as long as
          // the offset is the file's start (the line reader never reports another).
          long number = line.getOffset() == CheckpointedPosition.NO_OFFSET ? line.getRecordSkipCount() : 0;
          out.set(new SourceLine(file, number, line.getRecord()), line.getOffset(), line.getRecordSkipCount());
          return out;
        }

        @Override
        public void releaseBatch() {
          batch.releaseBatch();
        }
      };
    }

    @Override
    public void close() throws IOException {
      lines.close();
    }
  }
}
