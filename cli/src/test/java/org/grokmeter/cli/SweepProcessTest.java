package org.grokmeter.cli;

import static org.grokmeter.cli.SweepFolders.curves;
import static org.grokmeter.cli.SweepFolders.rows;
import static org.grokmeter.cli.SweepFolders.runsWithoutSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep as real processes: a JVM killed with SIGKILL mid-sweep and started again ends with the
 * rows of an uninterrupted sweep; three concurrent shard processes merge to the single-process
 * result.
 */
class SweepProcessTest {

  /** A tiny but real MLP sweep (24 runs of a width-16 network), long enough for a kill to land mid-sweep. */
  private static final String TINY_MLP = "experiment: mlp\ninput_sizes: 4:11\nseeds: [0, 1, 2]\nepochs: 40\nhidden: 16\n";

  @Test
  void killedWithSigkillAndRestartedEndsWithTheUninterruptedRows(@TempDir Path tmp) throws Exception {
    Path file = SweepCommandTest.write(tmp, "s.yaml", TINY_MLP);
    Path ref = tmp.resolve("ref");
    Process uninterrupted = start(tmp, "--quiet", "sweep", file.toString(), "--out", ref.toString(), "--threads", "2");
    assertTrue(uninterrupted.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, uninterrupted.exitValue(), log(tmp));

    Path out = tmp.resolve("out");
    for (int rowsBeforeKill : new int[] {3, 11}) {
      Process p = start(tmp, "sweep", file.toString(), "--out", out.toString(), "--threads", "2");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (rows(out) < rowsBeforeKill && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(p.isAlive(), "the sweep finished before it could be killed: " + log(tmp));
      p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
      p.waitFor(30, TimeUnit.SECONDS);
      assertTrue(rows(out) < 24, "killed before the end");
      assertTrue(Files.exists(out.resolve(".grokmeter.lock")), "a killed sweep leaves its (unlocked) lock file");
    }
    Process p = start(tmp, "sweep", file.toString(), "--out", out.toString(), "--threads", "2");
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "resumed sweep did not finish");
    assertEquals(0, p.exitValue(), log(tmp));
    assertTrue(log(tmp).contains("already done in this folder; resuming"), log(tmp));
    assertFalse(Files.exists(out.resolve(".grokmeter.lock")), "the finished sweep removes the lock file");
    assertEquals(runsWithoutSeconds(ref), runsWithoutSeconds(out));
    assertEquals(curves(ref), curves(out));
  }

  @Test
  void threeConcurrentShardProcessesMergeToTheSingleProcessResult(@TempDir Path tmp) throws Exception {
    Path file = SweepCommandTest.write(tmp, "s.yaml", "experiment: linear\nlambdas: {from: 1.003, to: 1.1, points: 20}\nsamples: 4000\n");
    Path single = tmp.resolve("single");
    CliRun r = CliRun.run("--quiet", "sweep", file.toString(), "--out", single.toString(), "--threads", "2");
    assertEquals(0, r.code(), r.err());
    List<Process> shards = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      shards.add(start(tmp, "--quiet", "sweep", file.toString(), "--out", tmp.resolve("shard" + i).toString(),
          "--threads", "1", "--shard", i + "/3"));
    }
    for (Process p : shards) {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), log(tmp));
    }
    CliRun m = CliRun.run("merge", "--out", tmp.resolve("merged").toString(), tmp.resolve("shard0").toString(),
        tmp.resolve("shard1").toString(), tmp.resolve("shard2").toString());
    assertEquals(0, m.code(), m.err());
    assertEquals(runsWithoutSeconds(single), runsWithoutSeconds(tmp.resolve("merged")));
    assertEquals(curves(single), curves(tmp.resolve("merged")));
  }

  /**
   * Starts the CLI in a child JVM with the test class path and the default (auto-selected) kernels:
   * the resumed sweep's runs are computed in other JVMs than the uninterrupted sweep's, so this also
   * checks that results do not depend on the JVM's JIT state.
   */
  static Process start(Path tmp, String... args) throws IOException {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true", "-Xmx256m", "-cp", cp,
        "org.grokmeter.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("child.log").toFile()));
    pb.environment().put("CI", "true");
    pb.environment().remove("SLURM_ARRAY_TASK_ID");
    pb.environment().remove("PBS_ARRAY_INDEX");
    return pb.start();
  }

  static String log(Path tmp) throws IOException {
    Path p = tmp.resolve("child.log");
    return Files.exists(p) ? Files.readString(p) : "";
  }
}
