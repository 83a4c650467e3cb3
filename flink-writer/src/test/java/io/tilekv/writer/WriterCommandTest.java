package io.tilekv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class WriterCommandTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder()
          .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @TempDir
  Path dir;

  @Test
  void writePrintsEventsReadMalformedLateAndTilesWritten() throws Exception {
    Path groupBy = Path.of(getClass().getResource("/purchases.yaml").toURI());
    Path events = Files.write(dir.resolve("e.jsonl"), List.of(
        "{\"user\":\"a\",\"ts\":1700000000000,\"item\":\"x\",\"price\":1.5,\"qty\":2}",
        "{\"user\":\"a\",\"ts\":1699999000000,\"item\":\"y\",\"price\":2.5,\"qty\":1}",
        "not json",
        "{\"user\":\"b\",\"ts\":1700000400000,\"item\":\"x\",\"price\":1.0,\"qty\":5}"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = WriterCommand.run(new String[] {"--groupby", groupBy.toString(), "--events",
        events.toString(), "--store", "memory:"}, new PrintStream(out, true), new PrintStream(err, true));

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("events read:     4",
        "malformed:       1", "late:            0", "tiles written:");
  }

  @Test
  void unknownFlagIsAUsageError() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = WriterCommand.run(new String[] {"--bogus", "1"}, System.out, new PrintStream(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--bogus", "usage: write");
  }
}
