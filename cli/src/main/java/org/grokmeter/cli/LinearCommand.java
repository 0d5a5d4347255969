package org.grokmeter.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.grokmeter.UserInputException;
import org.grokmeter.cli.linear.LinearReport;
import org.grokmeter.experiment.Sweep;
import org.grokmeter.experiment.SweepSpec;
import org.grokmeter.experiments.LinearExperiment;
import org.grokmeter.experiments.LinearPipeline;
import org.grokmeter.linear.LeviCurves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code grokmeter linear}: the paper's linear-setting sweep (Figure 1, 3 and 6) in paper, exact or
 * simulate mode. Defaults reproduce the paper. The runs go through the sweep engine
 * ({@link LinearExperiment}, the same code as {@code grokmeter sweep} with {@code experiment: linear}):
 * the output folder is a resumable result store and {@code --shard} splits the λ grid; once the folder
 * holds every λ, {@link LinearReport} adds {@code trend.csv}, {@code config.txt} and the figures.
 */
@Command(name = "linear", mixinStandardHelpOptions = true,
    header = "The linear teacher-student setting over a lambda range: curves, erf fits, trends, figures.",
    description = {"Sweep lambda in the linear teacher-student setting, fit the erf S-curves (a = b = 1/2) and"
            + " write runs.csv, curves/, trend.csv, provenance.txt and figures/ into --out. Defaults reproduce"
            + " the paper.",
        "Resumable: run the same command again after an interruption and only unfinished lambdas are computed.",
        "--shard i/N (or a SLURM/PBS job array) runs a 1/N slice; 'grokmeter merge --out DIR SHARD_DIR...'"
            + " combines the slices, and this command with --out DIR then writes trend.csv and the figures."})
public final class LinearCommand implements Callable<Integer> {

  @Option(names = "--mode", defaultValue = "paper",
      description = "paper (the paper's asymptotic formulas), exact (Marchenko-Pastur) or simulate (default: ${DEFAULT-VALUE}).")
  LeviCurves.Mode mode;

  @Option(names = "--lambda-min", defaultValue = "1.003", description = "Smallest lambda (default: ${DEFAULT-VALUE}).")
  double lambdaMin;

  @Option(names = "--lambda-max", defaultValue = "1.1", description = "Largest lambda (default: ${DEFAULT-VALUE}).")
  double lambdaMax;

  @Option(names = "--points", defaultValue = "120", description = "Number of lambda values, evenly spaced (default: ${DEFAULT-VALUE}).")
  int points;

  @Option(names = "--eta", defaultValue = "0.01", description = "Learning rate (default: ${DEFAULT-VALUE}).")
  double eta;

  @Option(names = "--eps", defaultValue = "1e-10", description = "Accuracy threshold on the squared error (default: ${DEFAULT-VALUE}).")
  double eps;

  @Option(names = "--samples", description = "Time-grid points per curve (default: 50000; 2000 in simulate mode).")
  Integer samples;

  @Option(names = "--dim", defaultValue = "1000", description = "simulate: input dimension d (default: ${DEFAULT-VALUE}).")
  int dim;

  @Option(names = "--outputs", defaultValue = "1", description = "simulate: output dimension d_out (default: ${DEFAULT-VALUE}).")
  int outputs;

  @Option(names = "--val-samples", defaultValue = "1000",
      description = "simulate: fresh samples for validation accuracy (default: ${DEFAULT-VALUE}).")
  int valSamples;

  @Option(names = "--seed", defaultValue = "0", description = "simulate: master seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--weight-decay", defaultValue = "0", description = "simulate: weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--curve-points", defaultValue = "2000",
      description = "Rows per curves/ file, evenly thinned; 0 = every grid point (default: ${DEFAULT-VALUE}).")
  int curvePoints;

  @Option(names = "--no-figures", description = "Skip the figures (CSV output only).")
  boolean noFigures;

  @Mixin
  SweepOptions sweep;

  @Override
  public Integer call() throws Exception {
    if (points < 1) {
      throw new UserInputException("--points must be >= 1, got " + points);
    }
    if (!(lambdaMin > 0) || !(lambdaMax >= lambdaMin) || Double.isInfinite(lambdaMax)) {
      throw new UserInputException("--lambda-min/--lambda-max must satisfy 0 < min <= max, got " + lambdaMin + ", " + lambdaMax);
    }
    if (lambdaMin <= 1 && lambdaMax >= 1) {
      throw new UserInputException("the lambda range [" + lambdaMin + ", " + lambdaMax
          + "] contains 1, where the time grid 5e3/(lambda-1)^2 is infinite; run each side separately");
    }
    if (curvePoints < 0) {
      throw new UserInputException("--curve-points must be >= 0, got " + curvePoints);
    }
    LinearExperiment experiment = new LinearExperiment(curvePoints);
    SweepSpec spec = spec(experiment);
    LinearReport.checkCurvePoints(sweep.out, curvePoints);
    Sweep.Summary s = SweepCli.run(experiment, spec, sweep,
        Map.of(LinearReport.CURVE_POINTS, Integer.toString(curvePoints)));
    if (SweepCli.holdsWholeGrid(experiment, s, sweep)) {
      LinearReport.write(sweep.out, spec, curvePoints, !noFigures);
    }
    return s.complete() ? ExitCode.OK : ExitCode.FAILURE;
  }

  /** The sweep the options describe: one run per lambda = linspace(min, max, points), in lambda order. */
  SweepSpec spec(LinearExperiment experiment) {
    int grid = samples != null ? samples : (mode == LeviCurves.Mode.SIMULATE ? 2000 : 50_000);
    return SweepCli.spec(experiment, b -> b
        .linspace("lambdas", lambdaMin, lambdaMax, points)
        .values("mode", List.of(LinearPipeline.modeName(mode)))
        .values("eta", List.of(eta))
        .values("eps", List.of(eps))
        .values("samples", List.of(grid))
        .values("dim", List.of(dim))
        .values("outputs", List.of(outputs))
        .values("val_samples", List.of(valSamples))
        .values("seed", List.of(seed))
        .values("weight_decay", List.of(weightDecay)));
  }
}
