package io.tilekv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.writer.testing.MiniFlink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class WriterCommandTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK = MiniFlink.cluster();

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int write(String... args) {
    return WriterCommand.run(args, new PrintStream(out, true), new PrintStream(err, true));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String groupBy() throws Exception {
    return Path.of(getClass().getResource("/purchases.yaml").toURI()).toString();
  }

  @Test
  void writePrintsWhatItReadAndWhatTheStoreNowHolds() throws Exception {
    Path events = Files.write(dir.resolve("e.jsonl"), List.of(
        "{\"user\":\"a\",\"ts\":1700000000000,\"item\":\"x\",\"price\":1.5,\"qty\":2}",
        "{\"user\":\"a\",\"ts\":1699999000000,\"item\":\"y\",\"price\":2.5,\"qty\":1}",
        "not json",
        "{\"user\":\"b\",\"ts\":1700000400000,\"item\":\"x\",\"price\":1.0,\"qty\":5}"));

    int code = write("--groupby", groupBy(), "--events", events.toString(), "--store", "memory:");

    assertThat(code).as(err()).isZero();
    // a at 21:56:40 and 22:13:20: two 5m, two 1h and one 1d tile; b at 22:20: one of each layer.
    assertThat(out()).contains("events read:     4\n", "malformed:       1\n", "late:            0\n",
        "keys:            2 (user=a, user=b)\n",
        "event times:     2023-11-14T21:56:40Z .. 2023-11-14T22:20:00Z\n",
        "tiles written:   8 (5m: 3, 1h: 3, 1d: 2)\n",
        "e.jsonl line 3: MALFORMED: not JSON");
  }

  @Test
  void generateSaysWhichKeysAndTimesItGeneratesAndProgressIsPrintedWhileItRuns() throws Exception {
    int code = write("--groupby", groupBy(), "--generate", "300", "--keys", "5", "--rate", "100",
        "--store", "memory:", "--progress", "1s", "--checkpoint-interval", "0");

    assertThat(code).as(err()).isZero();
    assertThat(out()).startsWith("generating 300 events, keys user=k0..k4 (5), event times "
            + "2023-11-14T22:13:20Z .. 2023-11-14T22:13:49.900Z (one every 100ms)\n")
        .contains("events read:     300\n", "keys:            5, e.g. user=k0, user=k1, user=k2, ...\n",
            "event times:     2023-11-14T22:13:20Z .. 2023-11-14T22:13:49.900Z\n");
    // 3 s at 100 events/s: at least one line while it ran, counting up.
    assertThat(err().lines().filter(l -> l.matches("\\[\\d+s] [\\d,]+ events read \\([\\d,]+/s\\), "
        + "[\\d,]+ malformed, [\\d,]+ tiles written \\([\\d,]+/s\\)"))).as(err()).isNotEmpty();
    assertThat(Thread.getAllStackTraces().keySet()).as("no progress thread left")
        .noneMatch(t -> t.getName().equals("tilekv-write-progress"));
  }

  @Test
  void quietPrintsNoProgress() throws Exception {
    int code = write("--groupby", groupBy(), "--generate", "200", "--rate", "100", "--store", "memory:",
        "--progress", "1s", "--quiet", "--checkpoint-interval", "0");

    assertThat(code).as(err()).isZero();
    assertThat(err()).doesNotContain("events read");
  }

  @Test
  void unknownOptionIsOneLineNamingItAndExit2() {
    assertThat(write("--groupby", "g.yaml", "--store", "memory:", "--bogus", "1")).isEqualTo(2);
    assertThat(err().strip().lines()).hasSize(1);
    assertThat(err()).startsWith("write: Unknown option").contains("--bogus", "write --help");
  }

  @Test
  void helpListsEveryOptionAndVersionPrintsTheVersion() {
    assertThat(write("--help")).isZero();
    assertThat(out()).startsWith("Usage: write ").contains("--groupby=FILE", "--events=PATH", "--watch",
        "--generate=N", "--rate", "--keys", "--hot-key-share", "--seed", "--kafka-bootstrap", "--topic",
        "--topic-pattern", "--group", "--start", "--bounded", "--kafka-properties", "--store=URI",
        "--plugins", "--existing", "--rejects", "--progress", "--quiet", "--mode", "--trigger",
        "--lateness", "--out-of-orderness", "--idleness", "--cutover", "--checkpoint-interval",
        "--restart-attempts", "--parallelism", "--cluster", "--job-jar", "--verbose", "--version");
    assertThat(out().replaceAll("\\s+", " ")).contains("buffer interval (default 1s)",
        "Allowed lateness (default 1m)", "Watermark delay (default 5s)", "(default 30s)",
        "(default 10s; 0 disables)", "Fixed-delay restarts (default 20)", "Parallelism (default 1)",
        "every D (default 5s; 0 for none)");

    out.reset();
    assertThat(write("--version")).isZero();
    assertThat(out()).startsWith("tilekv ");
  }

  @Test
  void badStoresAndBadValuesFailBeforeFlinkStartsNamingWhatIsWrong() throws Exception {
    Path events = Files.write(dir.resolve("ok.jsonl"),
        List.of("{\"user\":\"a\",\"ts\":1700000000000,\"item\":\"x\",\"price\":1.5,\"qty\":2}"));
    String[][] cases = {
        {"--store", "nosuchscheme:x"},
        {"--store", "memory:?bogus=1"},
        {"--store", "memory:", "--mode", "sideways"},
        {"--store", "memory:", "--existing", "append"},
        {"--store", "memory:", "--lateness", "soon"},
        {"--store", "memory:", "--parallelism", "two"},
        {"--store", "memory:", "--cutover", "yesterday"},
        {"--store", "memory:", "--generate", "10"}};
    String[] expected = {"nosuchscheme", "bogus", "[automatic, streaming, batch]", "[merge, replace]",
        "'soon' is not a duration", "'two'", "neither epoch milliseconds nor an ISO-8601 instant",
        "exactly one of --events, --generate and --kafka-bootstrap"};
    for (int i = 0; i < cases.length; i++) {
      err.reset();
      List<String> args = new ArrayList<>(List.of("--groupby", groupBy(), "--events", events.toString()));
      args.addAll(List.of(cases[i]));
      long start = System.nanoTime();
      int code = write(args.toArray(String[]::new));
      assertThat(code).as(String.join(" ", cases[i])).isEqualTo(2);
      assertThat(err()).startsWith("write: ").contains(expected[i]).doesNotContain("\tat ");
      assertThat(err().strip().lines()).as(err()).hasSize(1);
      assertThat(System.nanoTime() - start).as("fails before any job runs").isLessThan(10_000_000_000L);
    }
  }

  @Test
  void aMissingEventsFileIsOneLine() throws Exception {
    assertThat(write("--groupby", groupBy(), "--events", dir.resolve("nope.jsonl").toString(),
        "--store", "memory:")).isEqualTo(2);
    assertThat(err()).isEqualTo("write: no such file: " + dir.resolve("nope.jsonl") + System.lineSeparator());
  }

  @Test
  void anInputOfOnlyMalformedEventsIsAnErrorAndRejectsGoToTheirFile() throws Exception {
    Path events = Files.write(dir.resolve("garbage.jsonl"), List.of("not json", "{\"user\":1}"));
    Path rejects = dir.resolve("rejects.jsonl");

    int code = write("--groupby", groupBy(), "--events", events.toString(), "--store", "memory:",
        "--existing", "replace", "--rejects", rejects.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("none of the 2 events");
    assertThat(Files.readAllLines(rejects)).hasSize(2);
  }
}
