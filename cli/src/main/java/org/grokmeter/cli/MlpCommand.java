package org.grokmeter.cli;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.grokmeter.cli.mlp.MlpReport;
import org.grokmeter.experiment.Sweep;
import org.grokmeter.experiment.SweepSpec;
import org.grokmeter.experiments.MlpExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grokmeter mlp}: the paper's MLP sweep (Figures 2, 4, 5). Defaults reproduce the paper. The
 * runs go through the sweep engine ({@link MlpExperiment}, the same code as {@code grokmeter sweep}
 * with {@code experiment: mlp}): the output folder is a resumable result store, {@code --shard}
 * splits the grid over a cluster, and once the folder holds every run {@link MlpReport} adds
 * {@code trend.csv}, {@code config.txt} and the figures.
 */
@Command(name = "mlp", mixinStandardHelpOptions = true,
    header = "Train the concealed-parity MLP sweep, fit its curves, write runs, trends and figures.",
    description = {"Train the concealed-parity MLP over input sizes and seeds, fit the accuracy curves"
            + " (erf, a = 1/4, b = 3/4) and write runs.csv, curves/, trend.csv and the figures. Defaults reproduce"
            + " the paper's sweep (n = 25..45, seeds 0,1,2: 63 runs).",
        "Resumable: run the same command again after an interruption and only unfinished runs are computed.",
        "--shard i/N (or a SLURM/PBS job array) runs a 1/N slice; 'grokmeter merge --out DIR SHARD_DIR...'"
            + " combines the slices, and this command with --out DIR then writes trend.csv and the figures."})
final class MlpCommand implements Callable<Integer> {

  @Option(names = "--input-sizes", defaultValue = "25:45", paramLabel = "LIST",
      description = "Input sizes n: A:B (inclusive), a single value or a comma list (default ${DEFAULT-VALUE}).")
  String inputSizes;

  @Option(names = "--seeds", defaultValue = "0,1,2", paramLabel = "LIST",
      description = "Seeds, same syntax (default ${DEFAULT-VALUE}).")
  String seeds;

  @Option(names = "--epochs", defaultValue = "3000", description = "Epochs per run (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--hidden", defaultValue = "1000", description = "Hidden width (default ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--lr", defaultValue = "0.01", description = "SGD learning rate (default ${DEFAULT-VALUE}).")
  float lr;

  @Option(names = "--weight-decay", defaultValue = "0.01",
      description = "Weight decay added to the gradient (default ${DEFAULT-VALUE}).")
  float weightDecay;

  @Option(names = "--batch", defaultValue = "32", description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--no-figures", description = "Skip the figures.")
  boolean noFigures;

  @Mixin
  SweepOptions sweep;

  @Override
  public Integer call() throws Exception {
    MlpExperiment experiment = new MlpExperiment();
    SweepSpec spec = spec(experiment);
    Sweep.Summary s = SweepCli.run(experiment, spec, sweep);
    if (SweepCli.holdsWholeGrid(experiment, s, sweep)) {
      MlpReport.write(sweep.out, spec, !noFigures);
    }
    return s.complete() ? ExitCode.OK : ExitCode.FAILURE;
  }

  /**
   * The sweep the options describe. Input sizes and seeds are sorted, so runs.csv is in (input size,
   * seed) order and "--seeds 2,0,1" is the same sweep (the same folder) as "--seeds 0,1,2". Floats
   * go in as their shortest decimal, which the experiment reads back to the same float.
   */
  SweepSpec spec(MlpExperiment experiment) {
    return SweepCli.spec(experiment, b -> b
        .values("input_sizes", ascending(b.parameter("input_sizes").parseList(inputSizes)))
        .values("seeds", ascending(b.parameter("seeds").parseList(seeds)))
        .values("epochs", List.of(epochs))
        .values("hidden", List.of(hidden))
        .values("lr", List.of(Float.toString(lr)))
        .values("weight_decay", List.of(Float.toString(weightDecay)))
        .values("batch", List.of(batch)));
  }

  private static List<String> ascending(List<String> integers) {
    return integers.stream().sorted(Comparator.comparingLong(Long::parseLong)).toList();
  }
}
