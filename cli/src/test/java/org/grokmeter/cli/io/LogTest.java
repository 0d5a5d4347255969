package org.grokmeter.cli.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress bars go to stderr, so whether to draw one depends on stderr alone. */
class LogTest {

  /** A stand-in for /proc/self/fd/2 pointing at {@code target}. */
  private static Path stderrOn(Path tmp, String target) throws Exception {
    return Files.createSymbolicLink(tmp.resolve("fd2"), Path.of(target));
  }

  @Test
  void aTerminalOnStderrDrawsABar(@TempDir Path tmp) throws Exception {
    assertTrue(Log.stderrIsTerminal(Map.of("TERM", "xterm-256color"), stderrOn(tmp, "/dev/pts/3")));
  }

  @Test
  void stderrRedirectedToAFileOrAPipeGetsPlainLines(@TempDir Path tmp) throws Exception {
    assertFalse(Log.stderrIsTerminal(Map.of(), stderrOn(tmp, tmp.resolve("err.log").toString())));
    Files.delete(tmp.resolve("fd2"));
    assertFalse(Log.stderrIsTerminal(Map.of(), stderrOn(tmp, "pipe:[71281]")));
  }

  @Test
  void ciOrADumbTerminalGetsPlainLines(@TempDir Path tmp) throws Exception {
    Path tty = stderrOn(tmp, "/dev/pts/0");
    assertFalse(Log.stderrIsTerminal(Map.of("CI", "true"), tty));
    assertFalse(Log.stderrIsTerminal(Map.of("TERM", "dumb"), tty));
  }

  @Test
  void theWidthComesFromColumnsElseTheTerminalElseTheFallback() {
    assertEquals(132, Log.stderrWidth(Map.of("COLUMNS", "132")));
    // No COLUMNS and (under the test runner) no terminal on stdin: the terminal cannot say.
    int width = Log.stderrWidth(Map.of("COLUMNS", "not a number"));
    assertTrue(width > 0, "width " + width);
  }
}
