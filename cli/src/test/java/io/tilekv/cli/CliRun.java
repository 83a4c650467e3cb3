package io.tilekv.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process, its output and errors into the given writers. */
final class CliRun {
  private CliRun() {}

  static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cl = TileKv.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }
}
