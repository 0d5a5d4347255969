package org.grokmeter.fit;

import java.util.Arrays;

/**
 * The paper's measures (docs/method.md) from the training and the validation fit, with standard errors:
 * <ul>
 *   <li>relative grokking gap m = t*_val/t*_train − 1,</li>
 *   <li>relative sharpness R_rel = s_val/s_train,</li>
 *   <li>absolute sharpness R_abs = steepest slope of the validation fit, a·s_val·2/√π for erf.</li>
 * </ul>
 *
 * <p>Errors follow the fits' {@link ErrorModel}. With {@link ErrorModel#HAC} and both curves on the same
 * time axis, the error of m (and R_rel) is the long-run variance of its own influence series
 * ∂m/∂t*_val·ψ_val + ∂m/∂t*_train·ψ_train, so noise the two curves share (a bad epoch moves both) is
 * counted; on different axes, and with {@link ErrorModel#IID}, the two fits are taken as independent
 * (delta method). R_abs's error is the validation fit's, by the delta method on a, s (and ν).
 *
 * <p>When either fit did not converge every measure is NaN (undefined, an empty cell in output).
 *
 * @param valid both fits converged, so the measures mean what they say
 */
public record GrokkingMeasures(
    double relativeGap,
    double relativeGapStdErr,
    double relativeSharpness,
    double relativeSharpnessStdErr,
    double absoluteSharpness,
    double absoluteSharpnessStdErr,
    boolean valid) {

  /** Measures of a run from its training and validation fits. */
  public static GrokkingMeasures of(FitResult train, FitResult val) {
    boolean valid = train.status().isConverged() && val.status().isConverged();
    if (!valid) {
      // a fit that is no S-curve in range has no jump time or sharpness to compare
      double nan = Double.NaN;
      return new GrokkingMeasures(nan, nan, nan, nan, nan, nan, false);
    }
    double ratioT = val.jumpTime() / train.jumpTime();
    double m = ratioT - 1.0;
    double rRel = val.sharpness() / train.sharpness();
    double mSe;
    double rRelSe;
    Influence ti = train.influence();
    Influence vi = val.influence();
    if (ti != null && vi != null && Arrays.equals(ti.time(), vi.time())) {
      int k = train.freeParameters() + val.freeParameters();
      mSe = Math.sqrt(LongRunVariance.ofScalar(ratioSeries(val.jumpTime(), vi.of(SCurveForm.T_STAR),
          train.jumpTime(), ti.of(SCurveForm.T_STAR)), k));
      rRelSe = Math.sqrt(LongRunVariance.ofScalar(ratioSeries(val.sharpness(), vi.of(SCurveForm.S),
          train.sharpness(), ti.of(SCurveForm.S)), k));
    } else {
      mSe = Math.abs(ratioT) * Math.hypot(val.jumpTimeStdErr() / val.jumpTime(),
          train.jumpTimeStdErr() / train.jumpTime());
      rRelSe = Math.abs(rRel) * Math.hypot(val.sharpnessStdErr() / val.sharpness(),
          train.sharpnessStdErr() / train.sharpness());
    }
    return new GrokkingMeasures(m, mSe, rRel, rRelSe, val.maxSlope(), val.maxSlopeStdErr(), true);
  }

  /**
   * Lower end of the interval of m at quantile q: on the log scale of the ratio 1 + m = t*_val/t*_train,
   * (1 + m)·exp(−q·SE/(1 + m)) − 1, which follows the skew of a ratio (a symmetric interval is too
   * short on the side where the denominator is small).
   */
  public double relativeGapLow(double q) {
    return (1 + relativeGap) * Math.exp(-q * relativeGapStdErr / (1 + relativeGap)) - 1;
  }

  public double relativeGapHigh(double q) {
    return (1 + relativeGap) * Math.exp(q * relativeGapStdErr / (1 + relativeGap)) - 1;
  }

  /** Lower end of the interval of R_rel at quantile q, on the log scale of the ratio: R·exp(−q·SE/R). */
  public double relativeSharpnessLow(double q) {
    return relativeSharpness * Math.exp(-q * relativeSharpnessStdErr / relativeSharpness);
  }

  public double relativeSharpnessHigh(double q) {
    return relativeSharpness * Math.exp(q * relativeSharpnessStdErr / relativeSharpness);
  }

  /** Influence series of x/y: ψ_x/y − (x/y²)·ψ_y. */
  private static double[] ratioSeries(double x, double[] psiX, double y, double[] psiY) {
    double[] out = new double[psiX.length];
    double cx = 1.0 / y;
    double cy = -x / (y * y);
    for (int i = 0; i < out.length; i++) {
      out[i] = cx * psiX[i] + cy * psiY[i];
    }
    return out;
  }
}
