package io.tilekv.cli;

import io.tilekv.tiling.GroupBy;
import io.tilekv.tiling.TilePlan;
import io.tilekv.tiling.TilePlanner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plan}: the tiles a fetch at a given time reads, without touching a store. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = TileKv.Version.class,
    description = "Print the minimal tile plan of a GroupBy at a query time.")
final class PlanCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--groupby", required = true, paramLabel = "FILE", description = "GroupBy file (YAML or JSON).")
  Path groupBy;

  @Option(names = "--at", required = true, paramLabel = "T", converter = Times.class,
      description = "Query time: epoch millis or ISO-8601 instant.")
  long at;

  @Option(names = "--json", description = "Print the plan as JSON.")
  boolean json;

  @Option(names = {"-v", "--verbose"}, description = "Print the stack trace of an error.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    TilePlan plan = TilePlanner.plan(GroupBy.parse(groupBy), at);
    spec.commandLine().getOut().println(json ? plan.toJson() : plan.toTimeline());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
