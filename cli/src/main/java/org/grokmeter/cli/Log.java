package org.grokmeter.cli;

import java.io.PrintWriter;

/** Notes and progress on stderr, honouring --verbose/--quiet. stdout is reserved for data. */
public final class Log {

  private static volatile boolean verbose;
  private static volatile boolean quiet;
  private static volatile PrintWriter err = new PrintWriter(System.err, true);

  private Log() {}

  static void configure(boolean verboseFlag, boolean quietFlag, PrintWriter stream) {
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

  /** Progress bars and live status lines are drawn only when on a terminal and CI is not set. */
  public static boolean interactive() {
    return !quiet && System.console() != null && System.getenv("CI") == null;
  }
}
