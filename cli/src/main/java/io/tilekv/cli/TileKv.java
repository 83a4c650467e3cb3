package io.tilekv.cli;

import io.tilekv.spi.KVStoreException;
import io.tilekv.spi.KVStores;
import io.tilekv.spi.plugin.StorePlugins;
import io.tilekv.writer.WriterCommand;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.Spec;

/**
 * The {@code tilekv} command. Each subcommand is a class of its own, registered in the
 * {@code subcommands} list below and nowhere else; a subcommand returns its exit code. {@code write}
 * is the writer's own {@link WriterCommand}, the one definition of its options, which the job jar
 * runs too.
 *
 * <p>Exit codes: 0 success, 1 the work ran and found failures, 2 bad usage (one line, see
 * {@link UserErrors}), a plugin directory that cannot be loaded, or a store that cannot be opened.
 *
 * <p>A subcommand that opens stores mixes in {@link PluginOptions} ({@code write} has the same
 * option, searched the same way): its plugins are loaded before it runs (once per JVM and set of
 * directories) and installed for the JVM ({@link KVStores#installPlugins}) while it runs.
 */
@Command(name = "tilekv",
    mixinStandardHelpOptions = true,
    versionProvider = TileKv.Version.class,
    description = "Tiled feature serving over pluggable key-value stores.",
    subcommands = {
        ConformanceCommand.class,
        PlanCommand.class,
        WriterCommand.class,
        FetchCommand.class,
        ServeCommand.class,
        DemoCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class TileKv implements Runnable {
  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    // Store plugins log through java.util.logging (their own SLF4J bound to it): into log4j too.
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand, ready to {@code execute}; tests run it in-process. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new TileKv()).setCaseInsensitiveEnumValuesAllowed(true);
    CommandLine write = cli.getSubcommands().get("write");
    write.getCommandSpec().versionProvider(new Version());
    ((WriterCommand) write.getCommand()).searchPlugins(PluginOptions::directories);
    UserErrors errors = new UserErrors();
    return cli.setExecutionStrategy(TileKv::executeWithPlugins).setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors);
  }

  private static int executeWithPlugins(ParseResult parsed) {
    ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    CommandSpec command = leaf.commandSpec();
    CommandSpec mixin = command.mixins().get(PluginOptions.NAME);
    List<Path> directories = mixin != null ? ((PluginOptions) mixin.userObject()).directories()
        : command.userObject() instanceof WriterCommand w ? w.pluginDirectories() : null;
    boolean help = leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested();
    if (directories == null || help) {
      return new RunLast().execute(parsed);
    }
    StorePlugins plugins;
    try {
      // Shared: the writer's local job loads the same directories and must get the same plugins.
      plugins = StorePlugins.shared(directories);
    } catch (KVStoreException e) {
      command.commandLine().getErr().println(command.name() + ": " + UserErrors.uris(e.getMessage()));
      command.commandLine().getErr().flush();
      return 2;
    }
    StorePlugins previous = KVStores.installPlugins(plugins);
    try {
      return new RunLast().execute(parsed);
    } finally {
      KVStores.installPlugins(previous);
    }
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
