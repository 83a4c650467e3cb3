package io.tilekv.writer.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tilekv.writer.Rejected;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes every rejected event to a local JSON Lines file, one object per event:
 * {@code {"kind":..,"file":..,"line":..,"reason":..,"event":..}} (file and line where known).
 * Run with parallelism 1 (one file); the file is replaced when the run starts. Meant for local
 * runs and bounded backfills, where the file is on the machine that runs the job.
 */
public final class RejectsFileSink implements Sink<Rejected> {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();

  private final String path;

  public RejectsFileSink(Path path) {
    this.path = path.toAbsolutePath().toString();
  }

  @Override
  public SinkWriter<Rejected> createWriter(WriterInitContext context) throws IOException {
    Path file = Path.of(path);
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    OutputStream out = Files.newOutputStream(file);
    JsonGenerator json = JSON.createGenerator(out);
    json.setRootValueSeparator(null);
    return new SinkWriter<>() {
      @Override
      public void write(Rejected r, Context ctx) throws IOException {
        json.writeStartObject();
        json.writeStringField("kind", r.kind().name());
        if (r.origin() != null) {
          json.writeStringField("file", r.origin());
        }
        if (r.lineNumber() > 0) {
          json.writeNumberField("line", r.lineNumber());
        }
        json.writeStringField("reason", r.reason());
        json.writeStringField("event", r.event());
        json.writeEndObject();
        json.writeRaw('\n');
      }

      @Override
      public void flush(boolean endOfInput) {
        try {
          json.flush();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write rejects to " + path, e);
        }
      }

      @Override
      public void close() throws IOException {
        json.close();
      }
    };
  }
}
