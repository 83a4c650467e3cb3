package io.tilekv.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tilekv.conformance.internal.Report;
import io.tilekv.conformance.internal.SuiteExecution;
import io.tilekv.conformance.internal.TestOutcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every variant of a test prints under a name of its own, so a failure says which case broke. */
class ReportNamesTest {

  @Test
  void variantsOfParameterizedAndRepeatedTestsAndSameNamedMethodsPrintUniquely() {
    StringWriter printed = new StringWriter();
    Report report = new Report(new PrintWriter(printed, true), false);
    report.startGroup("names");
    List<TestOutcome> outcomes = SuiteExecution.run(List.of(Layers.class, OtherLayers.class), report::print);
    report.endGroup();

    List<String> names = outcomes.stream().map(TestOutcome::name).toList();
    assertThat(names).as("names of the outcomes").doesNotHaveDuplicates().hasSize(2 + 2 + 2 + 1)
        .contains("ReportNamesTest.Layers.explicitLayersEqualTheOracle [1] 5m tiles only",
            "ReportNamesTest.Layers.explicitLayersEqualTheOracle [2] 5m tiles only",
            "ReportNamesTest.Layers.named [1] s=first", "ReportNamesTest.Layers.named [2] s=second",
            "ReportNamesTest.Layers.repeated [1] repetition 1 of 2", "ReportNamesTest.Layers.repeated [2] repetition 2 of 2",
            "ReportNamesTest.OtherLayers.explicitLayersEqualTheOracle");
    assertThat(printed.toString()).contains(
        "FAIL  ReportNamesTest.Layers.explicitLayersEqualTheOracle [2] 5m tiles only: [the second variant broke]",
        "ok    ReportNamesTest.Layers.explicitLayersEqualTheOracle [1] 5m tiles only (");
  }

  @Test
  void oneClassPrintsMethodsWithoutTheClassAndInvocationsWithTheirArguments() {
    List<TestOutcome> outcomes = SuiteExecution.run(List.of(Layers.class), o -> {});

    assertThat(outcomes).extracting(TestOutcome::name).doesNotHaveDuplicates()
        .contains("explicitLayersEqualTheOracle [2] 5m tiles only", "named [1] s=first");
    assertThat(outcomes).extracting(TestOutcome::method).contains("explicitLayersEqualTheOracle", "named");
  }

  // Not named *Test: surefire runs them only through the launcher above.

  static class Layers {
    /** Two invocations with one display name, as the end-to-end kit's layerings once printed. */
    @ParameterizedTest(name = "5m tiles only")
    @ValueSource(ints = {1, 2})
    void explicitLayersEqualTheOracle(int variant) {
      assertThat(variant).as("the second variant broke").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"first", "second"})
    void named(String s) {
      assertThat(s).isNotEmpty();
    }

    @RepeatedTest(2)
    void repeated() {}
  }

  static class OtherLayers {
    @Test
    void explicitLayersEqualTheOracle() {}
  }
}
