package org.grokmeter.cli;

import static org.grokmeter.cli.CliRun.run;
import static org.grokmeter.cli.SweepFolders.runsWithoutSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.grokmeter.cli.io.RunsTable;
import org.grokmeter.experiment.SweepSpec;
import org.grokmeter.experiments.MlpExperiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MlpCommandTest {

  /** A small real sweep (small hidden width, larger lr so it groks in ~150 epochs): 4 runs. */
  private static final List<String> SMALL = List.of("mlp", "--input-sizes", "8:9", "--seeds", "0,1", "--epochs",
      "150", "--hidden", "64", "--lr", "0.1");

  private static CliRun mlp(Path out, String... more) {
    return run(SMALL, out, more);
  }

  @Test
  void smallSweepWritesEverything(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    CliRun r = mlp(out, "--threads", "2");
    assertEquals(0, r.code(), r.err());
    RunsTable runs = RunsTable.read(out.resolve("runs.csv"));
    assertTrue(runs.header().containsAll(List.of("input_size", "seed", "t_star_train", "s_train", "t_star_val",
        "s_val", "m", "R_rel", "R_abs", "t_first_train", "t_first_val", "status", "seconds")),
        runs.header().toString());
    assertEquals(4, runs.size());
    String[] order = {"8 0", "8 1", "9 0", "9 1"};
    for (int i = 0; i < 4; i++) {
      assertEquals(order[i], runs.text(i, "input_size") + " " + runs.text(i, "seed"));
      String status = runs.text(i, "status");
      assertTrue(status.startsWith("ok") || status.equals("did_not_grok") || status.startsWith("fit_failed"), status);
    }
    assertFalse(runs.ok().isEmpty(), "some run groks");
    List<String> curve = Files.readAllLines(out.resolve("curves").resolve("8_0.csv"));
    assertEquals("epoch,train_acc,val_acc,train_loss,val_loss", curve.get(0));
    assertEquals(151, curve.size());
    assertEquals(3, Files.readAllLines(out.resolve("trend.csv")).size());
    assertTrue(Files.readString(out.resolve("provenance.txt")).contains("kernels: "));
    assertTrue(Files.readString(out.resolve("config.txt")).contains("input_sizes=8,9\nseeds=0,1\n"));
    for (String f : new String[] {"figure2", "figure4", "figure5"}) {
      for (String ext : new String[] {"png", "svg", "pdf", "csv"}) {
        long size = Files.size(out.resolve("figures").resolve(f + "." + ext));
        assertTrue(size > 100 && size < 1_000_000, f + "." + ext + ": " + size);
      }
    }
    // every run with positive m and R is in Figure 2's data: the ones that grokked as dots, the others as crosses
    List<String> figure2 = Files.readAllLines(out.resolve("figures/figure2.csv"));
    long drawable = 0;
    for (int i = 0; i < runs.size(); i++) {
      boolean ok = runs.text(i, "status").startsWith("ok");
      drawable += ok && Double.isFinite(runs.number(i, "m")) || runs.number(i, "m") > 0 && runs.number(i, "R_rel") > 0
          && runs.number(i, "R_abs") > 0 ? 1 : 0;
    }
    assertEquals(drawable, figure2.stream().filter(l -> l.startsWith("1,")).count());

    // deterministic: the same sweep on one thread gives the same rows except the seconds column
    Path again = dir.resolve("again");
    CliRun r2 = run("--quiet", "mlp", "--input-sizes", "8,9", "--seeds", "1,0", "--epochs", "150",
        "--hidden", "64", "--lr", "0.1", "--threads", "1", "--no-figures", "--out", again.toString());
    assertEquals(0, r2.code(), r2.err());
    assertEquals(runsWithoutSeconds(out), runsWithoutSeconds(again));
    assertEquals(Files.readString(out.resolve("trend.csv")), Files.readString(again.resolve("trend.csv")));
  }

  /** Killed after 2 of 4 runs (and mid-write of a third row), the same command finishes the same folder. */
  @Test
  void aKilledSweepResumesWithoutLossOrDuplicates(@TempDir Path dir) throws Exception {
    Path full = dir.resolve("full");
    assertEquals(0, mlp(full, "--no-figures").code());

    Path out = dir.resolve("out");
    MlpCommand command = new MlpCommand();
    new CommandLine(command).parseArgs(withOut(out));
    MlpExperiment experiment = new MlpExperiment();
    SweepFolders.interrupted(experiment, command.spec(experiment), out, 2);
    List<String> before = Files.readAllLines(out.resolve("runs.csv"));
    assertEquals(4, before.size(), "header, 2 rows, a torn line");
    assertFalse(Files.exists(out.resolve("trend.csv")));

    CliRun r = mlp(out, "--no-figures");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("cut off a torn last line"), r.err());
    assertTrue(r.err().contains("4 runs done (2 now, 2 already there)"), r.err());
    SweepFolders.assertSameResults(full, out);
    List<String> after = Files.readAllLines(out.resolve("runs.csv"));
    assertEquals(4, new HashSet<>(after.subList(1, after.size()).stream()
        .map(l -> l.substring(l.lastIndexOf(',') + 1)).toList()).size(), "4 distinct run keys");
    for (String row : before.subList(1, 3)) {
      assertTrue(after.contains(row), "the rows finished before the kill are kept as they were: " + row);
    }

    // once complete, the same command again computes nothing and changes no row
    CliRun again = mlp(out, "--no-figures");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.err().contains("(0 now, 4 already there)"), again.err());
    assertEquals(after, Files.readAllLines(out.resolve("runs.csv")));
  }

  @Test
  void shardsMergeToTheWholeSweep(@TempDir Path dir) throws Exception {
    Path full = dir.resolve("full");
    assertEquals(0, mlp(full, "--no-figures").code());
    for (int i = 0; i < 2; i++) {
      CliRun r = mlp(dir.resolve("s" + i), "--no-figures", "--shard", i + "/2");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.err().contains("grokmeter merge"), "says how to finish: " + r.err());
      assertFalse(Files.exists(dir.resolve("s" + i).resolve("trend.csv")), "a shard has no trend");
      assertEquals(2, RunsTable.read(dir.resolve("s" + i).resolve("runs.csv")).size(), "only the shard's rows");
    }
    Path merged = dir.resolve("merged");
    CliRun m = run("merge", "--out", merged.toString(), dir.resolve("s0").toString(), dir.resolve("s1").toString());
    assertEquals(0, m.code(), m.err());
    assertEquals(runsWithoutSeconds(full), runsWithoutSeconds(merged));
    CliRun r = mlp(merged, "--no-figures");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("(0 now, 4 already there)"), r.err());
    SweepFolders.assertSameResults(full, merged);
  }

  private static String[] withOut(Path out) {
    List<String> args = new ArrayList<>(SMALL.subList(1, SMALL.size()));
    args.addAll(List.of("--out", out.toString()));
    return args.toArray(String[]::new);
  }

  @Test
  void badRangesAreExitTwoOnOneLine(@TempDir Path dir) {
    for (String[] args : new String[][] {
        {"mlp", "--input-sizes", "30:25", "--out", dir.toString()},
        {"mlp", "--input-sizes", "a:b", "--out", dir.toString()},
        {"mlp", "--seeds", "1,1", "--out", dir.toString()},
        {"mlp", "--input-sizes", "2", "--out", dir.toString()},
        {"mlp", "--epochs", "3", "--out", dir.toString()},
        {"mlp", "--threads", "0", "--out", dir.toString()},
        {"mlp", "--shard", "2/2", "--out", dir.toString()}}) {
      CliRun r = run(args);
      assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("grokmeter: --"), "names the option: " + r.err());
    }
  }

  @Test
  void rangeSyntaxAndOrderDoNotChangeTheSweep() {
    MlpExperiment e = new MlpExperiment();
    SweepSpec a = spec("--input-sizes", "25:27", "--seeds", "2,0,1");
    SweepSpec b = spec("--input-sizes", "25,26,27", "--seeds", "0:2");
    assertEquals(a.sweepId(), b.sweepId());
    assertEquals(List.of("25", "26", "27"), a.axes().get("input_size"));
    assertEquals(List.of("0", "1", "2"), a.axes().get("seed"));
    assertEquals(List.of("0.01"), a.axes().get("lr"));
    assertEquals(SweepSpec.builder(e).build().sweepId(), spec().sweepId(), "defaults are the paper's sweep");
  }

  private static SweepSpec spec(String... args) {
    MlpCommand c = new MlpCommand();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--out", "unused"));
    new CommandLine(c).parseArgs(all.toArray(String[]::new));
    return c.spec(new MlpExperiment());
  }
}
