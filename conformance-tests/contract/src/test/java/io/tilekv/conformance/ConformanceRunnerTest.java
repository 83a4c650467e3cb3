package io.tilekv.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.conformance.broken.BrokenSuites;
import io.tilekv.spi.KVStoreProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner checks a store by URI and reports in the format of the command line contract. */
class ConformanceRunnerTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private ConformanceRunner.Builder runner(String uri) {
    return ConformanceRunner.builder().store(uri).out(new PrintWriter(out, true)).err(new PrintWriter(err, true));
  }

  private String lastLine() {
    List<String> lines = out.toString().lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  void memoryStorePassesAndTheReportEndsWithTheSummaryLine() {
    ConformanceRunner.Result result = runner("memory:").build().run();

    assertThat(result.exitCode()).as(out.toString()).isZero();
    assertThat(result.failed()).isZero();
    assertThat(result.passed()).isGreaterThan(30);
    assertThat(lastLine()).isEqualTo(result.passed() + " passed, 0 failed, " + result.skipped() + " skipped");
    assertThat(out.toString()).contains("\ncontract\n", "  ok    multiGetReturnsOneResultPerKeyInRequestOrder",
        "[contract] passed " + result.passed());
    assertThat(System.getProperty(UriStoreFixture.STORE_PROPERTY)).as("property restored").isNull();
  }

  @Test
  void failingGroupFailsTheRunWithExitCodeOne() {
    ConformanceRunner.Result result = runner("memory:").group(ConformanceRunner.CONTRACT, List.of())
        .group("broken", List.of(BrokenSuites.firstWins())).build().run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.failed()).isPositive();
    assertThat(out.toString()).contains("\nbroken\n", "  FAIL  laterEntryForTheSameKeyWinsWithinOneCall: ");
    assertThat(lastLine()).isEqualTo(result.summary()).matches("\\d+ passed, [1-9]\\d* failed, \\d+ skipped");
  }

  @Test
  void unknownSchemeListsTheAvailableProvidersAndExitsWithTwo() {
    ConformanceRunner.Result result = runner("nosuch:").build().run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(err.toString()).contains("no store provider named 'nosuch'", "available providers: [", "memory");
  }

  @Test
  void providerAndGroupInAnAdapterJarAreFoundAndRun(@TempDir Path dir) throws IOException {
    Path jar = dir.resolve("adapter.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("META-INF/services/" + KVStoreProvider.class.getName()));
      out.write((JarOnlyMemoryProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      out.putNextEntry(new JarEntry("META-INF/services/" + ConformanceGroup.class.getName()));
      out.write((JarOnlyGroup.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    String uri = JarOnlyMemoryProvider.NAME + ":";

    assertThat(runner(uri).build().run().exitCode()).as("without the jar").isEqualTo(2);
    assertThat(err.toString()).contains("no store provider named '" + JarOnlyMemoryProvider.NAME + "'");

    ConformanceRunner.Result result = runner(uri).jar(jar).shareInstance(true).build().run();
    assertThat(result.exitCode()).as(out.toString()).isZero();
    assertThat(result.passed()).isGreaterThan(30);
    assertThat(out.toString()).contains("\nextra\n", "  ok    groupTestsOpenTheStoreUnderTest", "[extra] passed 1, failed 0");
  }

  @Test
  void missingJarExitsWithTwo() {
    ConformanceRunner.Result result = runner("memory:").jar(Path.of("no/such/adapter.jar")).build().run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(err.toString()).contains("no such jar: no/such/adapter.jar");
  }

  @Test
  void runWithoutTestsIsNotASuccess() {
    ConformanceRunner.Result result = runner("memory:").group(ConformanceRunner.CONTRACT, List.of()).build().run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(lastLine()).isEqualTo("0 passed, 0 failed, 0 skipped");
  }
}
