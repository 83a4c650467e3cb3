package io.tilekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17, items 4, 8, 9 and 10: one line and exit 2 for what a user can fix; no secrets shown. */
class UserErrorsTest {
  private static final String ICE_CREAM = "../examples/groupbys/ice_cream.yaml";
  private static final String AT = "2024-01-15T14:34:00Z";
  private static final String SECRET = "hunter2-s3cret";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return CliRun.run(out, err, args);
  }

  private void assertOneLineNoTrace(int rc) {
    assertThat(rc).as(err.toString()).isEqualTo(2);
    assertThat(err.toString().strip().lines()).as(err.toString()).hasSize(1);
    assertThat(err.toString()).doesNotContain("\tat ", "Exception");
  }

  @Test
  void planOfAMissingGroupByFileIsOneLineAndExit2(@TempDir Path dir) {
    int rc = run("plan", "--groupby", dir.resolve("nope.yaml").toString(), "--at", AT);

    assertOneLineNoTrace(rc);
    assertThat(err.toString()).contains("plan: no such file: ").contains("nope.yaml");
  }

  @Test
  void verboseShowsTheStackTrace(@TempDir Path dir) {
    int rc = run("plan", "--verbose", "--groupby", dir.resolve("nope.yaml").toString(), "--at", AT);

    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("plan: no such file: ").contains("\tat ");
  }

  @Test
  void planOfAnInvalidGroupByIsOneMessageAndExit2(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: x\nwindows: [banana]\n");

    int rc = run("plan", "--groupby", bad.toString(), "--at", AT);

    assertThat(rc).as(err.toString()).isEqualTo(2);
    assertThat(err.toString()).startsWith("plan: ").doesNotContain("\tat ");
  }

  @Test
  void timesOutsideTheSupportedRangeAreUsageErrors() {
    assertThat(run("plan", "--groupby", ICE_CREAM, "--at", "9223372036854775807")).isEqualTo(2);
    assertThat(err.toString()).contains("outside the supported range").doesNotContain("\tat ");

    assertThat(run("fetch", "--groupby", ICE_CREAM, "--store", "memory:", "--key", "customer_id=A",
        "--at", "99999999999999999999")).isEqualTo(2);
    assertThat(err.toString()).contains("outside the supported range").doesNotContain("\tat ");
  }

  @Test
  void fetchWithAWrongKeyColumnIsOneLineAndExit2(@TempDir Path dir) {
    int rc = run("fetch", "--groupby", ICE_CREAM, "--store", "memory:", "--key", "customer=Alice", "--at", AT);

    assertOneLineNoTrace(rc);
    assertThat(err.toString()).startsWith("fetch: ");
  }

  @Test
  void fetchOfAMissingGroupByFileIsOneLineAndExit2(@TempDir Path dir) {
    int rc = run("fetch", "--groupby", dir.resolve("nope.yaml").toString(), "--store", "memory:",
        "--key", "customer_id=Alice", "--at", AT);

    assertOneLineNoTrace(rc);
    assertThat(err.toString()).contains("fetch: no such file: ");
  }

  @Test
  void fetchOnAPathWithoutAStoreCreatesNothing(@TempDir Path dir) {
    Path typo = dir.resolve("no-store-here");

    int rc = run("fetch", "--groupby", ICE_CREAM, "--store", "rocksdb:" + typo, "--key", "customer_id=Alice",
        "--at", AT);

    assertOneLineNoTrace(rc);
    assertThat(err.toString()).startsWith("fetch: ");
    assertThat(typo).doesNotExist();
  }

  @Test
  void readOnlyAddsCreateFalseToRocksDbUrisOnly() {
    assertThat(FetchCommand.readOnly("rocksdb:/tmp/x")).isEqualTo("rocksdb:/tmp/x?create=false");
    assertThat(FetchCommand.readOnly("rocksdb:/tmp/x?a=b")).isEqualTo("rocksdb:/tmp/x?a=b&create=false");
    assertThat(FetchCommand.readOnly("rocksdb:/tmp/x?create=true")).isEqualTo("rocksdb:/tmp/x?create=true");
    assertThat(FetchCommand.readOnly("memory:")).isEqualTo("memory:");
  }

  @Test
  void redactionDropsQueryValuesAndPasswords() {
    assertThat(UserErrors.uris("cannot open 'redis://u:" + SECRET + "@h:1/0?password=" + SECRET + "&timeout=1s'"))
        .isEqualTo("cannot open 'redis://u:****@h:1/0?password=****&timeout=****'");
  }

  @Test
  void noCommandShowsASecretOfItsStoreUri() {
    String uri = "redis://user:" + SECRET + "@127.0.0.1:1?password=" + SECRET + "&timeout=1s";
    String[][] commands = {
        {"conformance", "--contract-only", "--store", uri},
        {"fetch", "--groupby", ICE_CREAM, "--store", uri, "--key", "customer_id=A", "--at", AT},
        {"serve", "--groupbys", "../examples/groupbys", "--store", uri, "--port", "0"},
        {"demo", "--store", uri, "--events", "10"},
        {"write", "--groupby", ICE_CREAM, "--events", ICE_CREAM, "--store", uri},
        {"write", "--groupby", ICE_CREAM, "--events", ICE_CREAM, "--store", uri, "--bogus"},
    };
    for (String[] command : commands) {
      int rc = run(command);
      assertThat(rc).as(command[0] + ": " + err).isEqualTo(2);
      assertThat(out + "\n" + err).as(command[0]).doesNotContain(SECRET);
    }
    assertThat(err.toString()).contains("cannot open store 'redis://user:****@127.0.0.1:1?password=****");
  }

  @Test
  void conformanceRejectsAFileThatIsNotAJar(@TempDir Path dir) throws Exception {
    Path notAJar = Files.writeString(dir.resolve("adapter.jar"), "hello");

    int rc = run("conformance", "--store", "memory:", "--jar", notAJar.toString());

    assertOneLineNoTrace(rc);
    assertThat(err.toString()).contains("not a jar");
  }

  @Test
  void everySubcommandPrintsTheVersion() {
    for (String command : new String[] {"plan", "fetch", "write", "serve", "demo", "conformance"}) {
      out.getBuffer().setLength(0);
      assertThat(run(command, "--version")).as(command + ": " + err).isZero();
      assertThat(out.toString()).as(command).startsWith("tilekv ");
    }
  }

  @Test
  void demoOnAMemoryStoreMatchesTheBruteForceAggregation() {
    int rc = run("demo", "--store", "memory:", "--events", "300");

    assertThat(rc).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("Every feature equals a brute-force aggregation").doesNotContain("MISMATCH");
  }
}
