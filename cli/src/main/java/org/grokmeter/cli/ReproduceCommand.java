package org.grokmeter.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.grokmeter.Provenance;
import org.grokmeter.UserInputException;
import org.grokmeter.cli.io.Log;
import org.grokmeter.cli.io.RunsTable;
import org.grokmeter.experiment.Experiment;
import org.grokmeter.experiment.Experiments;
import org.grokmeter.experiment.ResultStore;
import org.grokmeter.experiment.Sweep;
import org.grokmeter.experiment.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code grokmeter reproduce}: the paper's experiments end to end — the linear setting in paper and
 * exact mode, the MLP sweep — then figures 1–6 (PNG and SVG) and {@code report.md}. Every stage is
 * an ordinary resumable sweep folder under {@code --out}, so an interrupted reproduction picks up
 * where it stopped.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
    description = {
        "Reproduce \"Measuring Sharpness in Grokking\": run the linear setting (paper and exact modes) and the"
            + " MLP sweep with the paper's parameters, then write figures 1-6 (PNG and SVG) and report.md.",
        "--quick runs a reduced MLP grid (input sizes 25,30,...,45 x seeds 0,1) and a coarser exact-mode"
            + " grid: a minute or two on 2 cores. Interrupted? Run the same command again: finished runs are kept."})
final class ReproduceCommand implements Callable<Integer> {

  @Option(names = "--out", defaultValue = "reproduction", paramLabel = "DIR",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--quick", description = "A small but real run: reduced MLP grid, coarser exact-mode grid.")
  boolean quick;

  @Option(names = "--threads", paramLabel = "N", description = "Runs in parallel (default: all cores).")
  Integer threads;

  /** Toy settings for the test suite: the whole pipeline in seconds. Not a reproduction. */
  @Option(names = "--tiny", hidden = true)
  boolean tiny;

  /** One sweep of the reproduction: which experiment, which values (command-line syntax), where. */
  record Stage(String title, String folder, String experiment, Map<String, String> values) {}

  static List<Stage> stages(boolean quick, boolean tiny) {
    List<Stage> s = new ArrayList<>();
    if (tiny) {
      s.add(new Stage("linear setting, paper mode (tiny)", "linear-paper", "linear",
          Map.of("mode", "paper", "lambdas", "1.003,1.01,1.02,1.03,1.05,1.07,1.1", "samples", "2000")));
      s.add(new Stage("linear setting, exact mode (tiny)", "linear-exact", "linear",
          Map.of("mode", "exact", "lambdas", "1.003,1.05,1.1", "samples", "200")));
      s.add(new Stage("MLP (tiny)", "mlp", "mlp",
          Map.of("input_sizes", "5:9", "seeds", "0,1", "epochs", "300", "hidden", "64", "lr", "0.05")));
      return s;
    }
    // Linear, paper mode: the paper's 120 lambdas in [1.003, 1.1], t = linspace(1, 5e3/(lambda-1)^2, 50 000)
    s.add(new Stage("linear setting, paper mode", "linear-paper", "linear", Map.of("mode", "paper")));
    // Linear, exact mode on the same lambdas: the Marchenko-Pastur curves. Validation accuracy never
    // rises for lambda > 1, which a 5 000-point grid shows as well as 50 000 (quadrature is the cost).
    s.add(new Stage("linear setting, exact mode", quick ? "linear-exact-quick" : "linear-exact", "linear",
        Map.of("mode", "exact", "samples", quick ? "1000" : "5000")));
    if (quick) {
      s.add(new Stage("MLP, reduced grid", "mlp-quick", "mlp",
          Map.of("input_sizes", "25:45:5", "seeds", "0,1")));
    } else {
      // The paper's sweep: n = 25..45 x seeds 0, 1, 2, 3000 epochs (the experiment's defaults)
      s.add(new Stage("MLP, the paper's sweep", "mlp", "mlp", Map.of()));
    }
    return s;
  }

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    int nThreads = threads == null ? Sweep.defaultThreads() : threads;
    if (nThreads < 1) {
      throw new UserInputException("--threads: must be at least 1, got " + nThreads);
    }
    ResultStore.createFolder(out);
    List<String[]> stageRows = new ArrayList<>();
    List<Stage> stages = stages(quick, tiny);
    for (Stage stage : stages) {
      Experiment experiment = Experiments.byName(stage.experiment());
      SweepSpec.Builder b = SweepSpec.builder(experiment);
      stage.values().forEach(b::parse);
      SweepSpec spec = b.build();
      SweepOptions o = new SweepOptions();
      o.out = out.resolve(stage.folder());
      o.threads = nThreads;
      o.shard = "0/1"; // a reproduction is one process, whatever a job array around it says
      Log.info("reproduce: " + stage.title() + " (" + spec.size() + " runs) -> " + o.out);
      long s0 = System.nanoTime();
      Sweep.Summary summary = SweepCli.run(experiment, spec, o);
      double seconds = (System.nanoTime() - s0) * 1e-9;
      double runSeconds = 0;
      for (double x : RunsTable.read(o.out.resolve("runs.csv")).numbers("seconds")) {
        runSeconds += x;
      }
      stageRows.add(new String[] {stage.title(), stage.folder(), Integer.toString(summary.total()),
          Integer.toString(summary.ran()), ReproductionReport.statuses(summary.statusCounts()),
          String.format(Locale.ROOT, "%.1f", seconds), String.format(Locale.ROOT, "%.1f", runSeconds),
          describe(stage.values())});
    }
    Path linearPaper = out.resolve(stages.get(0).folder());
    Path linearExact = out.resolve(stages.get(1).folder());
    Path mlp = out.resolve(stages.get(2).folder());
    double total = (System.nanoTime() - t0) * 1e-9;
    Log.info("reproduce: drawing figures 1-6 and writing the report");
    ReproductionReport.write(out, linearPaper, linearExact, mlp, quick, stageRows, started, total, nThreads);
    Log.info(String.format(Locale.ROOT, "reproduce: done in %.1f s; figures in %s, report in %s",
        (System.nanoTime() - t0) * 1e-9,
        out.resolve("figures"), out.resolve("report.md")));
    return ExitCode.OK;
  }

  private static String describe(Map<String, String> values) {
    if (values.isEmpty()) {
      return "the experiment's defaults (the paper's settings)";
    }
    List<String> parts = new ArrayList<>();
    new java.util.TreeMap<>(values).forEach((k, v) -> parts.add(k + " " + v));
    return String.join(", ", parts) + "; other parameters at the paper's values";
  }

  static void writeText(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static Map<String, String> provenance(int threads) {
    return Provenance.describe(threads);
  }
}
