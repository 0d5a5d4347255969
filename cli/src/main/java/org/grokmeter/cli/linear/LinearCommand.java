package org.grokmeter.cli.linear;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.grokmeter.cli.Main;
import org.grokmeter.cli.UserInputException;
import org.grokmeter.linear.LeviCurves;
import org.grokmeter.linear.LinearPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code grokmeter linear}: the paper's linear-setting sweep (Figure 1, 3 and 6) in paper, exact or
 * simulate mode. Defaults reproduce the paper. See {@link LinearReport} for what is written.
 */
@Command(name = "linear", mixinStandardHelpOptions = true,
    header = "The linear teacher-student setting over a lambda range: curves, erf fits, trends, figures.",
    description = {"Sweep lambda in the linear teacher-student setting, fit the erf S-curves (a = b = 1/2) and",
        "write runs.csv, curves/, trend.csv, provenance.txt and figures/ into --out. Defaults reproduce the paper."})
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

  @Option(names = "--threads", description = "Worker threads, one lambda each (default: all cores).")
  Integer threads;

  @Option(names = "--curve-points", defaultValue = "2000",
      description = "Rows per curves/ file, evenly thinned; 0 = every grid point (default: ${DEFAULT-VALUE}).")
  int curvePoints;

  @Option(names = "--no-figures", description = "Skip the figures (CSV output only).")
  boolean noFigures;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Override
  public Integer call() {
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (n < 1) {
      throw new UserInputException("--threads must be >= 1, got " + n);
    }
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
    int grid = samples != null ? samples : (mode == LeviCurves.Mode.SIMULATE ? 2000 : 50_000);
    LinearPipeline.Options o;
    try {
      o = new LinearPipeline.Options(mode, eta, eps, grid, dim, outputs, valSamples, seed, weightDecay);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    double[] lambdas = LinearPipeline.lambdaGrid(lambdaMin, lambdaMax, points);
    LinearReport.execute(new LinearReport.Settings(o, lambdas, !noFigures, curvePoints), out, n);
    return Main.EXIT_OK;
  }
}
