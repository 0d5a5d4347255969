package org.grokmeter.fit;

/**
 * The paper's measures (SPEC §1) from the training and the validation fit, with standard errors
 * propagated to first order (delta method; the two fits are independent):
 * <ul>
 *   <li>relative grokking gap m = t*_val/t*_train − 1,</li>
 *   <li>relative sharpness R_rel = s_val/s_train,</li>
 *   <li>absolute sharpness R_abs = steepest slope of the validation fit, a·s_val·2/√π for erf.</li>
 * </ul>
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
    double mSe = Math.abs(ratioT) * Math.hypot(val.jumpTimeStdErr() / val.jumpTime(),
        train.jumpTimeStdErr() / train.jumpTime());
    double rRel = val.sharpness() / train.sharpness();
    double rRelSe = Math.abs(rRel) * Math.hypot(val.sharpnessStdErr() / val.sharpness(),
        train.sharpnessStdErr() / train.sharpness());
    return new GrokkingMeasures(m, mSe, rRel, rRelSe, val.maxSlope(), val.maxSlopeStdErr(), true);
  }
}
