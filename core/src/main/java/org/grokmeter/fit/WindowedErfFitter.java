package org.grokmeter.fit;

/**
 * The paper's two-parameter fit A(t) = a·erf(s(t − t*)) + b with a and b fixed, specialised for long,
 * time-sorted curves (the linear setting's 50 000-point curves; 240 of them per reproduction).
 *
 * <p>Same least-squares problem, same scaled coordinates (t* ÷ T, s·T with T = max|t|) and the same
 * status rules ({@link FitRules}) as {@link CurveFitter#fitPaper}; what differs is the cost of one
 * evaluation. Where |s(t − t*)| > {@value #SATURATION} the model is a ± b exactly in double
 * (erfc(6.5) ≈ 4e-20) and its derivatives are below e^(−42), so on a sorted time axis those points form
 * two contiguous runs whose residual sums come from prefix sums computed once; only the transition
 * window in between is evaluated (erf and e^(−z²) from one exponential, {@link ErfWithDerivative}; one
 * pass gives cost, gradient and JᵀJ). The 2×2 damped normal equations are solved directly
 * (Levenberg–Marquardt with Nielsen's damping update). Curves longer than 8192 points first take the
 * LM path on every (n/4096)-th point to a loose tolerance (1e-4), then the full problem is solved from
 * there to 1e-10: the path is cheaper, the optimum is the full problem's (tests compare with
 * {@link CurveFitter} and with scipy).
 *
 * <p>When the fit from the given start does not end as a converged S-curve, this returns
 * {@link CurveFitter#fitWithFallback}'s result (general path, automatic start), so nothing is lost.
 * Stateless and thread-safe.
 */
public final class WindowedErfFitter {

  /** |z| beyond which erf(z) is ±1 in double and erf'(z) < 1e-18. */
  static final double SATURATION = 6.5;
  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
  /** Relative step tolerance in the scaled parameters: 5 orders below the 1e-5 the paper's numbers need. */
  private static final double XTOL = 1e-10;
  private static final double FTOL = 1e-14;
  private static final int MAX_ITERATIONS = 400;
  /** Points of the coarse stage (every (n/4096)-th point) and its loose tolerances. */
  private static final int COARSE_POINTS = 4096;
  private static final double COARSE_XTOL = 1e-4;
  private static final double COARSE_FTOL = 1e-8;
  private static final double CONFIDENCE = 0.95;

  private final ErrorModel errors;
  /** Only t* and s are fitted. */
  private static final boolean[] FREE = {true, true, false, false, false};

  /** A fitter with the default {@link ErrorModel#HAC} errors. */
  public WindowedErfFitter() {
    this(ErrorModel.HAC);
  }

  public WindowedErfFitter(ErrorModel errors) {
    this.errors = errors;
  }

  /** Fits with the given start; falls back to the general fitter when that fails. */
  public FitResult fit(double[] t, double[] y, double a, double b, double s0, double tStar0) {
    FitResult r = fitFromStart(t, y, a, b, s0, tStar0);
    if (r.status().isConverged()) {
      return r;
    }
    return new CurveFitter().fit(t, y, FitOptions.paper(a, b, s0, tStar0).withFallback(true).withErrors(errors));
  }

  /**
   * The paper-faithful fit: from the given start only, a failure reported in the status (like
   * {@link CurveFitter#fitPaper}).
   */
  public FitResult fitFromStart(double[] t, double[] y, double a, double b, double s0, double tStar0) {
    CurveFitter.validate(t, y);
    int bad = firstNotIncreasing(t);
    if (bad > 0) {
      throw new IllegalArgumentException("time must be strictly increasing (index " + bad + ")");
    }
    FitResult r = solve(t, y, a, b, s0, tStar0);
    return r != null ? r : new CurveFitter().fit(t, y, FitOptions.paper(a, b, s0, tStar0).withErrors(errors));
  }

  // The loops over all n points live in small methods of their own. In a short process (the paper
  // run: 240 fits, ~1 s) a loop inside solve or result gets solve or result OSR-compiled by C2 with
  // everything inlined (15 kB of code, ~0.2 s of compiler CPU each); here only the loop is compiled.

  /** First index i with t[i] ≤ t[i − 1], 0 when t is strictly increasing. */
  private static int firstNotIncreasing(double[] t) {
    for (int i = 1; i < t.length; i++) {
      if (!(t[i] > t[i - 1])) {
        return i;
      }
    }
    return 0;
  }

  /** t[i] / scale. */
  private static double[] divided(double[] t, double scale) {
    double[] tau = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      tau[i] = t[i] / scale;
    }
    return tau;
  }

  /** a[i·stride] for i &lt; m. */
  private static double[] every(double[] a, int stride, int m) {
    double[] out = new double[m];
    for (int i = 0; i < m; i++) {
      out[i] = a[i * stride];
    }
    return out;
  }

  /** One evaluation: cost, gradient Jᵀr and JᵀJ over the window. */
  private static final class Problem {
    final double[] tau;
    final double[] y;
    final double a;
    final double b;
    final int n;
    /** Prefix sums of (y − (b − a))² and suffix sums of (y − (b + a))² (rising curve: s > 0). */
    final double[] lowPrefix;
    final double[] highSuffix;
    /** The same with the levels swapped (falling curve), made on first use. */
    double[] highPrefix;
    double[] lowSuffix;
    double cost;
    double g0;
    double g1;
    double h00;
    double h01;
    double h11;
    /** The full Hessian of cost/2: JᵀJ − Σ r·∇²f (Newton near the optimum, where GN is only linear). */
    double n00;
    double n01;
    double n11;
    int evaluations;

    Problem(double[] tau, double[] y, double a, double b) {
      this.tau = tau;
      this.y = y;
      this.a = a;
      this.b = b;
      this.n = tau.length;
      this.lowPrefix = prefix(y, b - a);
      this.highSuffix = suffix(y, b + a);
    }

    static double[] prefix(double[] y, double level) {
      double[] p = new double[y.length + 1];
      for (int i = 0; i < y.length; i++) {
        double r = y[i] - level;
        p[i + 1] = p[i] + r * r;
      }
      return p;
    }

    static double[] suffix(double[] y, double level) {
      double[] p = new double[y.length + 1];
      for (int i = y.length - 1; i >= 0; i--) {
        double r = y[i] - level;
        p[i] = p[i + 1] + r * r;
      }
      return p;
    }

    /** First index with tau[i] >= x (n when none). */
    int lowerBound(double x) {
      int lo = 0;
      int hi = n;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (tau[mid] < x) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** Evaluates at v = t* ÷ T, u = s·T; with {@code derivatives} also Jᵀr and JᵀJ. */
    void evaluate(double v, double u, boolean derivatives) {
      evaluations++;
      int lo = 0;
      int hi = n;
      double outside = 0;
      if (u != 0) {
        double half = SATURATION / Math.abs(u);
        lo = lowerBound(v - half);
        hi = lowerBound(v + half);
        if (u > 0) {
          outside = lowPrefix[lo] + highSuffix[hi];
        } else {
          if (highPrefix == null) {
            highPrefix = prefix(y, b + a);
            lowSuffix = suffix(y, b - a);
          }
          outside = highPrefix[lo] + lowSuffix[hi];
        }
      }
      double c = 0;
      double sg0 = 0;
      double sg1 = 0;
      double s00 = 0;
      double s01 = 0;
      double s11 = 0;
      double c00 = 0;
      double c01 = 0;
      double c11 = 0;
      double k = a * TWO_OVER_SQRT_PI;
      for (int i = lo; i < hi; i++) {
        double d = tau[i] - v;
        double z = u * d;
        double g = Math.exp(-z * z);
        double r = y[i] - (a * ErfWithDerivative.erf(z, g) + b);
        c += r * r;
        if (derivatives) {
          double e = k * g;
          double jv = -e * u;
          double ju = e * d;
          sg0 += jv * r;
          sg1 += ju * r;
          s00 += jv * jv;
          s01 += jv * ju;
          s11 += ju * ju;
          // r·∇²f: f_vv = −2k z u² e^(−z²), f_uv = k e^(−z²)(2zud − 1), f_uu = −2k z d² e^(−z²)
          double re = r * e;
          c00 += re * (-2 * z * u * u);
          c01 += re * (2 * z * u * d - 1);
          c11 += re * (-2 * z * d * d);
        }
      }
      cost = c + outside;
      if (derivatives) {
        g0 = sg0;
        g1 = sg1;
        h00 = s00;
        h01 = s01;
        h11 = s11;
        n00 = s00 - c00;
        n01 = s01 - c01;
        n11 = s11 - c11;
      }
    }
  }

  private FitResult solve(double[] t, double[] y, double a, double b, double s0, double tStar0) {
    int n = t.length;
    if (n < 4) {
      return null;
    }
    double scale = Math.max(Math.abs(t[0]), Math.abs(t[n - 1]));
    if (!(scale > 0)) {
      scale = 1;
    }
    double[] tau = divided(t, scale);
    double v = tStar0 / scale;
    double u = s0 * scale;
    if (!Double.isFinite(v) || !Double.isFinite(u)) {
      return null;
    }
    int evaluations = 0;
    int iterations = 0;
    int stride = n / COARSE_POINTS;
    if (stride >= 2) {
      // Coarse stage on every stride-th point (the same curve, so the same basin) to a loose
      // tolerance; the fine stage below then solves the full problem from there. Only the path
      // changes, not the optimum: the fine stage's result is the full least-squares optimum.
      int m = (n + stride - 1) / stride;
      double[] ct = every(tau, stride, m);
      double[] cy = every(y, stride, m);
      Problem coarse = new Problem(ct, cy, a, b);
      double[] vu = {v, u};
      Outcome o = levenbergMarquardt(coarse, vu, COARSE_XTOL, COARSE_FTOL);
      evaluations += coarse.evaluations;
      iterations += o.iterations;
      if (o.converged && Double.isFinite(vu[0]) && Double.isFinite(vu[1])) {
        v = vu[0];
        u = vu[1];
      }
    }
    Problem p = new Problem(tau, y, a, b);
    double[] vu = {v, u};
    Outcome fine = levenbergMarquardt(p, vu, XTOL, FTOL);
    if (fine == null) {
      return null;
    }
    p.evaluations += evaluations;
    return result(t, y, a, b, p, vu[0], vu[1], fine.cost, scale, iterations + fine.iterations, fine.converged, s0, tStar0);
  }

  private record Outcome(double cost, int iterations, boolean converged) {}

  /** LM on {@code p} from vu = (v, u), updated in place; null when a step left the finite numbers. */
  private static Outcome levenbergMarquardt(Problem p, double[] vu, double xtol, double ftol) {
    double v = vu[0];
    double u = vu[1];
    p.evaluate(v, u, true);
    double cost = p.cost;
    double mu = 1e-3 * Math.max(p.h00, p.h11);
    double nu = 2;
    int iterations = 0;
    boolean converged = false;
    double cg0 = p.g0;
    double cg1 = p.g1;
    double ch00 = p.h00;
    double ch01 = p.h01;
    double ch11 = p.h11;
    double cn00 = p.n00;
    double cn01 = p.n01;
    double cn11 = p.n11;
    while (iterations < MAX_ITERATIONS) {
      iterations++;
      double g0 = cg0;
      double g1 = cg1;
      double h00 = ch00;
      double h01 = ch01;
      double h11 = ch11;
      // The large-residual fits here make Gauss–Newton converge only linearly; use the full Hessian
      // whenever it is positive definite (near the optimum), damped by diag(JᵀJ) either way.
      double m00 = h00;
      double m01 = h01;
      double m11 = h11;
      if (cn00 > 0 && cn11 > 0 && cn00 * cn11 - cn01 * cn01 > 0) {
        m00 = cn00;
        m01 = cn01;
        m11 = cn11;
      }
      if (Math.abs(g0) <= 1e-300 && Math.abs(g1) <= 1e-300) {
        converged = true;
        break;
      }
      // (JᵀJ + μ·diag(JᵀJ)) δ = Jᵀr (Marquardt's scaling; diag floored so a flat direction still damps)
      double d00 = m00 + mu * Math.max(h00, 1e-300);
      double d11 = m11 + mu * Math.max(h11, 1e-300);
      double det = d00 * d11 - m01 * m01;
      if (!(det > 0) || !Double.isFinite(det)) {
        mu = mu == 0 ? 1e-3 : mu * nu;
        nu *= 2;
        if (mu > 1e300) {
          break;
        }
        continue;
      }
      double dv = (d11 * g0 - m01 * g1) / det;
      double du = (d00 * g1 - m01 * g0) / det;
      double nv = v + dv;
      double nu2 = u + du;
      if (!Double.isFinite(nv) || !Double.isFinite(nu2)) {
        vu[0] = v;
        vu[1] = u;
        return null;
      }
      p.evaluate(nv, nu2, true);
      double newCost = p.cost;
      // predicted reduction of the linear model: δᵀ(2g − JᵀJδ)... in cost units: δᵀ(μ D δ + g)
      double predicted = dv * (mu * Math.max(h00, 1e-300) * dv + g0) + du * (mu * Math.max(h11, 1e-300) * du + g1);
      if (newCost < cost) {
        double rho = predicted > 0 ? (cost - newCost) / predicted : 1;
        double f = 1 - Math.pow(2 * rho - 1, 3);
        mu *= Math.max(1.0 / 3, f);
        nu = 2;
        double relReduction = (cost - newCost) / Math.max(cost, 1e-300);
        boolean small = Math.abs(dv) <= xtol * (Math.abs(nv) + xtol) && Math.abs(du) <= xtol * (Math.abs(nu2) + xtol);
        v = nv;
        u = nu2;
        cost = newCost;
        cg0 = p.g0;
        cg1 = p.g1;
        ch00 = p.h00;
        ch01 = p.h01;
        ch11 = p.h11;
        cn00 = p.n00;
        cn01 = p.n01;
        cn11 = p.n11;
        if (small || relReduction < ftol) {
          converged = true;
          break;
        }
      } else {
        // rejected: keep the current point (its derivatives are kept above) and damp harder
        boolean small = Math.abs(dv) <= xtol * (Math.abs(v) + xtol) && Math.abs(du) <= xtol * (Math.abs(u) + xtol);
        if (small) {
          converged = true;
          break;
        }
        mu *= nu;
        nu *= 2;
        if (mu > 1e300) {
          converged = true;
          break;
        }
      }
    }
    vu[0] = v;
    vu[1] = u;
    // leave the current point's JᵀJ in p for the covariance (a rejected trial may have overwritten it)
    p.h00 = ch00;
    p.h01 = ch01;
    p.h11 = ch11;
    return new Outcome(cost, iterations, converged);
  }

  private FitResult result(double[] t, double[] y, double a, double b, Problem p, double v, double u,
                                  double rss, double scale, int iterations, boolean converged, double s0, double tStar0) {
    int n = t.length;
    double tStar = v * scale;
    double s = u / scale;
    double tss = CurveFitter.totalSumOfSquares(y);
    double rSquared = 1 - rss / tss;
    FitStatus status = FitRules.classify(t[0], t[n - 1], new double[] {tStar, s, a, b},
        Double.isFinite(tStar) && Double.isFinite(s), rss, tss,
        converged ? FitStatus.CONVERGED : FitStatus.MAX_ITERATIONS);
    int k = 2;
    double sigma2 = rss / (n - k);
    double det = p.h00 * p.h11 - p.h01 * p.h01;
    double[][] cov = new double[SCurveForm.PARAMETERS][SCurveForm.PARAMETERS];
    Influence inf = null;
    if (det > 0 && Double.isFinite(det)) {
      double i00 = p.h11 / det;
      double i11 = p.h00 / det;
      double i01 = -p.h01 / det;
      double[][] inverse = new double[SCurveForm.PARAMETERS][SCurveForm.PARAMETERS];
      inverse[SCurveForm.T_STAR][SCurveForm.T_STAR] = i00 * scale * scale;
      inverse[SCurveForm.S][SCurveForm.S] = i11 / (scale * scale);
      inverse[SCurveForm.T_STAR][SCurveForm.S] = i01;
      inverse[SCurveForm.S][SCurveForm.T_STAR] = i01;
      // identifiability on (JᵀJ)⁻¹, as CurveFitter checks every start
      status = FitRules.checkCovariance(status, inverse, FREE);
      if (status.isConverged() && !FitRules.sensitive(new double[] {p.h00, p.h11}, n)) {
        status = FitStatus.SINGULAR_COVARIANCE;
      }
      if (errors == ErrorModel.HAC) {
        inf = influence(t, y, p, a, b, v, u, scale, new double[][] {{scale * i00, scale * i01},
            {i01 / scale, i11 / scale}});
        double[][] hac = LongRunVariance.of(inf.series(), k);
        cov[SCurveForm.T_STAR][SCurveForm.T_STAR] = hac[0][0];
        cov[SCurveForm.S][SCurveForm.S] = hac[1][1];
        cov[SCurveForm.T_STAR][SCurveForm.S] = hac[0][1];
        cov[SCurveForm.S][SCurveForm.T_STAR] = hac[1][0];
      } else {
        cov[SCurveForm.T_STAR][SCurveForm.T_STAR] = sigma2 * i00 * scale * scale;
        cov[SCurveForm.S][SCurveForm.S] = sigma2 * i11 / (scale * scale);
        cov[SCurveForm.T_STAR][SCurveForm.S] = sigma2 * i01;
        cov[SCurveForm.S][SCurveForm.T_STAR] = sigma2 * i01;
      }
    } else {
      cov[SCurveForm.T_STAR][SCurveForm.T_STAR] = Double.NaN;
      cov[SCurveForm.S][SCurveForm.S] = Double.NaN;
      cov[SCurveForm.T_STAR][SCurveForm.S] = Double.NaN;
      cov[SCurveForm.S][SCurveForm.T_STAR] = Double.NaN;
    }
    status = FitRules.checkFinite(status, cov, FREE);
    double aic = ModelCriterion.aic(n, rss, k);
    double bic = ModelCriterion.bic(n, rss, k);
    double tq = CurveFitter.studentQuantile(CurveFitter.degreesOfFreedom(n, k, inf), CONFIDENCE);
    return new FitResult(SCurveForm.ERF, status, tStar, s, a, b, Double.NaN,
        Math.sqrt(cov[SCurveForm.T_STAR][SCurveForm.T_STAR]), Math.sqrt(cov[SCurveForm.S][SCurveForm.S]), 0, 0, Double.NaN,
        cov, errors, inf, CONFIDENCE, tq, rss, aic, bic, rSquared, n, k, iterations, p.evaluations, StartSource.GIVEN, tStar0, s0, null);
  }

  /**
   * The whitened influence series of the fit: zero where the model is saturated (its derivatives are
   * below e^(−42) there), {@link CurveFitter#paperErfInfluence} on the transition window.
   */
  private static Influence influence(double[] t, double[] y, Problem p, double a, double b, double v, double u,
      double scale, double[][] coef) {
    int n = t.length;
    double[][] psi = new double[2][n];
    int lo = 0;
    int hi = n;
    if (u != 0) {
      double half = SATURATION / Math.abs(u);
      lo = p.lowerBound(v - half);
      hi = p.lowerBound(v + half);
    }
    double[] rr = CurveFitter.paperErfInfluence(p.tau, y, new double[] {v, u, a, b, 1.0}, coef, null, psi, lo, hi);
    // the residuals' autocorrelation where the curve carries information (outside, ψ is 0 anyway)
    double rho = LongRunVariance.rho(rr[0], rr[1]);
    LongRunVariance.whiten(psi, rho);
    return new Influence(t, new int[] {SCurveForm.T_STAR, SCurveForm.S}, psi, rho);
  }
}
