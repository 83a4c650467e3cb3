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

  @Test
  void badStoresAndBadChoicesFailBeforeFlinkStartsNamingWhatIsWrong() throws Exception {
    Path groupBy = Path.of(getClass().getResource("/purchases.yaml").toURI());
    Path events = Files.write(dir.resolve("ok.jsonl"),
        List.of("{\"user\":\"a\",\"ts\":1700000000000,\"item\":\"x\",\"price\":1.5,\"qty\":2}"));
    String[][] cases = {
        {"--store", "nosuchscheme:x"},
        {"--store", "memory:?bogus=1"},
        {"--store", "memory:", "--mode", "sideways"},
        {"--store", "memory:", "--existing", "append"}};
    String[] expected = {"nosuchscheme", "bogus", "[automatic, streaming, batch]", "[merge, replace]"};
    for (int i = 0; i < cases.length; i++) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      List<String> args = new java.util.ArrayList<>(List.of("--groupby", groupBy.toString(), "--events", events.toString()));
      args.addAll(List.of(cases[i]));
      long start = System.nanoTime();
      int code = WriterCommand.run(args.toArray(String[]::new), System.out, new PrintStream(err, true));
      assertThat(code).as(String.join(" ", cases[i])).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains(expected[i]).doesNotContain("\tat ");
      assertThat(System.nanoTime() - start).as("fails before any job runs").isLessThan(10_000_000_000L);
    }
  }

  @Test
  void anInputOfOnlyMalformedEventsIsAnErrorAndRejectsGoToTheirFile() throws Exception {
    Path groupBy = Path.of(getClass().getResource("/purchases.yaml").toURI());
    Path events = Files.write(dir.resolve("garbage.jsonl"), List.of("not json", "{\"user\":1}"));
    Path rejects = dir.resolve("rejects.jsonl");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = WriterCommand.run(new String[] {"--groupby", groupBy.toString(), "--events", events.toString(),
        "--store", "memory:", "--existing", "replace", "--rejects", rejects.toString()},
        System.out, new PrintStream(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("none of the 2 events");
    assertThat(Files.readAllLines(rejects)).hasSize(2);
  }
}
