package org.grokmeter.cli.io;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Notes and progress on stderr, honouring --verbose/--quiet. stdout is reserved for data. */
public final class Log {

  /** Progress-bar width when the terminal does not tell its own. */
  static final int FALLBACK_WIDTH = 80;

  /** Where Linux shows what file descriptor 2 (stderr) is open on. */
  private static final Path STDERR_LINK = Path.of("/proc/self/fd/2");
  /** Terminal devices: pseudo-terminals, virtual consoles, serial lines, the console. */
  private static final Pattern TERMINAL_DEVICE = Pattern.compile("/dev/(pts/[0-9]+|tty[A-Za-z0-9]*|console)");

  private static volatile boolean verbose;
  private static volatile boolean quiet;
  private static volatile PrintWriter err = new PrintWriter(System.err, true);

  private Log() {}

  public static void configure(boolean verboseFlag, boolean quietFlag, PrintWriter stream) {
    verbose = verboseFlag;
    quiet = quietFlag && !verboseFlag;
    err = stream;
  }

  public static boolean verbose() {
    return verbose;
  }

  public static boolean quiet() {
    return quiet;
  }

  public static PrintWriter err() {
    return err;
  }

  /** A normal note: shown unless --quiet. */
  public static void info(String message) {
    if (!quiet) {
      err.println("grokmeter: " + message);
      err.flush();
    }
  }

  /** Detail: shown only with --verbose. */
  public static void debug(String message) {
    if (verbose) {
      err.println("grokmeter: " + message);
      err.flush();
    }
  }

  /**
   * Progress bars are drawn only when stderr, where they go, is a terminal, {@code CI} is not set
   * and {@code TERM} is not {@code dumb}; otherwise progress is plain lines (so {@code 2> err.log}
   * gets no carriage returns or colour codes).
   */
  public static boolean interactive() {
    return !quiet && stderrIsTerminal(System.getenv(), STDERR_LINK);
  }

  /**
   * Whether stderr is a terminal: on Linux from what {@code fd2} ({@code /proc/self/fd/2}) links to;
   * where there is no such link, the JDK's console, which only knows about stdin and stdout.
   */
  static boolean stderrIsTerminal(Map<String, String> env, Path fd2) {
    if (env.get("CI") != null || "dumb".equals(env.get("TERM"))) {
      return false;
    }
    if (Files.isSymbolicLink(fd2)) {
      try {
        return TERMINAL_DEVICE.matcher(Files.readSymbolicLink(fd2).toString()).matches();
      } catch (IOException | SecurityException e) {
        return false;
      }
    }
    Console console = System.console();
    return console != null && console.isTerminal();
  }

  /**
   * The width of the terminal on stderr: {@code COLUMNS} when set, else what the terminal reports,
   * else {@value #FALLBACK_WIDTH} (stdin not a terminal, or the terminal does not say).
   */
  static int stderrWidth(Map<String, String> env) {
    try {
      int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
      if (columns > 0) {
        return columns;
      }
    } catch (NumberFormatException e) {
      // not set or not a number: ask the terminal
    }
    try (Terminal t = TerminalBuilder.builder().system(true).systemOutput(TerminalBuilder.SystemOutput.SysErr)
        .dumb(true).build()) {
      int width = t.getWidth();
      return width > 0 ? width : FALLBACK_WIDTH;
    } catch (IOException | RuntimeException e) {
      return FALLBACK_WIDTH;
    }
  }

  /** {@link #stderrWidth(Map)} of this process. */
  public static int stderrWidth() {
    return stderrWidth(System.getenv());
  }
}
