package org.grokmeter.fit;

/**
 * One fitted S-curve A(t) = a·f(s·(t − t*)) + b, with its uncertainty and how it was obtained.
 * Parameters that were held fixed have standard error 0. The covariance is the {@link ErrorModel}'s:
 * by default the HAC sandwich H⁻¹ΩH⁻¹ (Ω the long-run covariance of the scores), with
 * {@link ErrorModel#IID} scipy {@code curve_fit}'s σ²·(JᵀJ)⁻¹ with σ² = rss/(n − k); standard errors are
 * the square roots of its diagonal, intervals value ± {@code tQuantile}·SE with Student's t at n − k
 * degrees of freedom.
 *
 * @param covariance 5×5 covariance in the order of {@link SCurveForm#T_STAR} … {@link SCurveForm#NU}
 *                   (rows/columns of fixed parameters are 0; NaN when JᵀJ is singular)
 * @param errors     how the covariance was computed
 * @param influence  the per-point influence series (for the joint errors of m and R_rel), or
 *                   {@code null} with {@link ErrorModel#IID} or when the fit failed
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
    ErrorModel errors,
    Influence influence,
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

  /** Standard error of {@link #maxSlope()} by the delta method (a, s, ν and their covariance). */
  public double maxSlopeStdErr() {
    double[] g = maxSlopeGradient();
    double var = 0.0;
    for (int i = 0; i < SCurveForm.PARAMETERS; i++) {
      for (int j = 0; j < SCurveForm.PARAMETERS; j++) {
        if (g[i] != 0 && g[j] != 0) {
          var += g[i] * covariance[i][j] * g[j];
        }
      }
    }
    return Math.sqrt(Math.max(0.0, var));
  }

  /** ∂ maxSlope / ∂(t*, s, a, b, ν): a·f'(0), s·f'(0) and, for Richards, a·s·∂f'(0)/∂ν. */
  double[] maxSlopeGradient() {
    double k = form.peakSlope(shape);
    double[] g = new double[SCurveForm.PARAMETERS];
    g[SCurveForm.S] = amplitude * k;
    g[SCurveForm.A] = sharpness * k;
    if (form.hasShape() && shapeStdErr > 0) {
      double h = 1e-6 * Math.max(1.0, Math.abs(shape));
      g[SCurveForm.NU] = amplitude * sharpness * (form.peakSlope(shape + h) - form.peakSlope(shape - h)) / (2 * h);
    }
    return g;
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
        sharpnessStdErr, amplitudeStdErr, offsetStdErr, shapeStdErr, covariance, errors, influence, confidenceLevel,
        tQuantile, rss, aic, bic, rSquared, points, freeParameters, iterations, evaluations,
        startSource, startJumpTime, startSharpness, bootstrap);
  }

  /** A copy carrying a bootstrap summary. */
  public FitResult withBootstrap(Bootstrap b) {
    return new FitResult(form, status, jumpTime, sharpness, amplitude, offset, shape, jumpTimeStdErr,
        sharpnessStdErr, amplitudeStdErr, offsetStdErr, shapeStdErr, covariance, errors, influence, confidenceLevel,
        tQuantile, rss, aic, bic, rSquared, points, freeParameters, iterations, evaluations,
        startSource, startJumpTime, startSharpness, b);
  }
}
