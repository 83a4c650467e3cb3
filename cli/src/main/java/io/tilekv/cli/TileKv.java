package io.tilekv.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code tilekv} command. Each subcommand is a class of its own, registered in the
 * {@code subcommands} list below and nowhere else; a subcommand returns its exit code.
 *
 * <p>Exit codes: 0 success, 1 the work ran and found failures, 2 bad usage or a store that cannot be
 * opened.
 */
@Command(name = "tilekv",
    mixinStandardHelpOptions = true,
    versionProvider = TileKv.Version.class,
    description = "Tiled feature serving over pluggable key-value stores.",
    subcommands = {
        ConformanceCommand.class,
        PlanCommand.class,
        WriteCommand.class,
        FetchCommand.class,
        DemoCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class TileKv implements Runnable {
  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand, ready to {@code execute}; tests run it in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new TileKv()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TileKv.class.getPackage().getImplementationVersion();
      return new String[] {"tilekv " + (v == null ? "(development build)" : v)};
    }
  }
}
