package io.tilekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tilekv conformance}, run in-process as the launcher runs it. */
class ConformanceCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int tilekv(String... args) {
    return CliRun.run(out, err, args);
  }

  private String lastLine() {
    List<String> lines = out.toString().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  @Test
  void memoryStorePassesContractAndEndToEndGroupsWithExitCodeZero() {
    int code = tilekv("conformance", "--store", "memory:");

    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("[contract] passed").contains("[end-to-end] passed");
    assertThat(lastLine()).matches("[1-9]\\d* passed, 0 failed, \\d+ skipped");
  }

  @Test
  void rocksDbStorePassesWithExitCodeZero(@TempDir Path dir) {
    int code = tilekv("conformance", "--contract-only", "--store", "rocksdb:" + dir.resolve("kit"));

    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(lastLine()).matches("[1-9]\\d* passed, 0 failed, \\d+ skipped");
  }

  @Test
  void unknownSchemeListsTheProvidersAndExitsNonZero() {
    int code = tilekv("conformance", "--store", "nosuch:");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no store provider named 'nosuch'", "memory", "rocksdb");
  }

  @Test
  void missingAdapterJarExitsNonZero(@TempDir Path dir) {
    int code = tilekv("conformance", "--store", "memory:", "--jar", dir.resolve("absent.jar").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no such jar");
  }

  @Test
  void jarThatIsNotAnAdapterLeavesTheSchemeUnknown(@TempDir Path dir) throws IOException {
    Path jar = dir.resolve("empty.jar");
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), new java.util.jar.Manifest())) {
      out.flush();
    }
    int code = tilekv("conformance", "--store", "sqlite:" + dir.resolve("x.db"), "--jar", jar.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no store provider named 'sqlite'");
  }

  @Test
  void missingStoreOptionIsAUsageError() {
    int code = tilekv("conformance");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--store=URI'");
  }

  @Test
  void noSubcommandIsAUsageError() {
    assertThat(tilekv()).isEqualTo(2);
    assertThat(err.toString()).contains("name a subcommand", "conformance");
  }
}
