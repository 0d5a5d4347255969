package org.grokmeter.cli.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.grokmeter.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearCommandsTest {

  /** {exit code, stdout, stderr}. */
  static Object[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Object[] {code, out.toString(), err.toString()};
  }

  @Test
  void leviPrintsRowsInTheOrderGivenWithRoundTripDoubles() {
    Object[] r = run("levi", "--mode", "paper", "--lambda", "1.05", "--eta", "0.01", "--eps", "1e-10",
        "--t", "409939.0153191919676644208,1,0.5");
    assertEquals(0, r[0], (String) r[2]);
    List<String> lines = ((String) r[1]).lines().toList();
    assertEquals("t,log_train_loss,log_val_loss,train_acc,val_acc", lines.get(0));
    assertEquals(4, lines.size());
    String[] first = lines.get(1).split(",");
    // x = 10 of the mpmath fixture: ln L_tr = −25.8594365360492377…, ln L_gen = −18.5869375566…
    assertEquals(-25.8594365360492377357376, Double.parseDouble(first[1]), 1e-12 * 25.86);
    assertEquals(0.9999627445853815205330727, Double.parseDouble(first[3]), 1e-14);
    assertEquals(0.08653428218762769904086216, Double.parseDouble(first[4]), 1e-14);
    assertEquals("1.0", lines.get(2).split(",")[0]);
    assertEquals("0.5", lines.get(3).split(",")[0]);
    for (String line : lines.subList(1, lines.size())) {
      for (String cell : line.split(",")) {
        double v = Double.parseDouble(cell);
        assertEquals(cell, Double.toString(v), "round trip");
      }
    }
  }

  @Test
  void leviExactModeBelowAndAboveOne() {
    Object[] above = run("levi", "--mode", "exact", "--lambda", "1.05", "--t", "1e9");
    assertEquals(0, above[0]);
    String[] row = ((String) above[1]).lines().toList().get(1).split(",");
    assertEquals(Math.log(1 - 1 / 1.05), Double.parseDouble(row[2]), 1e-6, "L_gen levels off at 1 - 1/lambda");
    Object[] below = run("levi", "--mode", "exact", "--lambda", "0.5", "--t", "1e5");
    assertEquals(0, below[0]);
    assertEquals("1.0", ((String) below[1]).lines().toList().get(1).split(",")[4]);
  }

  @Test
  void badParametersExitTwoWithOneLine() {
    String[][] bad = {
        {"levi", "--lambda", "-1", "--t", "1"},
        {"levi", "--lambda", "1.05", "--t", "1,abc"},
        {"levi", "--lambda", "1.05", "--t", "-3"},
        {"levi", "--lambda", "1.05", "--eta", "0", "--t", "1"},
        {"levi", "--lambda", "1.05", "--mode", "simulate", "--t", "1"},
        {"levi", "--lambda", "x", "--t", "1"},
        {"linear", "--lambda-min", "0.9", "--lambda-max", "1.1", "--out", "unused"},
        {"linear", "--points", "0", "--out", "unused"},
        {"linear", "--eps", "-1", "--out", "unused"},
    };
    for (String[] args : bad) {
      Object[] r = run(args);
      assertEquals(2, r[0], String.join(" ", args) + " -> " + r[2]);
      String err = ((String) r[2]).strip();
      assertEquals(1, err.lines().count(), err);
      assertTrue(err.startsWith("grokmeter: "), err);
    }
  }

  @Test
  void linearWritesRunsCurvesTrendProvenanceAndFigures(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("lin");
    Object[] r = run("--quiet", "linear", "--points", "4", "--samples", "3000", "--threads", "2", "--out", out.toString());
    assertEquals(0, r[0], (String) r[2]);
    List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
    assertTrue(runs.get(0).startsWith("lambda,t_star_train,s_train,t_star_val,s_val,m,R_rel,R_abs,status"), runs.get(0));
    assertEquals(5, runs.size());
    assertEquals("1.003", runs.get(1).split(",")[0]);
    assertEquals("1.1", runs.get(4).split(",")[0]);
    for (String row : runs.subList(1, runs.size())) {
      assertEquals("ok", row.split(",")[8], row);
    }
    assertEquals(3, Files.readAllLines(out.resolve("trend.csv")).size());
    assertTrue(Files.readString(out.resolve("provenance.txt")).contains("kernels="));
    assertEquals(4, Files.list(out.resolve("curves")).count());
    assertEquals(2001, Files.readAllLines(out.resolve("curves").resolve("lambda_000.csv")).size());
    for (String f : new String[] {"m_vs_R_rel", "m_vs_R_abs", "loglog_m_vs_R_rel", "loglog_m_vs_R_abs",
        "example_fit_1", "example_fit_4", "losses"}) {
      assertTrue(Files.size(out.resolve("figures").resolve(f + ".png")) > 1000, f);
      assertTrue(Files.size(out.resolve("figures").resolve(f + ".svg")) > 1000, f);
    }
    assertTrue(Files.exists(out.resolve("figures").resolve("example_fits.png")));
  }

  @Test
  void linearResultsDoNotDependOnThreads(@TempDir Path dir) throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    assertEquals(0, run("--quiet", "linear", "--mode", "exact", "--lambda-min", "0.9", "--lambda-max", "0.95",
        "--points", "3", "--samples", "1000", "--no-figures", "--threads", "1", "--out", a.toString())[0]);
    assertEquals(0, run("--quiet", "linear", "--mode", "exact", "--lambda-min", "0.9", "--lambda-max", "0.95",
        "--points", "3", "--samples", "1000", "--no-figures", "--threads", "3", "--out", b.toString())[0]);
    assertEquals(Files.readString(a.resolve("runs.csv")), Files.readString(b.resolve("runs.csv")));
  }

  @Test
  void simulateModeRunsSmall(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("sim");
    Object[] r = run("--quiet", "linear", "--mode", "simulate", "--lambda-min", "0.5", "--lambda-max", "0.6",
        "--points", "2", "--dim", "60", "--val-samples", "200", "--samples", "400", "--no-figures", "--out", out.toString());
    assertEquals(0, r[0], (String) r[2]);
    List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
    assertEquals(3, runs.size());
    assertTrue(Files.readString(out.resolve("config.txt")).contains("fresh Gaussian samples"));
  }

  @Test
  void exactModeAboveOneReportsNoGrokkingAndStillDrawsFigures(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("exact");
    Object[] r = run("--quiet", "linear", "--mode", "exact", "--points", "2", "--samples", "1500", "--out", out.toString());
    assertEquals(0, r[0], (String) r[2]);
    List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
    for (String row : runs.subList(1, runs.size())) {
      assertEquals("val_did_not_rise", row.split(",")[8], row);
    }
    assertTrue(Files.size(out.resolve("figures").resolve("m_vs_R_rel.png")) > 1000);
    // compare: the exact folder has nothing to draw, the paper one does
    Path paper = dir.resolve("paper");
    assertEquals(0, run("--quiet", "linear", "--points", "3", "--samples", "1500", "--no-figures", "--out", paper.toString())[0]);
    Path cmp = dir.resolve("cmp");
    Object[] c = run("--quiet", "linear-compare", "--out", cmp.toString(), paper.toString(), out.toString());
    assertEquals(0, c[0], (String) c[2]);
    assertTrue(Files.size(cmp.resolve("compare_m_vs_R_rel.png")) > 1000);
    assertTrue(Files.size(cmp.resolve("compare_loglog_m_vs_R_abs.svg")) > 1000);
    assertEquals(2, run("linear-compare", "--out", cmp.toString(), out.toString())[0]);
    assertEquals(2, run("linear-compare", "--out", cmp.toString(), dir.resolve("missing").toString())[0]);
  }
}
