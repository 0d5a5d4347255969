package org.grokmeter.fit;

/**
 * The one set of rules that turns an optimiser's outcome into a {@link FitStatus}, shared by
 * {@link CurveFitter} and {@link WindowedErfFitter} so that both label the same curve the same way.
 * Order matters: the most fundamental failure wins.
 */
final class FitRules {

  /** An S-curve that explains less than this fraction of the variance is not an S-curve. */
  static final double MIN_R_SQUARED = 0.5;
  /** A jump time further than this many time ranges from the data has run away. */
  static final double RUNAWAY_RANGES = 1e3;
  /** s·(t_max − t_min) below this: the fitted transition is far wider than the data. */
  static final double MIN_SHARPNESS_RANGE = 0.1;

  private FitRules() {}

  /**
   * A converged status stays converged only when the covariance of the free parameters is finite and
   * positive definite (Cholesky of the correlation matrix with every pivot above 1e-12); otherwise
   * {@link FitStatus#SINGULAR_COVARIANCE}. Other statuses pass unchanged. The fitters pass (JᵀJ)⁻¹:
   * positive definite exactly when the data determine every free parameter.
   *
   * @param cov  5×5 covariance in the order of {@link SCurveForm#T_STAR} …
   * @param free which parameters were fitted
   */
  static FitStatus checkCovariance(FitStatus status, double[][] cov, boolean[] free) {
    if (!status.isConverged()) {
      return status;
    }
    return positiveDefinite(cov, free) ? status : FitStatus.SINGULAR_COVARIANCE;
  }

  /**
   * A converged status stays converged only when the reported covariance of the free parameters is
   * finite with non-negative variances (the HAC estimate: identifiability is {@link #checkCovariance}'s
   * test on (JᵀJ)⁻¹; a long-run covariance of a near-perfect fit may be close to
   * rank-deficient without any parameter being undetermined).
   */
  static FitStatus checkFinite(FitStatus status, double[][] cov, boolean[] free) {
    if (!status.isConverged()) {
      return status;
    }
    for (int a = 0; a < free.length; a++) {
      for (int b = 0; b < free.length; b++) {
        if (free[a] && free[b] && !Double.isFinite(cov[a][b])) {
          return FitStatus.SINGULAR_COVARIANCE;
        }
      }
      if (free[a] && !(cov[a][a] >= 0)) {
        return FitStatus.SINGULAR_COVARIANCE;
      }
    }
    return status;
  }

  /**
   * Whether every free parameter moves the curve at all: each diagonal entry of JᵀJ in the fitters'
   * scaled coordinates (t* ÷ T, s·T, a, b, ln ν, all of order one) above 1e-20·n, i.e. a unit change
   * moves the curve by more than 1e-10 per point. A jump between two recorded points, fitted exactly
   * by any large enough s, fails it (the Jacobian underflows everywhere), while an exact fit of a
   * noiseless S-curve passes.
   */
  static boolean sensitive(double[] diagonal, int n) {
    for (double d : diagonal) {
      if (!(d > 1e-20 * n)) {
        return false;
      }
    }
    return true;
  }

  static boolean positiveDefinite(double[][] cov, boolean[] free) {
    int k = 0;
    int[] idx = new int[free.length];
    for (int i = 0; i < free.length; i++) {
      if (free[i]) {
        idx[k++] = i;
      }
    }
    double[][] c = new double[k][k];
    for (int a = 0; a < k; a++) {
      double va = cov[idx[a]][idx[a]];
      if (!(va > 0) || !Double.isFinite(va)) {
        return false;
      }
    }
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        double v = cov[idx[a]][idx[b]] / Math.sqrt(cov[idx[a]][idx[a]] * cov[idx[b]][idx[b]]);
        if (!Double.isFinite(v)) {
          return false;
        }
        c[a][b] = v;
      }
    }
    // Cholesky of the correlation matrix: scale-free, so the threshold means the same for every form
    for (int j = 0; j < k; j++) {
      double d = c[j][j];
      for (int p = 0; p < j; p++) {
        d -= c[j][p] * c[j][p];
      }
      if (!(d > 1e-12)) {
        return false;
      }
      double r = Math.sqrt(d);
      c[j][j] = r;
      for (int i = j + 1; i < k; i++) {
        double s = c[i][j];
        for (int p = 0; p < j; p++) {
          s -= c[i][p] * c[j][p];
        }
        c[i][j] = s / r;
      }
    }
    return true;
  }

  /**
   * The status of an optimum.
   *
   * @param tMin   first recorded time
   * @param tMax   last recorded time
   * @param p      parameters in the order of {@link SCurveForm#T_STAR} … (at least t*, s, a)
   * @param finite whether every fitted parameter is finite
   * @param rss    residual sum of squares of the (unweighted) fit
   * @param tss    total sum of squares of the data about their mean
   * @param raw    the optimiser's own outcome: {@link FitStatus#CONVERGED},
   *               {@link FitStatus#MAX_ITERATIONS} or {@link FitStatus#DIVERGED}
   */
  static FitStatus classify(double tMin, double tMax, double[] p, boolean finite, double rss, double tss,
      FitStatus raw) {
    if (!(tss > 0)) {
      return FitStatus.FLAT_CURVE;
    }
    if (!finite || !Double.isFinite(rss) || raw == FitStatus.DIVERGED) {
      return FitStatus.DIVERGED;
    }
    double range = tMax - tMin;
    double mid = 0.5 * (tMin + tMax);
    double tStar = p[SCurveForm.T_STAR];
    double s = p[SCurveForm.S];
    if (Math.abs(tStar - mid) > RUNAWAY_RANGES * range) {
      return FitStatus.DIVERGED;
    }
    if (!(p[SCurveForm.A] * s > 0)) {
      return FitStatus.NOT_AN_S_CURVE;
    }
    // a transition over ten times wider than the whole record is a slope, not an S
    if (Math.abs(s) * range < MIN_SHARPNESS_RANGE) {
      return FitStatus.NOT_AN_S_CURVE;
    }
    if (tStar < tMin || tStar > tMax) {
      return raw == FitStatus.MAX_ITERATIONS ? FitStatus.MAX_ITERATIONS : FitStatus.NO_TRANSITION_IN_RANGE;
    }
    // even when the budget ran out: a best point that explains little is no S-curve (pure noise)
    if (!(1.0 - rss / tss >= MIN_R_SQUARED)) {
      return FitStatus.NOT_AN_S_CURVE;
    }
    if (raw == FitStatus.MAX_ITERATIONS) {
      return FitStatus.MAX_ITERATIONS;
    }
    return FitStatus.CONVERGED;
  }
}
