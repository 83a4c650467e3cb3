package io.tilekv.conformance.internal;

import io.tilekv.conformance.ConformanceRunner;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Prints test outcomes as they arrive, one line each, with per-group and overall totals. */
public final class Report {
  private static final int REASON_WIDTH = 240;

  private final PrintWriter out;
  private final boolean verbose;
  private String group;
  private int passed;
  private int failed;
  private int skipped;
  private int groupPassed;
  private int groupFailed;
  private int groupSkipped;

  public Report(PrintWriter out, boolean verbose) {
    this.out = out;
    this.verbose = verbose;
  }

  public void startGroup(String name) {
    group = name;
    groupPassed = groupFailed = groupSkipped = 0;
    out.println();
    out.println(name);
    out.flush();
  }

  public void print(TestOutcome o) {
    switch (o.status()) {
      case PASSED -> {
        groupPassed++;
        out.printf("  ok    %s (%d ms)%n", o.name(), o.elapsed().toMillis());
      }
      case FAILED -> {
        groupFailed++;
        out.printf("  FAIL  %s: %s%n", o.name(), oneLine(o.reason()));
        if (verbose && o.error() != null) {
          StringWriter trace = new StringWriter();
          o.error().printStackTrace(new PrintWriter(trace));
          trace.toString().lines().forEach(l -> out.println("        " + l));
        }
      }
      case SKIPPED -> {
        groupSkipped++;
        out.printf("  skip  %s: %s%n", o.name(), oneLine(o.reason()));
      }
    }
    out.flush();
  }

  /** Prints the group's totals in a form that cannot be mistaken for the final summary line. */
  public void endGroup() {
    passed += groupPassed;
    failed += groupFailed;
    skipped += groupSkipped;
    out.printf("[%s] passed %d, failed %d, skipped %d%n", group, groupPassed, groupFailed, groupSkipped);
  }

  /** Prints the summary as the last line and returns the totals. */
  public ConformanceRunner.Result finish() {
    boolean ran = passed + failed > 0;
    if (!ran) {
      out.println("no test ran");
    }
    ConformanceRunner.Result result = new ConformanceRunner.Result(passed, failed, skipped,
        failed == 0 && ran ? 0 : 1);
    out.println();
    out.println(result.summary());
    out.flush();
    return result;
  }

  private static String oneLine(String s) {
    String line = s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    return line.length() <= REASON_WIDTH ? line : line.substring(0, REASON_WIDTH) + "...";
  }
}
