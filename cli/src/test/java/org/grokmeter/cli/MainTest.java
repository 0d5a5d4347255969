package org.grokmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.grokmeter.cli.plot.Figure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  /** Runs the CLI in-process; returns {exit code, stdout, stderr}. */
  static Object[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Object[] {code, out.toString(), err.toString()};
  }

  @Test
  void unknownCommandIsBadUsageOnOneLine() {
    Object[] r = run("no-such-command");
    assertEquals(2, r[0]);
    String err = ((String) r[2]).strip();
    assertTrue(err.startsWith("grokmeter: "), err);
    assertEquals(1, err.lines().count(), err);
  }

  @Test
  void versionAndHelpExitZero() {
    assertEquals(0, run("--version")[0]);
    Object[] help = run("--help");
    assertEquals(0, help[0]);
    assertTrue(((String) help[1]).contains("info"));
  }

  @Test
  void infoNamesTheKernels() {
    Object[] r = run("info");
    assertEquals(0, r[0]);
    assertTrue(((String) r[1]).contains("kernels:"), (String) r[1]);
  }

  @Test
  void figureWritesPngAndSvg(@TempDir Path dir) throws Exception {
    new Figure("t", "x", "y").line("a", new double[] {0, 1, 2}, new double[] {0, 1, 4})
        .dashedSameColour("fit", new double[] {0, 2}, new double[] {0, 4}).saveBoth(dir, "f");
    byte[] png = Files.readAllBytes(dir.resolve("f.png"));
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
    assertTrue(Files.readString(dir.resolve("f.svg")).contains("<svg"));
  }
}
