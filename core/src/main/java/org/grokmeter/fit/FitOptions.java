package org.grokmeter.fit;

/**
 * Settings of a general fit. Use {@link #defaults()} and the {@code with…} methods.
 *
 * @param form            the S-shape; {@code null} chooses among all forms by {@code criterion}
 * @param criterion       AIC or BIC, for the automatic choice of form
 * @param amplitude       fixed a, or NaN to fit it
 * @param offset          fixed b, or NaN to fit it
 * @param startJumpTime   starting t*, or NaN for the automatic start
 * @param startSharpness  starting s, or NaN for the automatic start
 * @param startSetting    start from this setting's paper start (resolved against each curve's time axis), or {@code null}
 * @param startShape      starting Richards ν (&gt; 0)
 * @param fallback        when the given start fails, retry from the automatic starts
 * @param loss            least squares or a robust loss
 * @param lossScale       residual scale c of the robust loss; NaN = 1.4826·MAD of least-squares residuals
 * @param errors          how standard errors and intervals are computed
 * @param bootstrap       number of residual-bootstrap replicates (0 = none)
 * @param seed            seed of the bootstrap
 * @param confidenceLevel level of the reported intervals, e.g. 0.95
 * @param maxIterations   Levenberg–Marquardt iteration budget per start
 */
public record FitOptions(
    SCurveForm form,
    ModelCriterion criterion,
    double amplitude,
    double offset,
    double startJumpTime,
    double startSharpness,
    PaperSetting startSetting,
    double startShape,
    boolean fallback,
    Loss loss,
    double lossScale,
    ErrorModel errors,
    int bootstrap,
    long seed,
    double confidenceLevel,
    int maxIterations) {

  public FitOptions {
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1): " + confidenceLevel);
    }
    if (bootstrap < 0) {
      throw new IllegalArgumentException("bootstrap replicates must be >= 0: " + bootstrap);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("max iterations must be >= 1: " + maxIterations);
    }
    if (!(startShape > 0) || !Double.isFinite(startShape)) {
      throw new IllegalArgumentException("Richards shape must be finite and > 0: " + startShape);
    }
    if (loss == null || criterion == null) {
      throw new IllegalArgumentException("loss and criterion must be given");
    }
  }

  /** erf form, free a and b, automatic start, least squares, no bootstrap, 95% intervals. */
  public static FitOptions defaults() {
    return new FitOptions(SCurveForm.ERF, ModelCriterion.AIC, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, null, 1.0, true, Loss.LINEAR, Double.NaN, ErrorModel.HAC, 0, 0L, 0.95, 400);
  }

  /** The paper's mode: erf, a and b fixed, the given start, no fallback. */
  public static FitOptions paper(double a, double b, double s0, double tStar0) {
    return defaults().withAmplitude(a).withOffset(b).withStart(tStar0, s0).withFallback(false);
  }

  /** The paper's mode of a setting: erf, its a and b fixed, its start, no fallback. */
  public static FitOptions paper(PaperSetting setting) {
    return defaults().withAmplitude(setting.amplitude()).withOffset(setting.offset()).withStart(setting)
        .withFallback(false);
  }

  public FitOptions withForm(SCurveForm f) {
    return new FitOptions(f, criterion, amplitude, offset, startJumpTime, startSharpness, startSetting, startShape, fallback, loss, lossScale, errors, bootstrap, seed, confidenceLevel, maxIterations);
  }

  /** Automatic choice of form by the given criterion. */
  public FitOptions withAutoForm(ModelCriterion c) {
    return new FitOptions(null, c, amplitude, offset, startJumpTime, startSharpness, startSetting, startShape, fallback, loss, lossScale, errors, bootstrap, seed, confidenceLevel, maxIterations);
  }

  public FitOptions withAmplitude(double a) {
    return new FitOptions(form, criterion, a, offset, startJumpTime, startSharpness, startSetting, startShape, fallback, loss, lossScale, errors, bootstrap, seed, confidenceLevel, maxIterations);
  }

  public FitOptions withOffset(double b) {
    return new FitOptions(form, criterion, amplitude, b, startJumpTime, startSharpness, startSetting, startShape, fallback, loss, lossScale, errors, bootstrap, seed, confidenceLevel, maxIterations);
  }

  public FitOptions withStart(double tStar0, double s0) {
    return new FitOptions(form, criterion, amplitude, offset, tStar0, s0, null, startShape, fallback, loss, lossScale, errors, bootstrap, seed, confidenceLevel, maxIterations);
  }

  /** Starts from the setting's paper start (t_max is each curve's last time). */
  public FitOptions withStart(PaperSetting setting) {
    return new FitOptions(form, criterion, amplitude, offset, Double.NaN, Double.NaN, setting, startShape, fallback, loss, lossScale, errors, bootstrap, seed, confidenceLevel, maxIterations);
  }

  public FitOptions withStartShape(double nu0) {
    return new FitOptions(form, criterion, amplitude, offset, startJumpTime, startSharpness, startSetting, nu0, fallback, loss, lossScale, errors, bootstrap, seed, confidenceLevel, maxIterations);
  }

  public FitOptions withFallback(boolean on) {
    return new FitOptions(form, criterion, amplitude, offset, startJumpTime, startSharpness, startSetting, startShape, on, loss, lossScale, errors, bootstrap, seed, confidenceLevel, maxIterations);
  }

  public FitOptions withLoss(Loss l, double scale) {
    return new FitOptions(form, criterion, amplitude, offset, startJumpTime, startSharpness, startSetting, startShape, fallback, l, scale, errors, bootstrap, seed, confidenceLevel, maxIterations);
  }

  public FitOptions withErrors(ErrorModel e) {
    return new FitOptions(form, criterion, amplitude, offset, startJumpTime, startSharpness, startSetting, startShape, fallback, loss, lossScale, e, bootstrap, seed, confidenceLevel, maxIterations);
  }

  public FitOptions withBootstrap(int replicates, long bootstrapSeed) {
    return new FitOptions(form, criterion, amplitude, offset, startJumpTime, startSharpness, startSetting, startShape, fallback, loss, lossScale, errors, replicates, bootstrapSeed, confidenceLevel, maxIterations);
  }

  public FitOptions withConfidenceLevel(double level) {
    return new FitOptions(form, criterion, amplitude, offset, startJumpTime, startSharpness, startSetting, startShape, fallback, loss, lossScale, errors, bootstrap, seed, level, maxIterations);
  }

  public FitOptions withMaxIterations(int n) {
    return new FitOptions(form, criterion, amplitude, offset, startJumpTime, startSharpness, startSetting, startShape, fallback, loss, lossScale, errors, bootstrap, seed, confidenceLevel, n);
  }

  /** Whether the caller gave a start (both t* and s, or a paper setting's). */
  public boolean hasStart() {
    return startSetting != null || (!Double.isNaN(startJumpTime) && !Double.isNaN(startSharpness));
  }

  /** The starting {t*, s} for a curve whose last time is {@code tMax} (NaN when none was given). */
  public double[] start(double tMax) {
    if (startSetting != null) {
      return new double[] {startSetting.startJumpTime(tMax), startSetting.startSharpness(tMax)};
    }
    return new double[] {startJumpTime, startSharpness};
  }

  public boolean amplitudeFixed() {
    return !Double.isNaN(amplitude);
  }

  public boolean offsetFixed() {
    return !Double.isNaN(offset);
  }
}
