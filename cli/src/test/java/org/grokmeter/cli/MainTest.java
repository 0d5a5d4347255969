package org.grokmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.grokmeter.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.grokmeter.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

class MainTest {

  @Test
  void unknownCommandIsBadUsageOnOneLine() {
    CliRun r = run("no-such-command");
    assertEquals(2, r.code());
    String err = r.err().strip();
    assertTrue(err.startsWith("grokmeter: "), err);
    assertEquals(1, err.lines().count(), err);
  }

  /** A command that throws what it is given. */
  @CommandLine.Command(name = "throw")
  static final class Throws implements Callable<Integer> {
    private final RuntimeException error;

    Throws(RuntimeException error) {
      this.error = error;
    }

    @Override
    public Integer call() {
      throw error;
    }
  }

  private static CliRun runThrowing(RuntimeException error, String... args) {
    Main root = new Main();
    CommandLine cl = new CommandLine(root).addSubcommand("throw", new Throws(error));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(cl, root, args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }

  @Test
  void onlyTheUsersInputExitsTwo() {
    CliRun bad = runThrowing(new UserInputException("runs.csv: line 3: 'x' is not a number"), "throw");
    assertEquals(ExitCode.BAD_INPUT, bad.code());
    assertEquals("grokmeter: runs.csv: line 3: 'x' is not a number", bad.err().strip());
  }

  @Test
  void anyOtherExceptionIsAFailureOnOneLine() {
    // An IllegalArgumentException from inside is a bug, not the user's input.
    for (RuntimeException e : new RuntimeException[] {new IllegalArgumentException("bad\nstate"),
        new IllegalStateException("broken"), new NullPointerException()}) {
      CliRun r = runThrowing(e, "throw");
      assertEquals(ExitCode.FAILURE, r.code(), r.err());
      String err = r.err().strip();
      assertTrue(err.startsWith("grokmeter: error: "), err);
      assertEquals(1, err.lines().count(), err);
    }
    assertEquals("grokmeter: error: IllegalArgumentException: bad state",
        runThrowing(new IllegalArgumentException("bad\nstate"), "throw").err().strip());
  }

  @Test
  void theStackTraceOnlyWithVerbose() {
    CliRun verbose = runThrowing(new IllegalStateException("broken"), "--verbose", "throw");
    assertEquals(ExitCode.FAILURE, verbose.code());
    assertTrue(verbose.err().lines().count() > 2, verbose.err());
    assertTrue(verbose.err().contains("at org.grokmeter.cli"), verbose.err());
  }

  /** A command registers only itself; help and unknown words see every command; --version none. */
  @Test
  void onlyTheNamedCommandIsBuilt() {
    assertEquals(java.util.Set.of("fit"),
        Main.commandLine(new Main(), new String[] {"--quiet", "fit", "log.csv"}).getSubcommands().keySet());
    for (String[] all : new String[][] {{"--help"}, {"-h"}, {"help", "fit"}, {"fitt"}, {"--verbose", "nonsense"}}) {
      assertEquals(Main.COMMANDS, java.util.List.copyOf(
          Main.commandLine(new Main(), all).getSubcommands().keySet()), String.join(" ", all));
    }
    assertTrue(Main.commandLine(new Main(), new String[] {"--version"}).getSubcommands().isEmpty());
    assertTrue(Main.commandLine(new Main(), new String[0]).getSubcommands().isEmpty());
    // the list of names and the factory agree: each command is registered under its own name
    for (String name : Main.COMMANDS) {
      assertEquals(name, new CommandLine(Main.command(name)).getCommandName());
    }
    assertEquals(ExitCode.BAD_INPUT, run("fitt").code());
  }

  /** Help texts are paragraphs that picocli wraps: no sentence is cut by a hard line break. */
  @Test
  void helpParagraphsAreWholeSentences() {
    CommandLine root = Main.commandLine(new Main(), new String[] {"--help"});
    for (CommandLine c : root.getSubcommands().values()) {
      CommandSpec spec = c.getCommandSpec();
      for (String text : spec.usageMessage().description()) {
        String paragraph = text.replaceAll("(%n)+$", ""); // picocli's own paragraph mark
        assertTrue(paragraph.isEmpty() || paragraph.endsWith(".") || paragraph.endsWith(".)"),
            spec.name() + ": a description paragraph ends mid-sentence: " + paragraph);
        assertTrue(!paragraph.contains("\n"), spec.name() + ": " + paragraph);
      }
      for (ArgSpec arg : spec.args()) {
        for (String line : arg.description()) {
          assertTrue(!line.contains("\n"), spec.name() + ": " + line);
        }
        assertTrue(arg.description().length <= 1, spec.name() + ": option help split into lines");
      }
    }
  }

  @Test
  void versionAndHelpExitZero() {
    assertEquals(0, run("--version").code());
    CliRun help = run("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("info"));
  }

  @Test
  void infoNamesTheKernels() {
    CliRun r = run("info");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("kernels:"), r.out());
  }
}
