package io.tilekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17, item 13: write is a picocli subcommand like the others, with the writer's own options. */
class WriteCommandTest {
  private static final String ICE_CREAM = "../examples/groupbys/ice_cream.yaml";
  private static final List<String> EVERY_OPTION = List.of("--groupby=FILE", "--store=URI", "--plugins=DIR",
      "--existing=MODE", "--rejects=FILE", "--progress=D", "--quiet", "--verbose", "--events=PATH",
      "--watch=INTERVAL", "--generate=N", "--rate=EPS", "--keys=K", "--hot-key-share=X", "--seed=S",
      "--kafka-bootstrap=HOSTS", "--topic=T[,T...]", "--topic-pattern=REGEX", "--group=ID", "--start=S",
      "--bounded", "--kafka-properties=FILE", "--mode=MODE", "--trigger=T", "--lateness=D",
      "--out-of-orderness=D", "--idleness=D", "--cutover=T", "--checkpoint-interval=D",
      "--restart-attempts=N", "--parallelism=N", "--cluster=HOST:PORT", "--job-jar=PATH", "--help", "--version");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int tilekv(String... args) {
    return CliRun.run(out, err, args);
  }

  @Test
  void helpWriteAndWriteHelpPrintTheSameUsageWithEveryOption() {
    assertThat(tilekv("help", "write")).isZero();
    String help = out.toString();
    out.getBuffer().setLength(0);
    assertThat(tilekv("write", "--help")).isZero();

    assertThat(out.toString()).isEqualTo(help);
    assertThat(help).startsWith("Usage: tilekv write ").contains(EVERY_OPTION)
        .contains("Events from files:", "Events from Kafka:", "Durations: <n>ms");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void writeVersionPrintsTheVersionOfTheCommand() {
    assertThat(tilekv("write", "--version")).isZero();
    assertThat(out.toString()).startsWith("tilekv ");
  }

  @Test
  void anUnknownOptionOrABadValueIsOneLineAndExit2LikeEverySubcommand() {
    String[][] cases = {
        {"write", "--groupby", ICE_CREAM, "--store", "memory:", "--bogus"},
        {"write", "--groupby", ICE_CREAM, "--store", "memory:", "--events", "x", "--mode", "sideways"},
        {"write", "--groupby", ICE_CREAM, "--store", "memory:", "--generate", "ten"},
        {"fetch", "--groupby", ICE_CREAM, "--store", "memory:", "--key", "customer_id=A", "--bogus"},
        {"plan", "--groupby", ICE_CREAM, "--at", "yesterday"},
        {"write", "--bogus"},
        {"write", "--groupby", ICE_CREAM, "--store", "memory:", "--event", "x"}};
    String[] expected = {"write: Unknown option: '--bogus'",
        "write: Invalid value for option '--mode': expected one of [automatic, streaming, batch] but was 'sideways'",
        "write: Invalid value for option '--generate': 'ten' is not a long",
        "fetch: Unknown option: '--bogus'",
        "plan: Invalid value for option '--at'",
        "write: Missing required options: '--groupby=FILE', '--store=URI' (see 'tilekv write --help')",
        "write: Unknown options: '--event', 'x'; did you mean --events? (see 'tilekv write --help')"};
    for (int i = 0; i < cases.length; i++) {
      err.getBuffer().setLength(0);
      assertThat(tilekv(cases[i])).as(String.join(" ", cases[i])).isEqualTo(2);
      assertThat(err.toString().strip().lines()).as(err.toString()).hasSize(1);
      assertThat(err.toString()).startsWith(expected[i]).contains("(see 'tilekv " + cases[i][0] + " --help')");
    }
  }

  @Test
  void aMissingEventsFileIsOneLineAndVerboseAddsTheTrace(@TempDir Path dir) {
    String missing = dir.resolve("nope.jsonl").toString();
    assertThat(tilekv("write", "--groupby", ICE_CREAM, "--store", "memory:", "--events", missing)).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("write: no such file: " + missing);

    err.getBuffer().setLength(0);
    assertThat(tilekv("write", "-v", "--groupby", ICE_CREAM, "--store", "memory:", "--events", missing)).isEqualTo(2);
    assertThat(err.toString()).startsWith("write: no such file: ").contains("\tat ");
  }

  @Test
  void writeSummarySaysWhatToFetch(@TempDir Path dir) throws Exception {
    Path events = Files.write(dir.resolve("events.jsonl"), List.of(
        "{\"customer_id\":\"Alice\",\"created\":1705320000000,\"flavour\":\"vanilla\",\"price\":3.5}",
        "{\"customer_id\":\"Bob\",\"created\":1705321000000,\"flavour\":\"mint\",\"price\":4.0}"));

    assertThat(tilekv("write", "--groupby", ICE_CREAM, "--events", events.toString(), "--store", "memory:",
        "--quiet")).as(err.toString()).isZero();

    assertThat(out.toString()).contains("keys:            2 (customer_id=Alice, customer_id=Bob)",
        "event times:     2024-01-15T12:00:00Z .. 2024-01-15T12:16:40Z", "tiles written:   ");
  }
}
