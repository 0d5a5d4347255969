package org.grokmeter.cli;

import org.grokmeter.UserInputException;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The root command. Thin by design: subcommands parse, call core, write; stdout is data, logs and
 * progress go to stderr.
 *
 * <p>Exit codes: 0 ok, 1 failure, 2 bad usage or bad input (one line on stderr; the stack trace
 * only with {@code --verbose}).
 */
@Command(
    name = "grokmeter",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Measures grokking: fits S-curves to accuracy curves and reproduces"
        + " \"Measuring Sharpness in Grokking\" (Miller et al., 2024).",
    subcommands = {
        InfoCommand.class,
        org.grokmeter.cli.fit.FitCommand.class,
        org.grokmeter.cli.trend.TrendCommand.class,
        org.grokmeter.cli.linear.LeviCommand.class,
        org.grokmeter.cli.linear.LinearCommand.class,
        org.grokmeter.cli.linear.LinearCompareCommand.class,
        MlpCommand.class,
        SweepCommand.class,
        MergeCommand.class,
        ReproduceCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class Main implements Runnable {

  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_BAD_INPUT = 2;

  @Option(names = "--verbose", description = "More detail on stderr, stack traces on errors.")
  boolean verbose;

  @Option(names = "--quiet", description = "Only errors on stderr (no progress, no notes).")
  boolean quiet;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Log verbosity shared with subcommands through {@link Log}. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required (try 'grokmeter --help')");
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams and returns the exit code (used by tests too). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Main root = new Main();
    CommandLine cl = new CommandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionStrategy(parseResult -> {
      Log.configure(root.verbose, root.quiet, err);
      return new CommandLine.RunLast().execute(parseResult);
    });
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("grokmeter: " + oneLine(ex.getMessage()));
      if (root.verbose) {
        ex.printStackTrace(err);
      }
      err.flush();
      return EXIT_BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      boolean badInput = ex instanceof UserInputException || ex instanceof IllegalArgumentException;
      err.println("grokmeter: " + (badInput ? "" : "error: ") + oneLine(describe(ex)));
      if (root.verbose) {
        ex.printStackTrace(err);
      }
      err.flush();
      return badInput ? EXIT_BAD_INPUT : EXIT_FAILURE;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String describe(Throwable ex) {
    String message = ex.getMessage();
    if (ex instanceof UserInputException || ex instanceof IllegalArgumentException) {
      return message == null ? ex.getClass().getSimpleName() : message;
    }
    return message == null ? ex.getClass().getName() : ex.getClass().getSimpleName() + ": " + message;
  }

  /** Error messages must stay one line whatever a library put in them. */
  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    return message.replace("\r", " ").replace('\n', ' ').strip();
  }
}
