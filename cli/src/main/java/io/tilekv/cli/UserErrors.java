package io.tilekv.cli;

import io.tilekv.spi.KVStoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns the errors a user can act on (a missing or invalid file, a bad value, a store that cannot
 * be opened) into one line on stderr and exit code 2; the stack trace only with {@code --verbose}.
 * Anything else is a bug and keeps picocli's trace (exit 1). A command line that does not parse (an
 * unknown option, a bad value) is one line too, pointing at the subcommand's help; without a
 * subcommand the usage lists them.
 */
final class UserErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@?#:]*):[^/@?#]*@");
  private static final Pattern QUERY_VALUE = Pattern.compile("([?&][^=&#\\s]+)=[^&#\\s'\"]*");

  @Override
  public int handleExecutionException(Exception thrown, CommandLine cmd, ParseResult parsed) throws Exception {
    Throwable e = unwrap(thrown);
    String message = message(e);
    if (message == null) {
      throw thrown;
    }
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandName() + ": " + message);
    if (verbose(parsed)) {
      e.printStackTrace(err);
    }
    err.flush();
    return 2;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    if (cmd.getParent() == null) {
      err.println(e.getMessage());
      cmd.usage(err);
    } else {
      err.println(uris(io.tilekv.writer.WriterCommand.oneLine(e)));
    }
    err.flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** The one-line message of a user error, or null when {@code e} is not one. */
  static String message(Throwable e) {
    if (e instanceof NoSuchFileException f) {
      return "no such file: " + f.getFile();
    } else if (e instanceof AccessDeniedException f) {
      return "cannot read " + f.getFile() + ": permission denied";
    } else if (e instanceof io.tilekv.tiling.GroupByException) {
      return e.getMessage(); // lists every problem of the file, one a line
    } else if (e instanceof KVStoreException || e instanceof IllegalArgumentException
        || e instanceof IOException) {
      // Store messages are masked by the store; a URI of the user's may still be in the text.
      return uris(String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
    }
    return null;
  }

  /**
   * {@code uri} (or a text with URIs in it) with every query value and every password in the
   * authority replaced by {@code ****}: which options are secrets is only known to the provider,
   * which may not even be loaded.
   */
  static String uris(String text) {
    String masked = USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":****@"));
    return QUERY_VALUE.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "=****"));
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static boolean verbose(ParseResult parsed) {
    ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    return leaf.hasMatchedOption("--verbose");
  }
}
