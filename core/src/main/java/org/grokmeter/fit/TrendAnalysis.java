package org.grokmeter.fit;

import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Trend of a sharpness measure R against the relative grokking gap m across runs (docs/method.md, the paper's
 * Figures 5 and 6): the least-squares line log₁₀R = intercept + slope·log₁₀m with standard errors,
 * the Pearson correlation of log m with log R and of m with log R (the paper's code uses the latter),
 * each with its two-sided p-value (t test, n − 2 degrees of freedom). Runs with non-finite or
 * non-positive m or R are left out and counted in {@code excluded}.
 *
 * <p>The p-values come from the t distribution's survival function, not from
 * {@code SimpleRegression.getSignificance()}: that computes 2·(1 − CDF), which cancels to exactly 0
 * below ~1e-16 — the paper's 61-run MLP trend (r ≈ −0.88, p ≈ 1e-20) printed as p = 0.
 */
public record TrendAnalysis(
    int runs,
    int excluded,
    double slope,
    double slopeStdErr,
    double intercept,
    double interceptStdErr,
    double pearsonLogLog,
    double pValueLogLog,
    double pearsonLinLog,
    double pValueLinLog) {

  public static TrendAnalysis of(double[] relativeGap, double[] sharpness) {
    if (relativeGap.length != sharpness.length) {
      throw new IllegalArgumentException("m has " + relativeGap.length + " runs but R has " + sharpness.length);
    }
    SimpleRegression logLog = new SimpleRegression();
    SimpleRegression linLog = new SimpleRegression();
    int used = 0;
    for (int i = 0; i < relativeGap.length; i++) {
      double m = relativeGap[i];
      double r = sharpness[i];
      if (!(m > 0) || !(r > 0) || !Double.isFinite(m) || !Double.isFinite(r)) {
        continue;
      }
      logLog.addData(Math.log10(m), Math.log10(r));
      linLog.addData(m, Math.log10(r));
      used++;
    }
    int excluded = relativeGap.length - used;
    if (used < 3) {
      double nan = Double.NaN;
      return new TrendAnalysis(used, excluded, nan, nan, nan, nan, nan, nan, nan, nan);
    }
    return new TrendAnalysis(used, excluded,
        logLog.getSlope(), logLog.getSlopeStdErr(), logLog.getIntercept(), logLog.getInterceptStdErr(),
        logLog.getR(), pValue(logLog), linLog.getR(), pValue(linLog));
  }

  /** Two-sided p-value of the slope's t statistic (equivalently of Pearson's r), n − 2 degrees of freedom. */
  static double pValue(SimpleRegression r) {
    double t = Math.abs(r.getSlope() / r.getSlopeStdErr());
    if (Double.isNaN(t)) {
      return Double.NaN;
    }
    return 2.0 * TDistribution.of(r.getN() - 2).survivalProbability(t);
  }
}
