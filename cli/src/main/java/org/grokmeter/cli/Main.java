package org.grokmeter.cli;

import java.io.PrintWriter;
import org.grokmeter.UserInputException;
import org.grokmeter.cli.io.Log;
import org.grokmeter.experiment.Sweep;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The root command. Thin by design: subcommands parse, call core, write; stdout is data, logs and
 * progress go to stderr.
 *
 * <p>Exit codes ({@link ExitCode}): 2 for the user's input only — picocli's parameter errors and
 * {@link UserInputException}, which names the file, line or option at fault; every other exception
 * is a failure inside and exits 1 with {@code grokmeter: error: …}. Either way one line on stderr,
 * the stack trace only with {@code --verbose}.
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
        LeviCommand.class,
        LinearCommand.class,
        LinearCompareCommand.class,
        MlpCommand.class,
        SweepCommand.class,
        MergeCommand.class,
        ReproduceCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class Main implements Runnable {

  @Option(names = "--verbose", description = "More detail on stderr, stack traces on errors.")
  boolean verbose;

  @Option(names = "--quiet", description = "Only errors on stderr (no progress, no notes).")
  boolean quiet;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Without a command: a usage error. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required (try 'grokmeter --help')");
  }

  public static void main(String[] args) {
    if (drawsFigures(args)) {
      // the drawing classes load on the core that picocli's single-threaded start-up leaves idle
      org.grokmeter.cli.plot.Figure.prepare();
    }
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Whether the command line names {@code linear} or {@code mlp} without {@code --no-figures}: a
   * look at the words before parsing, only to start the figures' warm-up early (a wrong guess costs
   * a little CPU, never a result).
   */
  static boolean drawsFigures(String[] args) {
    String command = null;
    for (String a : args) {
      if (a.equals("--no-figures") || a.equals("--help") || a.equals("-h")) {
        return false;
      }
      if (command == null && !a.startsWith("-")) {
        command = a;
      }
    }
    return "linear".equals(command) || "mlp".equals(command);
  }

  /** Runs the CLI with the given streams and returns the exit code (used by tests too). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Main root = new Main();
    return execute(new CommandLine(root), root, args, out, err);
  }

  /** Runs {@code cl}, whose root command is {@code root}, with the exit-code and error conventions. */
  static int execute(CommandLine cl, Main root, String[] args, PrintWriter out, PrintWriter err) {
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionStrategy(parseResult -> {
      Log.configure(root.verbose, root.quiet, err);
      try {
        return new CommandLine.RunLast().execute(parseResult);
      } catch (Error e) {
        // picocli hands only Exceptions to the handler below; an Error (out of memory, a stack
        // overflow) is an internal failure too: one line, the trace only with --verbose
        err.println("grokmeter: error: " + Sweep.oneLine(describe(e)));
        if (root.verbose) {
          e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.FAILURE;
      }
    });
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("grokmeter: " + Sweep.oneLine(ex.getMessage()));
      if (root.verbose) {
        ex.printStackTrace(err);
      }
      err.flush();
      return ExitCode.BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      boolean badInput = ex instanceof UserInputException;
      err.println("grokmeter: " + (badInput ? "" : "error: ") + Sweep.oneLine(describe(ex)));
      if (root.verbose) {
        ex.printStackTrace(err);
      }
      err.flush();
      return badInput ? ExitCode.BAD_INPUT : ExitCode.FAILURE;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The user's own words for bad input; the exception's type too for a failure inside. */
  private static String describe(Throwable ex) {
    String message = ex.getMessage();
    if (ex instanceof UserInputException) {
      return message == null ? ex.getClass().getSimpleName() : message;
    }
    return message == null ? ex.getClass().getName() : ex.getClass().getSimpleName() + ": " + message;
  }
}
