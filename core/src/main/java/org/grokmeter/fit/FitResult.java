package org.grokmeter.fit;

/**
 * One fitted S-curve A(t) = a·f(s·(t − t*)) + b, with its uncertainty and how it was obtained.
 * Parameters that were held fixed have standard error 0. Standard errors are scipy {@code curve_fit}'s
 * (absolute_sigma = false): √diag(σ²·(JᵀJ)⁻¹) with σ² = rss/(n − k); intervals are
 * value ± {@code tQuantile}·SE with Student's t at n − k degrees of freedom.
 *
 * @param covariance 5×5 covariance in the order of {@link SCurveForm#T_STAR} … {@link SCurveForm#NU}
 *                   (rows/columns of fixed parameters are 0; NaN when JᵀJ is singular)
 * @param aic        n·ln(rss/n) + 2k (k = free parameters; the lmfit convention)
 * @param bic        n·ln(rss/n) + k·ln n
 * @param bootstrap  residual-bootstrap summary, or {@code null} when not requested
 */
public record FitResult(
    SCurveForm form,
    FitStatus status,
    double jumpTime,
    double sharpness,
    double amplitude,
    double offset,
    double shape,
    double jumpTimeStdErr,
    double sharpnessStdErr,
    double amplitudeStdErr,
    double offsetStdErr,
    double shapeStdErr,
    double[][] covariance,
    double confidenceLevel,
    double tQuantile,
    double rss,
    double aic,
    double bic,
    double rSquared,
    int points,
    int freeParameters,
    int iterations,
    int evaluations,
    StartSource startSource,
    double startJumpTime,
    double startSharpness,
    Bootstrap bootstrap) {

  /** The full parameter vector in the order of {@link SCurveForm#T_STAR} … {@link SCurveForm#NU}. */
  public double[] parameters() {
    return new double[] {jumpTime, sharpness, amplitude, offset, shape};
  }

  /** The fitted curve at time t. */
  public double value(double t) {
    return form.value(t, parameters());
  }

  /** Steepest slope of the fitted curve, a·s·f'(0) (for erf: a·s·2/√π, the paper's R_abs). */
  public double maxSlope() {
    return amplitude * sharpness * form.peakSlope(shape);
  }

  /** Standard error of {@link #maxSlope()} by the delta method (a, s and their covariance). */
  public double maxSlopeStdErr() {
    double k = form.peakSlope(shape);
    double va = amplitudeStdErr * amplitudeStdErr;
    double vs = sharpnessStdErr * sharpnessStdErr;
    double cov = covariance == null ? 0.0 : covariance[SCurveForm.A][SCurveForm.S];
    double var = sharpness * sharpness * va + amplitude * amplitude * vs + 2 * amplitude * sharpness * cov;
    return Math.abs(k) * Math.sqrt(Math.max(0.0, var));
  }

  public double jumpTimeLow() {
    return jumpTime - tQuantile * jumpTimeStdErr;
  }

  public double jumpTimeHigh() {
    return jumpTime + tQuantile * jumpTimeStdErr;
  }

  public double sharpnessLow() {
    return sharpness - tQuantile * sharpnessStdErr;
  }

  public double sharpnessHigh() {
    return sharpness + tQuantile * sharpnessStdErr;
  }

  /** A copy with another status (used when a fallback relabels a result). */
  public FitResult withStatus(FitStatus s) {
    return new FitResult(form, s, jumpTime, sharpness, amplitude, offset, shape, jumpTimeStdErr,
        sharpnessStdErr, amplitudeStdErr, offsetStdErr, shapeStdErr, covariance, confidenceLevel,
        tQuantile, rss, aic, bic, rSquared, points, freeParameters, iterations, evaluations,
        startSource, startJumpTime, startSharpness, bootstrap);
  }

  /** A copy carrying a bootstrap summary. */
  public FitResult withBootstrap(Bootstrap b) {
    return new FitResult(form, status, jumpTime, sharpness, amplitude, offset, shape, jumpTimeStdErr,
        sharpnessStdErr, amplitudeStdErr, offsetStdErr, shapeStdErr, covariance, confidenceLevel,
        tQuantile, rss, aic, bic, rSquared, points, freeParameters, iterations, evaluations,
        startSource, startJumpTime, startSharpness, b);
  }
}
