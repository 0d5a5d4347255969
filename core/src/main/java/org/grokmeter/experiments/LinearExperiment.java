package org.grokmeter.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.grokmeter.experiment.Experiment;
import org.grokmeter.experiment.Parameter;
import org.grokmeter.experiment.RunOutcome;
import org.grokmeter.experiment.RunParams;
import org.grokmeter.fit.FitColumns;
import org.grokmeter.fit.FitResult;
import org.grokmeter.fit.GrokkingMeasures;
import org.grokmeter.fit.ThresholdTimes;
import org.grokmeter.linear.LeviCurves;
import org.grokmeter.linear.LinearLimits;

/**
 * The linear teacher–student setting as a sweep experiment ({@code experiment: linear}): one run is
 * one λ through {@link LinearPipeline#run} — the same curves, fits and measures as
 * {@code grokmeter linear}. Defaults are the paper's: paper mode, 120 λ evenly spaced in
 * [1.003, 1.1], η = 0.01, ε = 1e-10, 50 000 time points. {@code seed} (simulate mode's master seed)
 * is an explicit parameter, so a run's data do not depend on the sweep.
 *
 * <p>Curves files hold the run's grid thinned to at most {@value #CURVE_ROWS} evenly spaced rows
 * (another number with {@link #LinearExperiment(int)}, as {@code grokmeter linear --curve-points})
 * with the fitted S-curves beside the data; the fits themselves used every grid point.
 */
public final class LinearExperiment implements Experiment {

  /** Rows per curves file unless said otherwise. */
  public static final int CURVE_ROWS = 2000;

  private final int curveRows;

  /** Curves files of at most {@value #CURVE_ROWS} rows (what {@code grokmeter sweep} uses). */
  public LinearExperiment() {
    this(CURVE_ROWS);
  }

  /**
   * Curves files of at most {@code curveRows} evenly spaced rows; 0 keeps every grid point. Only the
   * curves files depend on it, never a result column.
   */
  public LinearExperiment(int curveRows) {
    if (curveRows < 0) {
      throw new IllegalArgumentException("curve rows must be >= 0, got " + curveRows);
    }
    this.curveRows = curveRows;
  }

  @Override
  public String name() {
    return "linear";
  }

  @Override
  public List<Parameter> parameters() {
    Parameter lambda = Parameter.real("lambda", "lambdas", 1.05).positive()
        .describedAs("lambda = d_in / N_tr (not 1)");
    return List.of(
        lambda.withDefaults(lambda.linspace(1.003, 1.1, 120)),
        Parameter.choice("mode", "mode", "paper", "paper", "exact", "simulate"),
        Parameter.real("eta", "eta", 0.01).positive(),
        Parameter.real("eps", "eps", 1e-10).positive(),
        Parameter.integer("samples", "samples", 50_000).atLeast(4),
        Parameter.integer("dim", "dim", 1000).atLeast(1),
        Parameter.integer("outputs", "outputs", 1).atLeast(1),
        Parameter.integer("val_samples", "val_samples", 1000).atLeast(1),
        Parameter.longInteger("seed", "seed", 0L),
        Parameter.real("weight_decay", "weight_decay", 0.0).atLeast(0));
  }

  @Override
  public List<String> resultColumns() {
    List<String> cols = new ArrayList<>(FitColumns.names(FitColumns.Detail.SUMMARY));
    cols.addAll(List.of("effective_lambda", "n_train", "max_train_acc", "max_val_acc", "final_log_train_loss",
        "final_log_val_loss"));
    return cols;
  }

  @Override
  public String runLabel(RunParams p) {
    return p.get("mode") + "_lambda_" + p.get("lambda");
  }

  @Override
  public void check(RunParams p) {
    if (p.getDouble("lambda") == 1.0) {
      throw new IllegalArgumentException("lambdas: 1.0 is not allowed (the time grid 5e3/(lambda-1)^2 is infinite)");
    }
    LinearLimits.check(LeviCurves.Mode.valueOf(p.get("mode").toUpperCase(Locale.ROOT)), p.getDouble("lambda"),
        p.getInt("samples"), p.getInt("dim"), p.getInt("outputs"), p.getInt("val_samples"));
  }

  @Override
  public long heapBytes(RunParams p) {
    return LinearLimits.heapBytes(LeviCurves.Mode.valueOf(p.get("mode").toUpperCase(Locale.ROOT)),
        p.getDouble("lambda"), p.getInt("samples"), p.getInt("dim"), p.getInt("outputs"), p.getInt("val_samples"));
  }

  static LinearPipeline.Options options(RunParams p, long seed) {
    return new LinearPipeline.Options(LeviCurves.Mode.valueOf(p.get("mode").toUpperCase(Locale.ROOT)),
        p.getDouble("eta"), p.getDouble("eps"), p.getInt("samples"), p.getInt("dim"), p.getInt("outputs"),
        p.getInt("val_samples"), seed, p.getDouble("weight_decay"));
  }

  @Override
  public RunOutcome run(RunParams p, long seed) {
    LinearPipeline.Run r = LinearPipeline.run(options(p, seed), p.getDouble("lambda"));
    FitResult tr = r.train();
    FitResult va = r.val();
    GrokkingMeasures m = r.measures();
    LinearPipeline.Curves c = r.curves();
    int n = c.t().length;
    int[] idx = thinned(n, curveRows);
    double[] t = pick(c.t(), idx);
    RunOutcome.Builder out = RunOutcome.builder();
    FitColumns.cells(FitColumns.all(tr, va, m, ThresholdTimes.of(c.t(), c.trainAccuracy()),
        ThresholdTimes.of(c.t(), c.valAccuracy()), FitColumns.Detail.SUMMARY)).forEach(out::put);
    return out.put("effective_lambda", r.effectiveLambda()).put("n_train", r.trainSize())
        .put("max_train_acc", max(c.trainAccuracy())).put("max_val_acc", max(c.valAccuracy()))
        .put("final_log_train_loss", c.logTrainLoss()[n - 1]).put("final_log_val_loss", c.logValLoss()[n - 1])
        .status(r.status())
        .curve("t", t).curve("log_train_loss", pick(c.logTrainLoss(), idx))
        .curve("log_val_loss", pick(c.logValLoss(), idx))
        .curve("train_acc", pick(c.trainAccuracy(), idx)).curve("val_acc", pick(c.valAccuracy(), idx))
        .curve("train_fit", fitted(tr, t)).curve("val_fit", fitted(va, t))
        .build();
  }

  /*
   * The thinning is split into small loops on purpose: one loop doing all seven columns, with the
   * fitted erf inlined, made the JIT compile run() as one large OSR unit (-XX:+CITime over the
   * default 120-lambda run: 2.9 s of compilation, 1.7 s with the small loops; main before the
   * engine: 1.8 s; one measurement each).
   */

  /**
   * {@code rows} evenly spaced indices of 0..n-1, both ends included; all n of them when rows is 0 or
   * at least n. The curves files and the figures drawn from them thin with this one rule.
   */
  public static int[] thinned(int n, int rows) {
    int m = rows == 0 || rows >= n ? n : rows;
    int[] idx = new int[m];
    for (int k = 0; k < m; k++) {
      idx[k] = m == n ? k : (int) Math.round((double) k * (n - 1) / (m - 1));
    }
    return idx;
  }

  private static double[] pick(double[] a, int[] idx) {
    double[] out = new double[idx.length];
    for (int k = 0; k < idx.length; k++) {
      out[k] = a[idx[k]];
    }
    return out;
  }

  /** The fitted S-curve at {@code t}, or NaN everywhere when the fit did not converge. */
  private static double[] fitted(FitResult fit, double[] t) {
    double[] out = new double[t.length];
    boolean converged = fit.status().isConverged();
    for (int k = 0; k < t.length; k++) {
      out[k] = converged ? fit.value(t[k]) : Double.NaN;
    }
    return out;
  }

  private static double max(double[] a) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : a) {
      m = Math.max(m, v);
    }
    return m;
  }
}
