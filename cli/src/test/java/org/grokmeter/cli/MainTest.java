package org.grokmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.grokmeter.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @Test
  void unknownCommandIsBadUsageOnOneLine() {
    CliRun r = run("no-such-command");
    assertEquals(2, r.code());
    String err = r.err().strip();
    assertTrue(err.startsWith("grokmeter: "), err);
    assertEquals(1, err.lines().count(), err);
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
