package org.grokmeter.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.grokmeter.data.GaussianTeacherStudent;
import org.grokmeter.fit.FitResult;
import org.grokmeter.fit.GrokkingMeasures;
import org.grokmeter.fit.WindowedErfFitter;
import org.grokmeter.linear.ExactCurves;
import org.grokmeter.linear.LeviCurves;
import org.grokmeter.linear.LinearMath;
import org.grokmeter.linear.PaperCurves;
import org.grokmeter.linear.TeacherStudentSimulation;

/**
 * The per-λ pipeline of the linear setting, as the paper runs it for its Figure 1: sample the
 * accuracy curves on a time grid, fit both with A(t) = ½·erf(s(t − t*)) + ½ from the paper's start
 * (s = 1/t_max, t* = t_max/5) with the automatic fallback start, and derive m, R_rel, R_abs.
 * The fits use {@link WindowedErfFitter} (the paper's least-squares problem, evaluated only over the
 * transition window; it hands over to {@code CurveFitter.fitWithFallback} when the paper's start fails).
 *
 * <p>Time grid, every mode and both sides of λ = 1: t = linspace(1, t_max, samples) with
 * t_max = 5·10³/(λ − 1)² (the paper's grid). Its end is where x = 4(√λ − 1)²ηt reaches
 * 50·(2/(1 + √λ))² ≥ 50 (for η = 0.01), so the paper-mode and exact-mode transitions (x ≈ 15–25 at
 * ε = 1e-10) are always inside. Stateless and thread-safe; results depend only on the options and λ.
 */
public final class LinearPipeline {

  /** Amplitude and offset of the linear setting's fits: accuracy from 0 to 1 (docs/method.md). */
  public static final double AMPLITUDE = 0.5;
  public static final double OFFSET = 0.5;

  private LinearPipeline() {}

  /**
   * Options of a linear-setting computation. Defaults ({@link #paper()}) reproduce the paper.
   *
   * @param mode paper, exact or simulate
   * @param eta learning rate η
   * @param eps accuracy threshold ε on the squared error
   * @param samples points of the time grid
   * @param dim simulate: d_in
   * @param outputs simulate: d_out
   * @param validationSamples simulate: fresh samples for validation accuracy
   * @param seed simulate: master seed (each λ's data seed is derived from it and λ)
   * @param weightDecay simulate: weight decay γ
   */
  public record Options(LeviCurves.Mode mode, double eta, double eps, int samples, int dim, int outputs,
                        int validationSamples, long seed, double weightDecay) {

    public Options {
      LeviCurves.checkParameters(1.0, eta);
      if (!(eps > 0) || Double.isInfinite(eps)) {
        throw new IllegalArgumentException("eps must be a positive finite number, got " + eps);
      }
      if (samples < 4) {
        throw new IllegalArgumentException("samples must be at least 4, got " + samples);
      }
      if (dim < 1 || outputs < 1 || validationSamples < 1) {
        throw new IllegalArgumentException("dim, outputs and validation samples must be >= 1");
      }
      if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
        throw new IllegalArgumentException("weight decay must be a finite number >= 0, got " + weightDecay);
      }
    }

    /** The paper's setting: paper mode, η = 0.01, ε = 1e-10, 50 000 points. */
    public static Options paper() {
      return new Options(LeviCurves.Mode.PAPER, 0.01, 1e-10, 50_000, 1000, 1, 1000, 0, 0);
    }

    public Options withMode(LeviCurves.Mode m) {
      return new Options(m, eta, eps, samples, dim, outputs, validationSamples, seed, weightDecay);
    }

    public Options withSamples(int n) {
      return new Options(mode, eta, eps, n, dim, outputs, validationSamples, seed, weightDecay);
    }
  }

  /** Curves of one λ on its grid: natural-log losses and accuracies. */
  public record Curves(double lambda, double[] t, double[] logTrainLoss, double[] logValLoss,
                       double[] trainAccuracy, double[] valAccuracy) {}

  /**
   * One λ's result.
   *
   * @param lambda the requested λ
   * @param effectiveLambda d/N_tr actually simulated (simulate mode; otherwise = lambda)
   * @param trainSize simulate: N_tr (0 otherwise)
   * @param status "ok" when both fits converged (from the paper's start or the fallback), otherwise
   *     which fit failed and how, e.g. {@code val_not_an_s_curve}
   */
  public record Run(double lambda, double effectiveLambda, int trainSize, Curves curves, FitResult train,
                    FitResult val, GrokkingMeasures measures, String status) {

    public boolean valid() {
      return measures.valid();
    }
  }

  /** t_max = 5·10³/(λ − 1)², the end of the paper's grid. */
  public static double tMax(double lambda) {
    if (lambda == 1.0) {
      throw new IllegalArgumentException("lambda = 1 has no finite time scale (t_max = 5e3/(lambda-1)^2)");
    }
    return 5e3 / ((lambda - 1) * (lambda - 1));
  }

  /** t = linspace(1, t_max, samples), computed as numpy does (start + i·step, last point exact). */
  public static double[] timeGrid(double lambda, int samples) {
    double end = tMax(lambda);
    double[] t = new double[samples];
    double step = (end - 1) / (samples - 1);
    for (int i = 0; i < samples; i++) {
      t[i] = 1 + i * step;
    }
    t[samples - 1] = end;
    return t;
  }

  /** λ = linspace(min, max, points), as the paper's grid (numpy's linspace). */
  public static double[] lambdaGrid(double min, double max, int points) {
    if (points < 1) {
      throw new IllegalArgumentException("points must be >= 1, got " + points);
    }
    double[] l = new double[points];
    if (points == 1) {
      l[0] = min;
      return l;
    }
    double step = (max - min) / (points - 1);
    for (int i = 0; i < points; i++) {
      l[i] = min + i * step;
    }
    l[points - 1] = max;
    return l;
  }

  /** The curves of one λ in the options' mode. */
  public static Curves curves(Options o, double lambda) {
    return switch (o.mode()) {
      case PAPER -> closedForm(new PaperCurves(lambda, o.eta()), o, lambda);
      case EXACT -> closedForm(new ExactCurves(lambda, o.eta()), o, lambda);
      case SIMULATE -> simulate(o, lambda).curves();
    };
  }

  private static Curves closedForm(LeviCurves c, Options o, double lambda) {
    double[] t = timeGrid(lambda, o.samples());
    int n = t.length;
    double[] lt = new double[n];
    double[] lg = new double[n];
    c.evaluate(t, lt, lg);
    double[] at = new double[n];
    double[] ag = new double[n];
    double h = LinearMath.halfLogThreshold(o.eps());
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(lt[i]) || Double.isNaN(lg[i])) {
        throw new IllegalStateException("NaN loss at lambda=" + lambda + " t=" + t[i]);
      }
      at[i] = LinearMath.accuracyFromHalfLogThreshold(h, lt[i]);
      ag[i] = LinearMath.accuracyFromHalfLogThreshold(h, lg[i]);
    }
    return new Curves(lambda, t, lt, lg, at, ag);
  }

  /** Simulated curves and the data size used. */
  public record Simulated(Curves curves, int trainSize, double effectiveLambda) {}

  /**
   * Simulate mode: N_tr = round(d/λ) training samples, gradient descent evaluated on the grid by the
   * spectral path (exact GD, ρ^t), accuracies on the training samples and on fresh validation samples.
   * The data seed is derived from the master seed and λ's bits, so it does not depend on the grid.
   */
  public static Simulated simulate(Options o, double lambda) {
    int n = (int) Math.max(1, Math.round(o.dim() / lambda));
    long seed = o.seed() ^ (Double.doubleToLongBits(lambda) * 0xBF58476D1CE4E5B9L);
    GaussianTeacherStudent data = GaussianTeacherStudent.generate(seed, o.dim(), n, o.validationSamples(), o.outputs());
    TeacherStudentSimulation sim = new TeacherStudentSimulation(data, o.eta(), o.weightDecay());
    double[] t = timeGrid(lambda, o.samples());
    int len = t.length;
    double[] lt = new double[len];
    double[] lg = new double[len];
    double[] at = new double[len];
    double[] ag = new double[len];
    for (int i = 0; i < len; i++) {
      TeacherStudentSimulation.Measurement m = sim.measureSpectral(t[i], o.eps(), false);
      lt[i] = Math.log(m.trainLoss());
      lg[i] = Math.log(m.genLoss());
      at[i] = m.trainAccuracy();
      ag[i] = m.validationAccuracy();
    }
    return new Simulated(new Curves(lambda, t, lt, lg, at, ag), n, data.lambda());
  }

  /** The whole pipeline for one λ: curves, both fits, the measures. */
  public static Run run(Options o, double lambda) {
    Curves c;
    int trainSize = 0;
    double effective = lambda;
    if (o.mode() == LeviCurves.Mode.SIMULATE) {
      Simulated s = simulate(o, lambda);
      c = s.curves();
      trainSize = s.trainSize();
      effective = s.effectiveLambda();
    } else {
      c = curves(o, lambda);
    }
    double tMax = tMax(lambda);
    FitResult train = fit(c.t(), c.trainAccuracy(), tMax);
    FitResult val = fit(c.t(), c.valAccuracy(), tMax);
    GrokkingMeasures m = GrokkingMeasures.of(train, val);
    return new Run(lambda, effective, trainSize, c, train, val, m,
        status(train, val, crosses(c.trainAccuracy()), crosses(c.valAccuracy())));
  }

  /**
   * The paper's fit from the paper's start; the automatic fallback start only when the curve
   * crosses the midpoint level b = ½ at all. A curve that never does (exact mode's validation
   * accuracy for λ > 1 stays below 4e-5) has no transition to find: it keeps the paper start's
   * failure status rather than paying for a multi-start search that cannot succeed.
   */
  static FitResult fit(double[] t, double[] y, double tMax) {
    WindowedErfFitter fitter = new WindowedErfFitter();
    return crosses(y)
        ? fitter.fit(t, y, AMPLITUDE, OFFSET, 1 / tMax, tMax / 5)
        : fitter.fitFromStart(t, y, AMPLITUDE, OFFSET, 1 / tMax, tMax / 5);
  }

  /** Whether an accuracy curve goes from below to above the midpoint level ½. */
  static boolean crosses(double[] y) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : y) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return lo < OFFSET && hi > OFFSET;
  }

  /**
   * "ok", or what went wrong per curve: {@code val_did_not_rise} when the accuracy never crosses ½
   * (no grokking to measure), otherwise the failed fit's status, e.g. {@code train_not_an_s_curve}.
   */
  private static String status(FitResult train, FitResult val, boolean trainCrosses, boolean valCrosses) {
    if (train.status().isConverged() && val.status().isConverged()) {
      return "ok";
    }
    List<String> parts = new ArrayList<>();
    if (!train.status().isConverged()) {
      parts.add(trainCrosses ? "train_" + train.status().token() : "train_did_not_rise");
    }
    if (!val.status().isConverged()) {
      parts.add(valCrosses ? "val_" + val.status().token() : "val_did_not_rise");
    }
    return String.join(";", parts);
  }

  /** "paper", "exact" or "simulate". */
  public static String modeName(LeviCurves.Mode m) {
    return m.name().toLowerCase(Locale.ROOT);
  }
}
