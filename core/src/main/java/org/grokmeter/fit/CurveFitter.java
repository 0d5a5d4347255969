package org.grokmeter.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.exception.MaxCountExceededException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.TDistribution;
import org.grokmeter.kernels.ErfSums;
import org.grokmeter.kernels.Kernels;

/**
 * Least-squares fits of S-curves A(t) = a·f(s·(t − t*)) + b (docs/method.md) by Levenberg–Marquardt
 * (Commons Math, MINPACK's algorithm) with the analytic Jacobian.
 *
 * <p>Internally time is divided by T = max|t| and the parameters become t* ÷ T and s·T (and ln ν), so
 * the problem is equally well conditioned for the MLP (t ≤ 3·10³) and the linear setting
 * (t ≤ 5.6·10⁸); the optimum is the same least-squares optimum scipy's {@code curve_fit} finds.
 *
 * <p>Input must be finite, of equal length, with strictly increasing time ({@link IllegalArgumentException}
 * otherwise). Everything that can go wrong in the fit itself is a {@link FitStatus}, never an exception.
 * Instances are stateless and thread-safe.
 */
public final class CurveFitter {

  /** Relative tolerances on cost, parameters and gradient orthogonality (scipy fixtures used 1e-13). */
  static final double TOLERANCE = 1e-12;
  private static final int ROBUST_ITERATIONS = 50;

  private final ErfSums sums;

  /** A fitter on this process's kernels' {@link ErfSums} (SIMD when the kernels are Panama). */
  public CurveFitter() {
    this(Kernels.IMPL.erfSums());
  }

  /** A fitter on the given hot-loop implementation (benchmarks and differential tests). */
  public CurveFitter(ErfSums sums) {
    this.sums = sums;
  }

  /**
   * The paper's fit: erf form, a and b fixed, s and t* fitted from (s0, tStar0), exactly as scipy's
   * {@code curve_fit} does it. A failed start is reported in the status, not repaired.
   */
  public FitResult fitPaper(double[] t, double[] y, double a, double b, double s0, double tStar0) {
    return fit(t, y, FitOptions.paper(a, b, s0, tStar0));
  }

  /**
   * The paper's fit from the paper's start, and when that does not converge to an S-curve in range,
   * the automatic start; the status then is {@link FitStatus#CONVERGED_AUTO_START}.
   */
  public FitResult fitWithFallback(double[] t, double[] y, double a, double b, double s0, double tStar0) {
    return fit(t, y, FitOptions.paper(a, b, s0, tStar0).withFallback(true));
  }

  /** The general fit. With {@code options.form() == null} every form is fitted and the best by AIC/BIC kept. */
  public FitResult fit(double[] t, double[] y, FitOptions options) {
    validate(t, y);
    if (options.form() != null) {
      return fitForm(t, y, options, options.form());
    }
    FitResult best = null;
    FitResult firstFailed = null;
    for (SCurveForm form : SCurveForm.values()) {
      FitResult r = fitForm(t, y, options.withForm(form), form);
      if (!r.status().isConverged()) {
        if (firstFailed == null) {
          firstFailed = r;
        }
        continue;
      }
      if (best == null || options.criterion().of(r) < options.criterion().of(best)) {
        best = r;
      }
    }
    return best != null ? best : firstFailed;
  }

  /**
   * The training and the validation fit of one run. With a fixed form both curves get it; with
   * {@code options.form() == null} every form is fitted to both curves and the one with the lowest
   * summed criterion among those where both fits converged is kept, so that m and R_rel compare like
   * with like (when no form converges on both, the first form's fits are returned).
   */
  public FitPair fitPair(double[] tTrain, double[] yTrain, double[] tVal, double[] yVal, FitOptions options) {
    validate(tTrain, yTrain);
    validate(tVal, yVal);
    if (options.form() != null) {
      return new FitPair(fitForm(tTrain, yTrain, options, options.form()),
          fitForm(tVal, yVal, options, options.form()));
    }
    FitPair best = null;
    FitPair first = null;
    double bestScore = Double.POSITIVE_INFINITY;
    for (SCurveForm form : SCurveForm.values()) {
      FitOptions o = options.withForm(form);
      FitPair p = new FitPair(fitForm(tTrain, yTrain, o, form), fitForm(tVal, yVal, o, form));
      if (first == null) {
        first = p;
      }
      double score = options.criterion().of(p.train()) + options.criterion().of(p.val());
      if (p.train().status().isConverged() && p.val().status().isConverged() && score < bestScore) {
        bestScore = score;
        best = p;
      }
    }
    return best != null ? best : first;
  }

  // ------------------------------------------------------------------------------------------

  private FitResult fitForm(double[] t, double[] y, FitOptions o, SCurveForm form) {
    boolean[] free = freeMask(o, form);
    int k = count(free);
    int n = t.length;
    if (n < Math.max(4, k + 1)) {
      return tooFew(form, o, t, k);
    }
    Data d = new Data(t, y);
    double[] ab = levels(d, o);
    double nu0 = o.startShape();

    // HAC errors of the paper's fit come from the per-point values of the pass at the optimum
    boolean keep = o.errors() == ErrorModel.HAC && o.loss() == Loss.LINEAR;
    Candidate c;
    if (o.hasStart()) {
      double[] st = o.start(t[n - 1]);
      double[] p0 = {st[0], st[1], ab[0], ab[1], nu0};
      c = solve(d, form, free, p0, null, o.maxIterations(), StartSource.GIVEN, keep);
      if (!c.status.isConverged() && o.fallback()) {
        Candidate auto = autoSolve(d, form, free, ab, nu0, o.maxIterations(), keep);
        if (auto.status.isConverged()) {
          auto.status = FitStatus.CONVERGED_AUTO_START;
          c = auto;
        }
      }
    } else {
      c = autoSolve(d, form, free, ab, nu0, o.maxIterations(), keep);
    }

    double[] sqrtW = null;
    if (o.loss() != Loss.LINEAR && allFinite(c.p)) {
      sqrtW = new double[n];
      c = robust(d, form, free, c, o, sqrtW);
    }
    FitResult r = result(d, form, free, c, sqrtW, o);
    if (o.bootstrap() > 0 && r.status().isConverged()) {
      r = r.withBootstrap(bootstrap(d, form, free, c, o));
    }
    return r;
  }

  private static boolean[] freeMask(FitOptions o, SCurveForm form) {
    boolean[] free = new boolean[SCurveForm.PARAMETERS];
    free[SCurveForm.T_STAR] = true;
    free[SCurveForm.S] = true;
    free[SCurveForm.A] = !o.amplitudeFixed();
    free[SCurveForm.B] = !o.offsetFixed();
    free[SCurveForm.NU] = form.hasShape();
    return free;
  }

  private static int count(boolean[] free) {
    int k = 0;
    for (boolean f : free) {
      k += f ? 1 : 0;
    }
    return k;
  }

  /** Starting a and b: the fixed values, or half the range and the midpoint of the smoothed curve. */
  private static double[] levels(Data d, FitOptions o) {
    if (o.amplitudeFixed() && o.offsetFixed()) {
      // the paper's mode: nothing to estimate (and no smoothing pass)
      return new double[] {o.amplitude(), o.offset()};
    }
    double[] sm = d.smoothed();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : sm) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (hi - lo < 1e-12) {
      hi = lo + 1e-12;
    }
    double a = o.amplitudeFixed() ? o.amplitude() : 0.5 * (hi - lo);
    double b = o.offsetFixed() ? o.offset() : 0.5 * (hi + lo);
    return new double[] {a, b};
  }

  // ---------------------------------------------------------------- automatic starting values

  /** The automatic starts, best converged optimum first by cost. */
  private Candidate autoSolve(Data d, SCurveForm form, boolean[] free, double[] ab, double nu0, int maxIter,
      boolean keep) {
    Candidate best = null;
    for (double[] st : autoStarts(d, form, ab, nu0)) {
      double[] p0 = {st[0], st[1], ab[0], ab[1], nu0};
      Candidate c = solve(d, form, free, p0, null, maxIter, StartSource.values()[(int) st[2]], keep);
      if (best == null || better(c, best)) {
        best = c;
      }
    }
    return best;
  }

  private static boolean better(Candidate c, Candidate best) {
    boolean cc = c.status.isConverged();
    boolean bc = best.status.isConverged();
    if (cc != bc) {
      return cc;
    }
    if (Double.isNaN(best.cost)) {
      return !Double.isNaN(c.cost);
    }
    return c.cost < best.cost;
  }

  /**
   * Candidate starts {t*, s, source ordinal}: the threshold crossing of the smoothed curve (width from
   * its 20% and 80% crossings), its steepest rise, and the middle of the range.
   */
  static List<double[]> autoStarts(Data d, SCurveForm form, double[] ab, double nu) {
    double a = ab[0];
    double b = ab[1];
    double[] t = d.t;
    double[] sm = d.smoothed();
    int n = t.length;
    double range = t[n - 1] - t[0];
    double zLo = form.inverseUnit(-0.6, nu);
    double zHi = form.inverseUnit(0.6, nu);
    double defaultS = (zHi - zLo) / (0.1 * range);
    List<double[]> starts = new ArrayList<>();

    double tMid = crossing(t, sm, b + a * form.unit(0.0, nu));
    if (!Double.isNaN(tMid)) {
      double tLo = crossing(t, sm, b + a * -0.6);
      double tHi = crossing(t, sm, b + a * 0.6);
      double s = (!Double.isNaN(tLo) && !Double.isNaN(tHi) && tHi > tLo) ? (zHi - zLo) / (tHi - tLo) : defaultS;
      starts.add(new double[] {tMid, s, StartSource.THRESHOLD_CROSSING.ordinal()});
    }

    int h = Math.max(1, d.window / 2);
    double bestSlope = 0.0;
    int bestI = -1;
    for (int i = h; i + h < n; i++) {
      double slope = (sm[i + h] - sm[i - h]) / (t[i + h] - t[i - h]);
      if (slope > bestSlope) {
        bestSlope = slope;
        bestI = i;
      }
    }
    if (bestI >= 0 && a > 0) {
      double s = bestSlope / (a * form.peakSlope(nu));
      starts.add(new double[] {t[bestI], s, StartSource.STEEPEST_RISE.ordinal()});
    }
    starts.add(new double[] {0.5 * (t[0] + t[n - 1]), defaultS, StartSource.MID_RANGE.ordinal()});
    return starts;
  }

  /** First time the curve reaches {@code level} (linear interpolation); NaN if it never does. */
  static double crossing(double[] t, double[] y, double level) {
    if (y[0] >= level) {
      return t[0];
    }
    for (int i = 1; i < t.length; i++) {
      if (y[i] >= level) {
        double f = (level - y[i - 1]) / (y[i] - y[i - 1]);
        return t[i - 1] + f * (t[i] - t[i - 1]);
      }
    }
    return Double.NaN;
  }

  // ---------------------------------------------------------------- Levenberg–Marquardt

  /**
   * One LM solve from p0 (full external parameter vector); with {@code keep} the paper's pass keeps
   * each point's residual and Gaussian (for {@link #influence}).
   */
  private Candidate solve(Data d, SCurveForm form, boolean[] free, double[] p0, double[] sqrtW,
      int maxIter, StartSource source, boolean keep) {
    Model model = new Model(d, form, free, p0, sqrtW, sums, keep);
    Candidate c = new Candidate();
    c.source = source;
    c.start = p0.clone();
    double[] x0 = model.toInternal(p0);
    if (!allFinite(x0)) {
      // a start that is not finite in scaled units (e.g. time values near the smallest double)
      c.p = p0.clone();
      c.status = FitStatus.DIVERGED;
      c.cost = Double.NaN;
      c.model = model;
      c.normal = model.normal.clone(); // zeros: a singular JᵀJ, so NaN errors
      return c;
    }
    LeastSquaresProblem problem = new LeastSquaresBuilder()
        .start(x0)
        .model(model)
        .target(new double[model.idx.length + 1])
        .lazyEvaluation(false)
        .maxIterations(maxIter)
        .maxEvaluations(4 * maxIter)
        .build();
    LevenbergMarquardtOptimizer lm = new LevenbergMarquardtOptimizer()
        .withCostRelativeTolerance(TOLERANCE)
        .withParameterRelativeTolerance(TOLERANCE)
        .withOrthoTolerance(TOLERANCE);
    FitStatus raw;
    double[] x;
    try {
      LeastSquaresOptimizer.Optimum opt = lm.optimize(problem);
      x = opt.getPoint().toArray();
      c.iterations = opt.getIterations();
      raw = FitStatus.CONVERGED;
    } catch (MaxCountExceededException e) {
      x = model.bestX;
      c.iterations = maxIter;
      raw = FitStatus.MAX_ITERATIONS;
    } catch (ConvergenceException e) {
      // the tolerances cannot be met because the cost is already at rounding level: an optimum
      x = model.bestX;
      c.iterations = -1;
      raw = FitStatus.CONVERGED;
    } catch (RuntimeException e) {
      x = model.bestX;
      c.iterations = -1;
      raw = FitStatus.DIVERGED;
    }
    c.evaluations = model.evaluations;
    if (x == null) {
      x = x0;
    }
    c.p = model.toExternal(x);
    c.x = x;
    // one pass at the final point: its cost and JᵀJ (for the covariance) together
    c.cost = model.normalAt(x);
    c.normal = model.normal.clone();
    c.model = model;
    double rss = sqrtW == null ? c.cost : unweightedRss(d, form, c.p);
    c.status = FitRules.classify(d.t[0], d.t[d.t.length - 1], c.p, allFinite(c.p), rss, d.tss, raw);
    if (c.status.isConverged()) {
      // here, not only in the result: a start whose optimum is singular lets the fallback try others.
      // (JᵀJ)⁻¹ (σ² = 1): whether the data determine the parameters, also for an exact fit (rss = 0)
      c.status = FitRules.checkCovariance(c.status, covariance(c, c.p, 1.0), free);
      int k = model.idx.length;
      double[] diagonal = new double[k];
      for (int j = 0; j < k; j++) {
        diagonal[j] = c.normal[j * k + j];
      }
      if (c.status.isConverged() && !FitRules.sensitive(diagonal, d.t.length)) {
        c.status = FitStatus.SINGULAR_COVARIANCE;
      }
    }
    return c;
  }

  // ---------------------------------------------------------------- robust loss (IRLS)

  private Candidate robust(Data d, SCurveForm form, boolean[] free, Candidate ls, FitOptions o,
      double[] sqrtW) {
    int n = d.t.length;
    double[] r = new double[n];
    residuals(d, form, ls.p, r);
    double c = o.lossScale();
    if (Double.isNaN(c)) {
      double[] abs = new double[n];
      for (int i = 0; i < n; i++) {
        abs[i] = Math.abs(r[i]);
      }
      c = 1.4826 * quantile(abs, 0.5);
    }
    if (!(c > 0)) {
      c = 1e-12;
    }
    Candidate cur = ls;
    int iterations = ls.iterations;
    int evaluations = ls.evaluations;
    for (int it = 0; it < ROBUST_ITERATIONS; it++) {
      for (int i = 0; i < n; i++) {
        double z = r[i] / c;
        sqrtW[i] = Math.sqrt(o.loss().weight(z * z));
      }
      Candidate next = solve(d, form, free, cur.p, sqrtW, o.maxIterations(), ls.source, false);
      iterations += Math.max(0, next.iterations);
      evaluations += next.evaluations;
      boolean done = maxRelChange(cur.p, next.p) < 1e-10;
      cur = next;
      if (!allFinite(cur.p)) {
        break;
      }
      residuals(d, form, cur.p, r);
      if (done) {
        break;
      }
    }
    cur.iterations = iterations;
    cur.evaluations = evaluations;
    cur.source = ls.source;
    cur.start = ls.start;
    if (ls.status == FitStatus.CONVERGED_AUTO_START && cur.status == FitStatus.CONVERGED) {
      cur.status = FitStatus.CONVERGED_AUTO_START;
    }
    return cur;
  }

  private static double maxRelChange(double[] a, double[] b) {
    double m = 0.0;
    for (int i = 0; i < a.length; i++) {
      double den = Math.max(Math.abs(a[i]), 1e-300);
      m = Math.max(m, Math.abs(a[i] - b[i]) / den);
    }
    return m;
  }

  private static void residuals(Data d, SCurveForm form, double[] p, double[] r) {
    for (int i = 0; i < d.t.length; i++) {
      r[i] = d.y[i] - form.value(d.t[i], p);
    }
  }

  // ---------------------------------------------------------------- result with uncertainties

  private static FitResult result(Data d, SCurveForm form, boolean[] free, Candidate c, double[] sqrtW,
      FitOptions o) {
    int n = d.t.length;
    int k = count(free);
    double[] p = c.p;
    double rss = sqrtW == null ? c.cost : unweightedRss(d, form, p);
    double[][] cov;
    Influence inf = null;
    FitStatus status = c.status;
    if (o.errors() == ErrorModel.HAC && allFinite(p)) {
      Scores scores = influence(d, form, c, sqrtW);
      inf = scores == null ? null : scores.influence();
      cov = hacCovariance(scores, c.model.idx, k);
      status = FitRules.checkFinite(status, cov, free);
    } else {
      cov = covariance(c, p, c.cost / (n - k));
    }
    double aic = ModelCriterion.aic(n, rss, k);
    double bic = ModelCriterion.bic(n, rss, k);
    double level = o.confidenceLevel();
    double tq = studentQuantile(degreesOfFreedom(n, k, inf), level);
    return new FitResult(form, status,
        p[SCurveForm.T_STAR], p[SCurveForm.S], p[SCurveForm.A], p[SCurveForm.B],
        form.hasShape() ? p[SCurveForm.NU] : Double.NaN,
        se(cov, SCurveForm.T_STAR), se(cov, SCurveForm.S), se(cov, SCurveForm.A), se(cov, SCurveForm.B),
        form.hasShape() ? se(cov, SCurveForm.NU) : Double.NaN,
        cov, o.errors(), inf, level, tq, rss, aic, bic, 1.0 - rss / d.tss, n, k,
        c.iterations, c.evaluations, c.source, c.start[SCurveForm.T_STAR], c.start[SCurveForm.S], null);
  }

  /**
   * Σ(y − ȳ)² (exactly 0 for a constant curve) with four interleaved partial sums (a fixed order, so the same bits every time): one
   * chain of dependent adds is bound by the add latency, ~4 µs per 3000 points, 7% of a paper fit.
   */
  static double totalSumOfSquares(double[] y) {
    int n = y.length;
    if (constant(y)) {
      // exactly 0, not the rounding residue of (y − mean)²: a constant curve must read as flat
      return 0.0;
    }
    int m = n & ~3;
    double s0 = 0.0;
    double s1 = 0.0;
    double s2 = 0.0;
    double s3 = 0.0;
    for (int i = 0; i < m; i += 4) {
      s0 += y[i];
      s1 += y[i + 1];
      s2 += y[i + 2];
      s3 += y[i + 3];
    }
    for (int i = m; i < n; i++) {
      s0 += y[i];
    }
    double mean = ((s0 + s1) + (s2 + s3)) / n;
    s0 = 0.0;
    s1 = 0.0;
    s2 = 0.0;
    s3 = 0.0;
    for (int i = 0; i < m; i += 4) {
      double d0 = y[i] - mean;
      double d1 = y[i + 1] - mean;
      double d2 = y[i + 2] - mean;
      double d3 = y[i + 3] - mean;
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (int i = m; i < n; i++) {
      double d = y[i] - mean;
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static boolean constant(double[] y) {
    for (double v : y) {
      if (v != y[0]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Degrees of freedom of the intervals: n − k, or with HAC errors the residuals' effective sample size
   * n·(1 − ρ̂)/(1 + ρ̂) less k (the variance of an AR(1) mean), at least 1: the long-run variance of
   * strongly correlated noise is itself estimated from few independent pieces, and the wider Student-t
   * quantile pays for that.
   */
  static int degreesOfFreedom(int n, int k, Influence inf) {
    if (inf == null) {
      return n - k;
    }
    double rho = Math.max(0.0, inf.residualAutocorrelation());
    double effective = n * (1 - rho) / (1 + rho);
    return (int) Math.max(1, Math.min(n - k, Math.floor(effective) - k));
  }

  /** The last Student-t quantile computed: fits of one sweep share n and the level, and it costs µs. */
  private static final AtomicReference<double[]> LAST_QUANTILE = new AtomicReference<>(new double[] {-1, -1, 0});

  /** t quantile at 0.5 + level/2 with {@code dof} degrees of freedom. */
  static double studentQuantile(int dof, double level) {
    double[] last = LAST_QUANTILE.get();
    if (last[0] == dof && last[1] == level) {
      return last[2];
    }
    double q = TDistribution.of(dof).inverseCumulativeProbability(0.5 + 0.5 * level);
    LAST_QUANTILE.set(new double[] {dof, level, q});
    return q;
  }

  private static double unweightedRss(Data d, SCurveForm form, double[] p) {
    double rss = 0.0;
    for (int i = 0; i < d.t.length; i++) {
      double r = d.y[i] - form.value(d.t[i], p);
      rss += r * r;
    }
    return rss;
  }

  private static double se(double[][] cov, int i) {
    return Math.sqrt(cov[i][i]);
  }

  /** σ²·(JᵀJ)⁻¹ in scaled coordinates (JᵀJ at the optimum), mapped back to t*, s, a, b, ν (scipy's pcov). */
  private static double[][] covariance(Candidate c, double[] p, double sigma2) {
    Model m = c.model;
    int k = m.idx.length;
    double[][] out = new double[SCurveForm.PARAMETERS][SCurveForm.PARAMETERS];
    double[][] inv = inverseNormal(c);
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        out[m.idx[a]][m.idx[b]] = inv == null ? Double.NaN
            : sigma2 * inv[a][b] * m.externalPerInternal(a, p) * m.externalPerInternal(b, p);
      }
    }
    return out;
  }

  /** (JᵀJ)⁻¹ in scaled coordinates at the candidate's optimum, or null when JᵀJ is singular. */
  private static double[][] inverseNormal(Candidate c) {
    int k = c.model.idx.length;
    double[][] jtj = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int b = 0; b <= a; b++) {
        jtj[a][b] = c.normal[a * k + b];
        jtj[b][a] = c.normal[a * k + b];
      }
    }
    try {
      LUDecomposition lu = new LUDecomposition(new Array2DRowRealMatrix(jtj, false), 1e-300);
      return lu.getSolver().isNonSingular() ? lu.getSolver().getInverse().getData() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The HAC sandwich: the long-run covariance of the influence series (H⁻¹ applied to the scores, so
   * H⁻¹ΩH⁻¹), in external units; NaN when JᵀJ is singular or the series is not finite.
   */
  private static double[][] hacCovariance(Scores scores, int[] idx, int k) {
    double[][] out = new double[SCurveForm.PARAMETERS][SCurveForm.PARAMETERS];
    double[][] v = null;
    if (scores != null && scores.finite()) {
      double[][] series = scores.influence().series();
      int lags = scores.lags() >= 0 ? scores.lags() : LongRunVariance.bandwidth(series);
      v = LongRunVariance.of(series, k, lags);
    }
    for (int a = 0; a < idx.length; a++) {
      for (int b = 0; b < idx.length; b++) {
        out[idx[a]][idx[b]] = v == null ? Double.NaN : v[a][b];
      }
    }
    return out;
  }

  private static boolean allFinite(double[][] v) {
    for (double[] row : v) {
      if (!allFinite(row)) {
        return false;
      }
    }
    return true;
  }

  /**
   * ψ_i = H⁻¹·w_i·∇A(t_i)·r_i at the optimum in external units, whitened with the residuals' lag-1
   * autocorrelation. The paper's case takes the residuals and Gaussians its last pass kept
   * ({@link #keptPaperErfInfluence}); otherwise one pass over the data (erf with a and b fixed through
   * {@link ErfWithDerivative}: one exponential per point). Null when JᵀJ is singular.
   */
  private static Scores influence(Data d, SCurveForm form, Candidate c, double[] sqrtW) {
    double[][] inv = inverseNormal(c);
    if (inv == null) {
      return null;
    }
    Model m = c.model;
    int k = m.idx.length;
    int n = d.t.length;
    double[] p = c.p;
    double[] q = {p[SCurveForm.T_STAR] / d.scale, p[SCurveForm.S] * d.scale, p[SCurveForm.A], p[SCurveForm.B],
        p[SCurveForm.NU]};
    // row a of D·H⁻¹ (D = d external / d internal), so ψ_i = coef · (w_i ∇A_i r_i)
    double[][] coef = new double[k][k];
    for (int a = 0; a < k; a++) {
      double da = m.externalPerInternal(a, p);
      for (int b = 0; b < k; b++) {
        coef[a][b] = da * inv[a][b];
      }
    }
    boolean paperErf = form == SCurveForm.ERF && k == 2 && m.idx[0] == SCurveForm.T_STAR
        && m.idx[1] == SCurveForm.S;
    if (paperErf && sqrtW == null && m.keptAt(c.x)) {
      return keptPaperErfInfluence(d, m, c.x, p[SCurveForm.A], coef);
    }
    double[][] psi = new double[k][n];
    double[] rr;
    if (paperErf) {
      rr = paperErfInfluence(d.tau, d.y, q, coef, sqrtW, psi, 0, n);
    } else {
      rr = new double[2];
      double prev = 0.0;
      double[] g = new double[SCurveForm.PARAMETERS];
      double[] jr = new double[k];
      for (int i = 0; i < n; i++) {
        double v = form.valueAndGradient(d.tau[i], q, g);
        double w = sqrtW == null ? 1.0 : sqrtW[i] * sqrtW[i];
        double r = d.y[i] - v;
        rr[0] += r * prev;
        rr[1] += r * r;
        prev = r;
        double wr = w * r;
        for (int j = 0; j < k; j++) {
          jr[j] = m.chain(g, j, q) * wr;
        }
        for (int a = 0; a < k; a++) {
          double s = 0.0;
          for (int b = 0; b < k; b++) {
            s += coef[a][b] * jr[b];
          }
          psi[a][i] = s;
        }
      }
    }
    double rho = LongRunVariance.rho(rr[0], rr[1]);
    LongRunVariance.whiten(psi, rho);
    return new Scores(new Influence(d.t, m.idx.clone(), psi, rho), -1, allFinite(psi));
  }

  /**
   * The whitened influence series and what its long-run covariance needs: Andrews' lag count
   * ({@code lags}, −1 when not yet known) and whether every value is finite.
   */
  private record Scores(Influence influence, int lags, boolean finite) {}

  /**
   * {@link #influence} of the paper's fit (erf, t* and s free, no weights) from the residuals and
   * Gaussians its pass kept at the optimum x: no erf or exponential again, and three light
   * {@link ErfSums} passes — the residuals' lag-1 sums for ρ̂, the whitened ψ in place of the kept
   * arrays (which become the influence series), and the lag-1 sums of the whitened series for
   * Andrews' bandwidth ({@link LongRunVariance#bandwidth(double[], double[], int)}).
   */
  private static Scores keptPaperErfInfluence(Data d, Model m, double[] x, double a, double[][] coef) {
    double[] r = m.residuals;
    double[] g = m.gaussians;
    m.keptX = null; // the arrays now become the series
    int n = r.length;
    ErfSums sums = m.erfSums;
    double[] lag = new double[2];
    sums.lagSums(r, lag);
    double rho = LongRunVariance.rho(lag[0], lag[1] + r[n - 1] * r[n - 1]);
    double[] c = {coef[0][0], coef[0][1], coef[1][0], coef[1][1]};
    sums.whitenedScores(d.tau, x[0], x[1], a * 2.0 / Math.sqrt(Math.PI), c, rho, r, g);
    double[] lag0 = new double[2];
    double[] lag1 = new double[2];
    sums.lagSums(r, lag0);
    sums.lagSums(g, lag1);
    double[][] series = {r, g};
    // a non-finite value makes its square in a lag sum (or, the last one, itself) non-finite
    boolean finite = Double.isFinite(lag0[0] + lag0[1] + lag1[0] + lag1[1] + r[n - 1] + g[n - 1])
        || allFinite(series);
    int lags = LongRunVariance.bandwidth(new double[] {lag0[0], lag1[0]}, new double[] {lag0[1], lag1[1]}, n);
    return new Scores(new Influence(d.t, m.idx.clone(), series, rho), lags, finite);
  }

  /**
   * {@link #influence} for erf with only t* and s free (−a·s·f' and a·(τ − t*)·f' per point), on points
   * [from, to); returns {Σ r_i r_{i−1}, Σ r_i²} of the residuals there.
   */
  static double[] paperErfInfluence(double[] tau, double[] y, double[] q, double[][] coef, double[] sqrtW,
      double[][] psi, int from, int to) {
    double v0 = q[SCurveForm.T_STAR];
    double u = q[SCurveForm.S];
    double a = q[SCurveForm.A];
    double b = q[SCurveForm.B];
    double k = a * 2.0 / Math.sqrt(Math.PI);
    double c00 = coef[0][0];
    double c01 = coef[0][1];
    double c10 = coef[1][0];
    double c11 = coef[1][1];
    double[] p0 = psi[0];
    double[] p1 = psi[1];
    double lagged = 0.0;
    double squares = 0.0;
    double prev = 0.0;
    for (int i = from; i < to; i++) {
      double dt = tau[i] - v0;
      double z = u * dt;
      double e = Math.exp(-z * z);
      double r = y[i] - (a * ErfWithDerivative.erf(z, e) + b);
      lagged += r * prev;
      squares += r * r;
      prev = r;
      if (sqrtW != null) {
        r *= sqrtW[i] * sqrtW[i];
      }
      double fe = k * e * r;
      double j0 = -u * fe;
      double j1 = dt * fe;
      p0[i] = c00 * j0 + c01 * j1;
      p1[i] = c10 * j0 + c11 * j1;
    }
    return new double[] {lagged, squares};
  }

  // ---------------------------------------------------------------- bootstrap

  private Bootstrap bootstrap(Data d, SCurveForm form, boolean[] free, Candidate c, FitOptions o) {
    int n = d.t.length;
    double[] fitted = new double[n];
    double[] res = new double[n];
    for (int i = 0; i < n; i++) {
      fitted[i] = form.value(d.t[i], c.p);
      res[i] = d.y[i] - fitted[i];
    }
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(o.seed());
    int reps = o.bootstrap();
    double[] ts = new double[reps];
    double[] ss = new double[reps];
    int ok = 0;
    double[] yb = new double[n];
    for (int r = 0; r < reps; r++) {
      for (int i = 0; i < n; i++) {
        yb[i] = fitted[i] + res[rng.nextInt(n)];
      }
      Data db = new Data(d.t, yb.clone());
      Candidate cb = solve(db, form, free, c.p, null, o.maxIterations(), StartSource.GIVEN, false);
      if (cb.status.isConverged()) {
        ts[ok] = cb.p[SCurveForm.T_STAR];
        ss[ok] = cb.p[SCurveForm.S];
        ok++;
      }
    }
    double[] tOk = Arrays.copyOf(ts, ok);
    double[] sOk = Arrays.copyOf(ss, ok);
    double alpha = 1.0 - o.confidenceLevel();
    return new Bootstrap(reps, ok, o.seed(), sd(tOk), sd(sOk),
        quantile(tOk, alpha / 2), quantile(tOk, 1 - alpha / 2),
        quantile(sOk, alpha / 2), quantile(sOk, 1 - alpha / 2));
  }

  private static double sd(double[] v) {
    if (v.length < 2) {
      return Double.NaN;
    }
    double mean = 0.0;
    for (double x : v) {
      mean += x;
    }
    mean /= v.length;
    double ss = 0.0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return Math.sqrt(ss / (v.length - 1));
  }

  /** Linear-interpolation quantile (numpy's default); NaN for an empty array. */
  static double quantile(double[] v, double q) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    double pos = q * (s.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, s.length - 1);
    return s[lo] + (pos - lo) * (s[hi] - s[lo]);
  }

  // ---------------------------------------------------------------- helpers

  private static FitResult tooFew(SCurveForm form, FitOptions o, double[] t, int k) {
    int n = t.length;
    double[] start = n == 0 ? new double[] {Double.NaN, Double.NaN} : o.start(t[n - 1]);
    double nan = Double.NaN;
    double[][] cov = new double[SCurveForm.PARAMETERS][SCurveForm.PARAMETERS];
    for (double[] row : cov) {
      Arrays.fill(row, nan);
    }
    return new FitResult(form, FitStatus.TOO_FEW_POINTS, nan, nan,
        o.amplitudeFixed() ? o.amplitude() : nan, o.offsetFixed() ? o.offset() : nan, nan,
        nan, nan, nan, nan, nan, cov, o.errors(), null, o.confidenceLevel(), nan, nan, nan, nan, nan, n, k, 0, 0,
        o.hasStart() ? StartSource.GIVEN : StartSource.THRESHOLD_CROSSING,
        start[0], start[1], null);
  }

  static boolean allFinite(double[] v) {
    for (double x : v) {
      if (!Double.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  static void validate(double[] t, double[] y) {
    if (t == null || y == null) {
      throw new IllegalArgumentException("time and accuracy arrays must be given");
    }
    if (t.length != y.length) {
      throw new IllegalArgumentException("time has " + t.length + " points but the curve has " + y.length);
    }
    for (int i = 0; i < t.length; i++) {
      if (!Double.isFinite(t[i]) || !Double.isFinite(y[i])) {
        throw new IllegalArgumentException("non-finite value at point " + i + ": t=" + t[i] + ", y=" + y[i]);
      }
      if (i > 0 && !(t[i] > t[i - 1])) {
        throw new IllegalArgumentException("time not strictly increasing at point " + i + ": "
            + t[i - 1] + " then " + t[i]);
      }
    }
  }

  /** A candidate optimum (mutable while the fit is assembled). */
  private static final class Candidate {
    double[] p;
    double[] start;
    double cost;
    int iterations;
    int evaluations;
    FitStatus status;
    StartSource source;
    double[] normal;
    Model model;
    /** The optimum in the model's internal coordinates. */
    double[] x;
  }

  /** The data with its time scale and smoothed copy (for starting values). */
  static final class Data {
    final double[] t;
    final double[] y;
    final double scale;
    final double[] tau;
    final double tss;
    final int window;
    private double[] smoothed;

    Data(double[] t, double[] y) {
      this.t = t;
      this.y = y;
      int n = t.length;
      double sc = Math.max(Math.abs(t[0]), Math.abs(t[n - 1]));
      this.scale = sc > 0 ? sc : 1.0;
      this.tau = new double[n];
      double inv = 1.0 / scale;
      for (int i = 0; i < n; i++) {
        tau[i] = t[i] * inv;
      }
      this.tss = CurveFitter.totalSumOfSquares(y);
      this.window = Math.max(1, n / 50);
    }

    /** Centred moving average over {@code window} points (for robust starting values only). */
    double[] smoothed() {
      if (smoothed == null) {
        int n = y.length;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
          prefix[i + 1] = prefix[i] + y[i];
        }
        double[] out = new double[n];
        int h = window / 2;
        for (int i = 0; i < n; i++) {
          int lo = Math.max(0, i - h);
          int hi = Math.min(n, i + h + 1);
          out[i] = (prefix[hi] - prefix[lo]) / (hi - lo);
        }
        smoothed = out;
      }
      return smoothed;
    }
  }

  /**
   * The model in scaled coordinates x = (t* ÷ T, s·T, a, b, ln ν) restricted to the free parameters;
   * value and Jacobian in one pass. Remembers the best point seen, so a budget that runs out still
   * reports where the search got to.
   */
  static final class Model implements MultivariateJacobianFunction {
    final SCurveForm form;
    final double[] tau;
    final double[] target;
    final double[] sqrtW;
    final int[] idx;
    final double scale;
    private final double[] base;
    private final double[] q = new double[SCurveForm.PARAMETERS];
    private final double[] g = new double[SCurveForm.PARAMETERS];
    final double[] normal;
    private final double[] sums = new double[5];
    final ErfSums erfSums;
    private final double[] gradient;
    private final boolean paperErf;
    /** Per point at {@link #keptX}: residual and e^(−z²) of the paper's pass (null unless kept). */
    final double[] residuals;
    final double[] gaussians;
    double[] keptX;
    double[] bestX;
    double bestCost = Double.POSITIVE_INFINITY;
    private double[] lastX;
    private double lastCost;
    int evaluations;

    Model(Data d, SCurveForm form, boolean[] free, double[] p, double[] sqrtW, ErfSums sums, boolean keep) {
      this.form = form;
      this.erfSums = sums;
      this.tau = d.tau;
      this.scale = d.scale;
      this.sqrtW = sqrtW;
      int k = count(free);
      this.idx = new int[k];
      int j = 0;
      for (int i = 0; i < free.length; i++) {
        if (free[i]) {
          idx[j++] = i;
        }
      }
      this.base = new double[] {p[0] / scale, p[1] * scale, p[2], p[3], p[4]};
      this.normal = new double[k * k];
      this.gradient = new double[k];
      this.paperErf = form == SCurveForm.ERF && sqrtW == null && k == 2
          && idx[0] == SCurveForm.T_STAR && idx[1] == SCurveForm.S;
      int n = d.y.length;
      this.residuals = paperErf && keep ? new double[n] : null;
      this.gaussians = residuals == null ? null : new double[n];
      if (sqrtW == null) {
        this.target = d.y; // read only: no copy per solve
      } else {
        this.target = new double[n];
        for (int i = 0; i < n; i++) {
          target[i] = sqrtW[i] * d.y[i];
        }
      }
    }

    double[] toInternal(double[] p) {
      double[] x = new double[idx.length];
      for (int j = 0; j < idx.length; j++) {
        int i = idx[j];
        x[j] = switch (i) {
          case SCurveForm.T_STAR -> p[i] / scale;
          case SCurveForm.S -> p[i] * scale;
          case SCurveForm.NU -> Math.log(p[i]);
          default -> p[i];
        };
      }
      return x;
    }

    double[] toExternal(double[] x) {
      double[] sc = scaledParams(x);
      return new double[] {sc[0] * scale, sc[1] / scale, sc[2], sc[3], sc[4]};
    }

    /** Parameters in scaled time units (t* ÷ T, s·T, a, b, ν) for internal point x. */
    double[] scaledParams(double[] x) {
      double[] out = base.clone();
      for (int j = 0; j < idx.length; j++) {
        out[idx[j]] = idx[j] == SCurveForm.NU ? Math.exp(x[j]) : x[j];
      }
      return out;
    }

    /** ∂A/∂x_j from the gradient with respect to the scaled parameters. */
    double chain(double[] grad, int j, double[] scaled) {
      int i = idx[j];
      return i == SCurveForm.NU ? grad[i] * scaled[SCurveForm.NU] : grad[i];
    }

    /** d(external parameter)/d(internal x_j). */
    double externalPerInternal(int j, double[] external) {
      return switch (idx[j]) {
        case SCurveForm.T_STAR -> scale;
        case SCurveForm.S -> 1.0 / scale;
        case SCurveForm.NU -> external[SCurveForm.NU];
        default -> 1.0;
      };
    }

    /** Loads point x, fills {@code normal} (JᵀJ, lower triangle) and returns the weighted cost. */
    double normalAt(double[] x) {
      if (lastX != null && Arrays.equals(lastX, x)) {
        // LM usually ends on the point it evaluated last: reuse that pass
        return lastCost;
      }
      int k = idx.length;
      System.arraycopy(base, 0, q, 0, base.length);
      for (int j = 0; j < k; j++) {
        q[idx[j]] = idx[j] == SCurveForm.NU ? Math.exp(x[j]) : x[j];
      }
      Arrays.fill(normal, 0.0);
      Arrays.fill(gradient, 0.0);
      double rr = paperErf ? accumulatePaperErf() : accumulate();
      if (residuals != null) {
        keptX = x.clone();
      }
      return rr;
    }

    /** Whether {@link #residuals} and {@link #gaussians} hold the pass at internal point x. */
    boolean keptAt(double[] x) {
      return keptX != null && Arrays.equals(keptX, x);
    }

    @Override
    public Pair<RealVector, RealMatrix> value(RealVector point) {
      evaluations++;
      int k = idx.length;
      System.arraycopy(base, 0, q, 0, base.length);
      for (int j = 0; j < k; j++) {
        double v = point.getEntry(j);
        q[idx[j]] = idx[j] == SCurveForm.NU ? Math.exp(v) : v;
      }
      Arrays.fill(normal, 0.0);
      Arrays.fill(gradient, 0.0);
      double rr = paperErf ? accumulatePaperErf() : accumulate();
      lastX = point.toArray();
      lastCost = rr;
      if (residuals != null) {
        keptX = lastX;
      }
      if (rr < bestCost || bestX == null) {
        bestCost = rr;
        bestX = point.toArray();
      }
      return compressed(rr);
    }

    /**
     * One pass over the data: JᵀJ (lower triangle) into {@code normal}, Jᵀr into {@code gradient};
     * returns rᵀr. J is the Jacobian of the (weighted) model, r = y − A.
     */
    private double accumulate() {
      int k = idx.length;
      double[] jr = new double[k];
      double rr = 0.0;
      for (int i = 0; i < tau.length; i++) {
        double v = form.valueAndGradient(tau[i], q, g);
        double w = sqrtW == null ? 1.0 : sqrtW[i];
        double r = target[i] - w * v;
        for (int j = 0; j < k; j++) {
          jr[j] = w * chain(g, j, q);
        }
        for (int a = 0; a < k; a++) {
          double ja = jr[a];
          gradient[a] += ja * r;
          for (int b = 0; b <= a; b++) {
            normal[a * k + b] += ja * jr[b];
          }
        }
        rr += r * r;
      }
      return rr;
    }

    /** The paper's case (erf, only t* and s free, no weights): the {@link ErfSums} kernel. */
    private double accumulatePaperErf() {
      double rr = residuals == null
          ? erfSums.paperErf(tau, target, q[SCurveForm.T_STAR], q[SCurveForm.S], q[SCurveForm.A], q[SCurveForm.B], sums)
          : erfSums.paperErf(tau, target, q[SCurveForm.T_STAR], q[SCurveForm.S], q[SCurveForm.A], q[SCurveForm.B], sums,
              residuals, gaussians);
      normal[0] = sums[0];
      normal[2] = sums[1];
      normal[3] = sums[2];
      gradient[0] = sums[3];
      gradient[1] = sums[4];
      return rr;
    }

    /**
     * The equivalent small problem: with J = QR, ‖r − Jδ‖² = ‖Qᵀr − Rδ‖² + ‖r⊥‖², so LM on the
     * residual [Qᵀr; ‖r⊥‖] with Jacobian [R; 0] takes exactly the same steps (same JᵀJ, Jᵀr, cost
     * and column norms) while touching k + 1 rows instead of n. R comes from the Cholesky factor of
     * JᵀJ (or its symmetric square root when JᵀJ is singular), Qᵀr = R⁻ᵀJᵀr.
     */
    private Pair<RealVector, RealMatrix> compressed(double rr) {
      int k = idx.length;
      double[][] jac = new double[k + 1][k];
      double[] w = new double[k];
      if (!cholesky(k, jac, w)) {
        symmetricRoot(k, jac, w);
      }
      double ww = 0.0;
      double[] val = new double[k + 1];
      for (int j = 0; j < k; j++) {
        val[j] = -w[j];
        ww += w[j] * w[j];
      }
      val[k] = -Math.sqrt(Math.max(0.0, rr - ww));
      return new Pair<>(new ArrayRealVector(val, false), new Array2DRowRealMatrix(jac, false));
    }

    /** JᵀJ = RᵀR with R upper triangular in the first k rows of {@code r}; solves Rᵀw = Jᵀr. */
    private boolean cholesky(int k, double[][] r, double[] w) {
      for (int j = 0; j < k; j++) {
        double d = normal[j * k + j];
        for (int p = 0; p < j; p++) {
          d -= r[p][j] * r[p][j];
        }
        if (!(d > 1e-300 * Math.max(1.0, normal[j * k + j]))) {
          return false;
        }
        double rjj = Math.sqrt(d);
        r[j][j] = rjj;
        for (int i = j + 1; i < k; i++) {
          double s = normal[i * k + j];
          for (int p = 0; p < j; p++) {
            s -= r[p][j] * r[p][i];
          }
          r[j][i] = s / rjj;
        }
      }
      for (int j = 0; j < k; j++) {
        double s = gradient[j];
        for (int p = 0; p < j; p++) {
          s -= r[p][j] * w[p];
        }
        w[j] = s / r[j][j];
      }
      return true;
    }

    /** Singular JᵀJ = VΛVᵀ: R = Λ^½Vᵀ and w = Λ^(−½)VᵀJᵀr on the non-null directions. */
    private void symmetricRoot(int k, double[][] r, double[] w) {
      double[][] nm = new double[k][k];
      for (int a = 0; a < k; a++) {
        for (int b = 0; b <= a; b++) {
          nm[a][b] = normal[a * k + b];
          nm[b][a] = normal[a * k + b];
        }
      }
      EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(nm, false));
      double[] lambda = eig.getRealEigenvalues();
      double max = 0.0;
      for (double l : lambda) {
        max = Math.max(max, Math.abs(l));
      }
      for (int e = 0; e < k; e++) {
        RealVector v = eig.getEigenvector(e);
        double l = lambda[e];
        double root = l > 1e-14 * max ? Math.sqrt(l) : 0.0;
        double vg = 0.0;
        for (int j = 0; j < k; j++) {
          r[e][j] = root * v.getEntry(j);
          vg += v.getEntry(j) * gradient[j];
        }
        w[e] = root > 0 ? vg / root : 0.0;
      }
      for (int j = 0; j < k; j++) {
        r[k][j] = 0.0;
      }
    }
  }
}
