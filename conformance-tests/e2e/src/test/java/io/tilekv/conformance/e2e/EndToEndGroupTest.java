package io.tilekv.conformance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.conformance.ConformanceRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The end-to-end group runs through the conformance runner against a store named by URI. */
class EndToEndGroupTest {

  @Test
  void theRunnerRunsTheEndToEndGroupAgainstAStoreUri() {
    StringWriter out = new StringWriter();
    EndToEndGroup group = new EndToEndGroup();

    ConformanceRunner.Result result = ConformanceRunner.builder().store("memory:")
        .group(ConformanceRunner.CONTRACT, List.of())
        .group(group.name(), group.testClasses())
        .out(new PrintWriter(out, true)).err(new PrintWriter(new StringWriter(), true))
        .build().run();

    assertThat(out.toString()).contains("[end-to-end] passed 7, failed 0, skipped 0");
    assertThat(result.exitCode()).isZero();
  }
}
