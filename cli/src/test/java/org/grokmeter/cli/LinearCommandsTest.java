package org.grokmeter.cli;

import static org.grokmeter.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.grokmeter.cli.io.RunsTable;
import org.grokmeter.experiments.LinearExperiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LinearCommandsTest {

  @Test
  void leviPrintsRowsInTheOrderGivenWithRoundTripDoubles() {
    CliRun r = run("levi", "--mode", "paper", "--lambda", "1.05", "--eta", "0.01", "--eps", "1e-10",
        "--t", "409939.0153191919676644208,1,0.5");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
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
    CliRun above = run("levi", "--mode", "exact", "--lambda", "1.05", "--t", "1e9");
    assertEquals(0, above.code());
    String[] row = above.out().lines().toList().get(1).split(",");
    assertEquals(Math.log(1 - 1 / 1.05), Double.parseDouble(row[2]), 1e-6, "L_gen levels off at 1 - 1/lambda");
    CliRun below = run("levi", "--mode", "exact", "--lambda", "0.5", "--t", "1e5");
    assertEquals(0, below.code());
    assertEquals("1.0", below.out().lines().toList().get(1).split(",")[4]);
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
      CliRun r = run(args);
      assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
      String err = r.err().strip();
      assertEquals(1, err.lines().count(), err);
      assertTrue(err.startsWith("grokmeter: "), err);
    }
  }

  @Test
  void linearWritesRunsCurvesTrendProvenanceAndFigures(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("lin");
    CliRun r = run("--quiet", "linear", "--points", "4", "--samples", "3000", "--threads", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    RunsTable runs = RunsTable.read(out.resolve("runs.csv"));
    assertTrue(runs.header().containsAll(List.of("lambda", "t_star_train", "s_train", "t_star_val", "s_val", "m",
        "R_rel", "R_abs", "status")), runs.header().toString());
    assertEquals(4, runs.size());
    assertEquals("1.003", runs.text(0, "lambda"));
    assertEquals("1.1", runs.text(3, "lambda"));
    assertEquals(4, runs.ok().size(), "all ok");
    assertEquals(3, Files.readAllLines(out.resolve("trend.csv")).size());
    assertTrue(Files.readString(out.resolve("provenance.txt")).contains("kernels: "));
    assertEquals(4, SweepFolders.curves(out).size());
    assertEquals(2001, Files.readAllLines(out.resolve(runs.text(0, "curves"))).size());
    assertEquals("curves/paper_lambda_1.003.csv", runs.text(0, "curves"));
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
        "--points", "3", "--samples", "1000", "--no-figures", "--threads", "1", "--out", a.toString()).code());
    assertEquals(0, run("--quiet", "linear", "--mode", "exact", "--lambda-min", "0.9", "--lambda-max", "0.95",
        "--points", "3", "--samples", "1000", "--no-figures", "--threads", "3", "--out", b.toString()).code());
    assertEquals(SweepFolders.runsWithoutSeconds(a), SweepFolders.runsWithoutSeconds(b));
  }

  @Test
  void simulateModeRunsSmall(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("sim");
    CliRun r = run("--quiet", "linear", "--mode", "simulate", "--lambda-min", "0.5", "--lambda-max", "0.6",
        "--points", "2", "--dim", "60", "--val-samples", "200", "--samples", "400", "--no-figures", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
    assertEquals(3, runs.size());
    assertTrue(Files.readString(out.resolve("config.txt")).contains("fresh Gaussian samples"));
  }

  @Test
  void exactModeAboveOneReportsNoGrokkingAndStillDrawsFigures(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("exact");
    CliRun r = run("--quiet", "linear", "--mode", "exact", "--points", "2", "--samples", "1500", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    RunsTable runs = RunsTable.read(out.resolve("runs.csv"));
    for (int i = 0; i < runs.size(); i++) {
      assertEquals("val_did_not_rise", runs.text(i, "status"));
    }
    assertTrue(Files.size(out.resolve("figures").resolve("m_vs_R_rel.png")) > 1000);
    // compare: the exact folder has nothing to draw, the paper one does
    Path paper = dir.resolve("paper");
    assertEquals(0, run("--quiet", "linear", "--points", "3", "--samples", "1500", "--no-figures", "--out", paper.toString()).code());
    Path cmp = dir.resolve("cmp");
    CliRun c = run("--quiet", "linear-compare", "--out", cmp.toString(), paper.toString(), out.toString());
    assertEquals(0, c.code(), c.err());
    assertTrue(Files.size(cmp.resolve("compare_m_vs_R_rel.png")) > 1000);
    assertTrue(Files.size(cmp.resolve("compare_loglog_m_vs_R_abs.svg")) > 1000);
    assertEquals(2, run("linear-compare", "--out", cmp.toString(), out.toString()).code());
    assertEquals(2, run("linear-compare", "--out", cmp.toString(), dir.resolve("missing").toString()).code());
  }

  private static final List<String> SMALL = List.of("linear", "--points", "6", "--samples", "2000", "--no-figures");

  private static CliRun linear(Path out, String... more) {
    return run(SMALL, out, more);
  }

  /** Killed after 2 of 6 lambdas (mid-write of a third row), the same command finishes the same folder. */
  @Test
  void aKilledLinearSweepResumesWithoutLossOrDuplicates(@TempDir Path dir) throws Exception {
    Path full = dir.resolve("full");
    assertEquals(0, linear(full).code());
    Path out = dir.resolve("out");
    LinearCommand command = new LinearCommand();
    List<String> args = new ArrayList<>(SMALL.subList(1, SMALL.size()));
    args.addAll(List.of("--out", out.toString()));
    new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
    LinearExperiment experiment = new LinearExperiment();
    SweepFolders.interrupted(experiment, command.spec(experiment), out, 2);
    assertFalse(Files.exists(out.resolve("trend.csv")));

    CliRun r = linear(out);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("6 runs done (4 now, 2 already there)"), r.err());
    SweepFolders.assertSameResults(full, out);

    // curves files of another thinning would not match the ones already there: refused, nothing written
    String rows = Files.readString(out.resolve("runs.csv"));
    CliRun other = linear(out, "--curve-points", "100");
    assertEquals(2, other.code(), other.err());
    assertTrue(other.err().contains("--curve-points 2000"), other.err());
    assertEquals(rows, Files.readString(out.resolve("runs.csv")));
  }

  @Test
  void linearShardsMergeToTheWholeSweep(@TempDir Path dir) throws Exception {
    Path full = dir.resolve("full");
    assertEquals(0, linear(full).code());
    List<String> shards = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path s = dir.resolve("s" + i);
      CliRun r = linear(s, "--shard", i + "/3");
      assertEquals(0, r.code(), r.err());
      assertEquals(2, RunsTable.read(s.resolve("runs.csv")).size(), "only the shard's rows");
      assertFalse(Files.exists(s.resolve("trend.csv")), "a shard has no trend");
      shards.add(s.toString());
    }
    Path merged = dir.resolve("merged");
    List<String> args = new ArrayList<>(List.of("merge", "--out", merged.toString()));
    args.addAll(shards);
    CliRun m = run(args.toArray(String[]::new));
    assertEquals(0, m.code(), m.err());
    CliRun r = linear(merged);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("(0 now, 6 already there)"), r.err());
    SweepFolders.assertSameResults(full, merged);
  }
}
