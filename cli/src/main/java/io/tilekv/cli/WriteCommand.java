package io.tilekv.cli;

import io.tilekv.writer.WriterCommand;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code write}: runs the Flink writer on local Flink. The flags belong to the writer
 * ({@link WriterCommand#USAGE}), so they are passed through unparsed.
 */
@Command(name = "write", versionProvider = TileKv.Version.class,
    description = "Run the Flink writer: --groupby FILE --events FILE.jsonl --store URI [--plugins DIR] [options].")
final class WriteCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin(name = PluginOptions.NAME)
  PluginOptions plugins;

  @picocli.CommandLine.Option(names = {"-V", "--version"}, versionHelp = true,
      description = "Print version information and exit.")
  boolean version;

  @Unmatched
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (args.contains("--help") || args.contains("-h")) {
      spec.commandLine().getOut().println(WriterCommand.USAGE);
      return 0;
    }
    PrintStream out = new PrintStream(new WriterOutput(spec.commandLine().getOut()), true);
    PrintStream err = new PrintStream(new WriterOutput(spec.commandLine().getErr()), true);
    List<String> writerArgs = new ArrayList<>(args);
    writerArgs.addAll(PluginOptions.writerArgs(plugins.directories()));
    return WriterCommand.run(writerArgs.toArray(String[]::new), out, err);
  }

  /** Adapts picocli's PrintWriter to the PrintStream the writer prints to. */
  private static final class WriterOutput extends java.io.OutputStream {
    private final java.io.PrintWriter target;

    WriterOutput(java.io.PrintWriter target) {
      this.target = target;
    }

    @Override
    public void write(int b) {
      target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      target.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {
      target.flush();
    }
  }
}
