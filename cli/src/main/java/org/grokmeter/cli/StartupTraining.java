package org.grokmeter.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run of the start-up cache: the build runs it once, in a JVM that records what the
 * commands load and link (JDK 25's ahead-of-time cache, JEP 483/514/515), and the launcher starts every
 * later JVM from that record. It runs, in one process and into a scratch folder, a small instance of
 * each kind of work users start processes for: a linear sweep with its figures, a short MLP sweep with
 * its figures, a fit of a training log with its plot, a trend. What it computes is thrown away; only
 * the classes it touches matter (docs/performance.md, "Start-up").
 *
 * <p>{@code java -XX:AOTCacheOutput=CACHE [launcher options] -cp grokmeter.jar
 * org.grokmeter.cli.StartupTraining SCRATCH_DIR TRAINING_LOG}
 */
public final class StartupTraining {

  private StartupTraining() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: StartupTraining SCRATCH_DIR TRAINING_LOG");
      System.exit(2);
    }
    Path dir = Path.of(args[0]); // a new folder: bin/startup-cache.sh removes it before and after
    String log = args[1];
    Files.createDirectories(dir);
    org.grokmeter.cli.plot.Figure.prepare();
    run("--quiet", "linear", "--points", "6", "--out", dir.resolve("linear").toString());
    run("--quiet", "mlp", "--input-sizes", "25", "--seeds", "0:1", "--epochs", "30", "--threads", "2",
        "--out", dir.resolve("mlp").toString());
    run("--quiet", "fit", "--setting", "mlp", "--time", "epoch", "--train", "train_acc", "--val", "val_acc",
        "--plot", dir.resolve("fit.png").toString(), log);
    run("--quiet", "trend", dir.resolve("mlp").resolve("runs.csv").toString());
  }

  private static void run(String... args) {
    PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
    int code = Main.run(args, sink, new PrintWriter(System.err, true));
    if (code != ExitCode.OK) {
      // a training step that fails only makes the cache smaller: say so, and go on
      System.err.println("grokmeter start-up training: '" + String.join(" ", args) + "' exited with " + code);
    }
  }
}
