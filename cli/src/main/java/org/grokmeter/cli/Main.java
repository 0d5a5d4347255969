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
        + " \"Measuring Sharpness in Grokking\" (Miller et al., 2024).")
public final class Main implements Runnable {

  /** The subcommands, in the order {@code --help} lists them. */
  static final java.util.List<String> COMMANDS = java.util.List.of("info", "fit", "trend", "levi", "linear",
      "linear-compare", "mlp", "sweep", "merge", "reproduce", "help");

  /** A new instance of the subcommand {@code name} (one of {@link #COMMANDS}). */
  static Object command(String name) {
    return switch (name) {
      case "info" -> new InfoCommand();
      case "fit" -> new org.grokmeter.cli.fit.FitCommand();
      case "trend" -> new org.grokmeter.cli.trend.TrendCommand();
      case "levi" -> new LeviCommand();
      case "linear" -> new LinearCommand();
      case "linear-compare" -> new LinearCompareCommand();
      case "mlp" -> new MlpCommand();
      case "sweep" -> new SweepCommand();
      case "merge" -> new MergeCommand();
      case "reproduce" -> new ReproduceCommand();
      case "help" -> new CommandLine.HelpCommand();
      default -> throw new IllegalArgumentException("no command " + name);
    };
  }

  /**
   * The command line for {@code args}: the root and, when the words name one of the commands, that
   * command alone; all of them for help or a word that names none (so that picocli lists them or
   * says what is unknown); none when there is no word and no help option ({@code --version}, or
   * nothing). picocli builds each registered command's model by reflection, a large part of a short
   * command's start, so a command does not pay for the others.
   */
  static CommandLine commandLine(Main root, String[] args) {
    CommandLine cl = new CommandLine(root);
    String named = commandWord(args);
    boolean help = false;
    for (String a : args) {
      help |= a.equals("--help") || a.startsWith("-") && !a.startsWith("--") && a.contains("h");
    }
    if (named != null && !named.equals("help") && COMMANDS.contains(named)) {
      cl.addSubcommand(named, command(named));
    } else if (named != null || help) {
      for (String name : COMMANDS) {
        cl.addSubcommand(name, command(name));
      }
    }
    return cl;
  }

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
    for (String a : args) {
      if (a.equals("--no-figures") || a.equals("--help") || a.equals("-h")) {
        return false;
      }
    }
    String command = commandWord(args);
    return "linear".equals(command) || "mlp".equals(command);
  }

  /** The first word that is not an option: the command, since the root's options are all flags. */
  static String commandWord(String[] args) {
    for (String a : args) {
      if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }

  /** Runs the CLI with the given streams and returns the exit code (used by tests too). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Main root = new Main();
    return execute(commandLine(root, args), root, args, out, err);
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
