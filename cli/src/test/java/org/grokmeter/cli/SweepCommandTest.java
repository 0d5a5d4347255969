package org.grokmeter.cli;

import static org.grokmeter.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.grokmeter.cli.io.RunsTable;

class SweepCommandTest {

  static Path write(Path dir, String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void yamlAndJsonDescribeTheSameSweep(@TempDir Path tmp) throws Exception {
    Path yaml = write(tmp, "s.yaml", "experiment: mlp\ninput_sizes: 4:6\nseeds: [0, 1]\nepochs: 6\nhidden: 8\n"
        + "lr: 5e-2\n");
    Path json = write(tmp, "s.json", "{\"experiment\": \"mlp\", \"input_sizes\": [4, \"5:6\"], \"seeds\": \"0,1\","
        + " \"epochs\": 6, \"hidden\": 8, \"lr\": 0.05}");
    CliRun a = run("--quiet", "sweep", yaml.toString(), "--out", tmp.resolve("a").toString(), "--threads", "2");
    assertEquals(0, a.code(), a.err());
    CliRun b = run("sweep", json.toString(), "--out", tmp.resolve("b").toString(), "--threads", "1");
    assertEquals(0, b.code(), b.err());
    assertTrue(b.err().contains("6 runs done"), b.err());
    assertEquals(Files.readString(tmp.resolve("a/store.properties")), Files.readString(tmp.resolve("b/store.properties")));
    assertEquals(7, Files.readAllLines(tmp.resolve("a/runs.csv")).size());
    // the resolved config is itself a sweep file of the same sweep
    CliRun c = run("--quiet", "sweep", tmp.resolve("a/sweep.yaml").toString(), "--out", tmp.resolve("a").toString());
    assertEquals(0, c.code(), c.err());
  }

  /** A sweep and the experiment's own command run the same per-run code: the same numbers, to the bit. */
  @Test
  void sweepGivesTheSameNumbersAsTheExperimentCommands(@TempDir Path tmp) throws Exception {
    Path mlpFile = write(tmp, "mlp.yaml", "experiment: mlp\ninput_sizes: 5,6\nseeds: 1\nepochs: 60\nhidden: 24\n");
    assertEquals(0, run("--quiet", "sweep", mlpFile.toString(), "--out", tmp.resolve("ms").toString()).code());
    assertEquals(0, run("--quiet", "mlp", "--input-sizes", "5,6", "--seeds", "1", "--epochs", "60", "--hidden", "24",
        "--no-figures", "--out", tmp.resolve("mc").toString()).code());
    assertSameColumns(tmp.resolve("ms/runs.csv"), tmp.resolve("mc/runs.csv"),
        "input_size", "seed", "t_star_train", "s_train", "t_star_val", "s_val", "m", "R_rel", "R_abs", "status");

    Path linFile = write(tmp, "lin.yaml", "experiment: linear\nlambda_min: 1.01\nlambda_max: 1.09\npoints: 3\n"
        + "samples: 3000\n");
    assertEquals(0, run("--quiet", "sweep", linFile.toString(), "--out", tmp.resolve("ls").toString()).code());
    assertEquals(0, run("--quiet", "linear", "--lambda-min", "1.01", "--lambda-max", "1.09", "--points", "3",
        "--samples", "3000", "--no-figures", "--out", tmp.resolve("lc").toString()).code());
    assertSameColumns(tmp.resolve("ls/runs.csv"), tmp.resolve("lc/runs.csv"),
        "lambda", "t_star_train", "s_train", "t_star_val", "s_val", "m", "R_rel", "R_abs", "status");
  }

  @Test
  void anEvenlySpacedAxisCanBeWrittenLikeTheCommandLine(@TempDir Path tmp) throws Exception {
    String ids = "";
    for (String axis : List.of("lambdas: {from: 1.003, to: 1.1, points: 120}", "points: 120", "lambda_min: 1.003",
        "lambda_max: 1.1\npoints: 120", "")) {
      Path f = write(tmp, "l.yaml", "experiment: linear\nsamples: 100\n" + axis + "\n");
      org.grokmeter.experiment.SweepSpec spec = SweepFile.read(f, org.grokmeter.experiment.Experiments::byName);
      ids += spec.sweepId() + " ";
      assertEquals(120, spec.size(), axis);
    }
    assertEquals(1, java.util.Arrays.stream(ids.strip().split(" ")).distinct().count(), ids);
    Path f = write(tmp, "l.yaml", "experiment: linear\nlambda_min: 1.05\npoints: 2\n");
    assertEquals(List.of("1.05", "1.1"), SweepFile.read(f, org.grokmeter.experiment.Experiments::byName)
        .axes().get("lambda"));
  }

  /**
   * The resolved sweep.yaml of a grid whose full lists would pass the 1 MiB a sweep file may have is
   * written with ranges and {from, to, points}, and reads back as the same sweep.
   */
  @Test
  void aLongResolvedSweepStaysReadable(@TempDir Path tmp) throws Exception {
    for (String text : List.of("experiment: mlp\ninput_sizes: 3\nseeds: [0:149999, 200000:249999:7, 5000001]\n",
        "experiment: linear\nlambdas: {from: 1.01, to: 1.5, points: 60000}\nsamples: [5, 6]\n")) {
      Path f = write(tmp, "long.yaml", text);
      org.grokmeter.experiment.SweepSpec spec = SweepFile.read(f, org.grokmeter.experiment.Experiments::byName);
      String yaml = spec.toYaml();
      assertTrue(yaml.length() < org.grokmeter.experiment.SweepSpec.MAX_YAML_BYTES / 8, yaml.length() + " bytes");
      Path back = write(tmp, "back.yaml", "# a comment as the tool writes\n" + yaml);
      org.grokmeter.experiment.SweepSpec read = SweepFile.read(back, org.grokmeter.experiment.Experiments::byName);
      assertEquals(spec.axes(), read.axes());
      assertEquals(spec.sweepId(), read.sweepId());
    }
  }

  private static void assertSameColumns(Path a, Path b, String... columns) throws Exception {
    RunsTable ta = RunsTable.read(a);
    RunsTable tb = RunsTable.read(b);
    assertEquals(tb.size(), ta.size());
    for (int i = 0; i < ta.size(); i++) {
      for (String c : columns) {
        assertEquals(tb.text(i, c), ta.text(i, c), "row " + i + " column " + c);
      }
    }
  }

  @Test
  void badSweepFilesExitTwoWithOneLineNamingKeyAndPlace(@TempDir Path tmp) throws Exception {
    assertBad(tmp, "experiment: mlp\nwidths: [1, 2]\n", "s.yaml:2:1: unknown key 'widths' for experiment mlp");
    assertBad(tmp, "experiment: mlp\nlr: [0.1, -0.5]\n", "s.yaml:2:11: lr: -0.5 must be > 0");
    assertBad(tmp, "experiment: mlp\nbatch: 0\n", "s.yaml:2:8: batch: 0 must be >= 1");
    assertBad(tmp, "experiment: mlp\ninput_sizes: 2\n", "s.yaml:2:14: input_sizes: 2 must be >= 3");
    assertBad(tmp, "experiment: mlp\ninput_sizes: 45:25\n", "s.yaml:2:14: input_sizes: empty range '45:25'");
    assertBad(tmp, "experiment: mlp\nseeds: []\n", "s.yaml:2:8: seeds: empty list");
    assertBad(tmp, "experiment: mlp\nepochs: ten\n", "s.yaml:2:9: epochs: 'ten' is not an integer");
    assertBad(tmp, "experiment: mlp\nseeds: 1\nseeds: 2\n", "s.yaml:3:1: key 'seeds' appears twice");
    assertBad(tmp, "experiment: linear\neps: 0\n", "s.yaml:2:6: eps: 0 must be > 0");
    assertBad(tmp, "experiment: linear\nlambdas: [0.5, -1]\n", "s.yaml:2:16: lambdas: -1 must be > 0");
    assertBad(tmp, "experiment: linear\nlambdas: [0.5, 1]\n", "lambdas: 1.0 is not allowed");
    assertBad(tmp, "experiment: linear\nmode: fast\n", "s.yaml:2:7: mode: 'fast' is not one of paper, exact, simulate");
    assertBad(tmp, "experiment: nope\n", "s.yaml:1:13: experiment: unknown experiment 'nope'");
    assertBad(tmp, "seeds: 1\n", "s.yaml: missing key 'experiment'");
    assertBad(tmp, "- 1\n- 2\n", "s.yaml: a sweep file is a mapping");
    assertBad(tmp, "experiment: mlp\nseeds: !!binary AAAA\n", "s.yaml:2:8: type tags are not allowed");
    assertBad(tmp, "experiment: linear\nmode: !!java.io.File /etc\n", "s.yaml:2:7: type tags are not allowed");
    assertBad(tmp, "experiment: mlp\nseeds: [1, 2\n", "not valid YAML/JSON");
    assertBad(tmp, "experiment: mlp\nlr: {from: 0.1, to: 0.2}\n", "s.yaml:2:5: lr: a spaced range needs from, to and points");
    assertBad(tmp, "experiment: mlp\nepochs: {from: 1, to: 2, points: 2}\n", "epochs: {from, to, points} is for real-valued");
    assertBad(tmp, "experiment: linear\nlambda_min: 1.2\nlambda_max: 1.1\n", "s.yaml:3:13: lambda_max must be >= lambda_min");
    assertBad(tmp, "experiment: linear\npoints: 0\n", "s.yaml:2:9: points: 0 must be a whole number");
    assertBad(tmp, "experiment: mlp\npoints: 5\n", "s.yaml:2:9: points: no evenly spaced axis");
  }

  @Test
  void aFolderOfAnotherSweepIsRefused(@TempDir Path tmp) throws Exception {
    Path s1 = write(tmp, "one.yaml", "experiment: linear\nlambdas: 1.05\nsamples: 500\n");
    Path s2 = write(tmp, "two.yaml", "experiment: linear\nlambdas: 1.06\nsamples: 500\n");
    assertEquals(0, run("--quiet", "sweep", s1.toString(), "--out", tmp.resolve("o").toString()).code());
    CliRun r = run("sweep", s2.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("belongs to a different sweep"), r.err());
    CliRun shard = run("sweep", s1.toString(), "--out", tmp.resolve("p").toString(), "--shard", "3/3");
    assertEquals(2, shard.code());
    assertTrue(shard.err().contains("--shard: shard 3/3: need 0 <= i < N"), shard.err());
  }

  @Test
  void mergeReportsMissingShards(@TempDir Path tmp) throws Exception {
    Path s = write(tmp, "s.yaml", "experiment: linear\nlambdas: {from: 1.01, to: 1.1, points: 4}\nsamples: 500\n");
    for (int i = 0; i < 2; i++) {
      CliRun r = run("--quiet", "sweep", s.toString(), "--out", tmp.resolve("s" + i).toString(), "--shard", i + "/3");
      assertEquals(0, r.code(), r.err());
    }
    CliRun m = run("merge", "--out", tmp.resolve("m").toString(), tmp.resolve("s0").toString(),
        tmp.resolve("s1").toString());
    assertEquals(1, m.code());
    String err = m.err();
    assertTrue(err.contains("no folder for shard(s) [2]") && err.contains("runs missing"), err);
    CliRun bad = run("merge", "--out", tmp.resolve("m2").toString(), tmp.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("is not a grokmeter sweep folder"), bad.err());
  }

  private static void assertBad(Path tmp, String text, String expected) throws Exception {
    Path f = write(tmp, "s.yaml", text);
    CliRun r = run("sweep", f.toString(), "--out", tmp.resolve("never").toString());
    String err = r.err().strip();
    assertEquals(2, r.code(), err);
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
    assertTrue(Files.notExists(tmp.resolve("never")), "nothing written for bad input");
  }
}
