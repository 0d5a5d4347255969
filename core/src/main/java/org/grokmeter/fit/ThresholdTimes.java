package org.grokmeter.fit;

/**
 * Threshold-based times reported beside a fit: the first time the curve reaches {@code threshold},
 * and the first time from which it stays at or above it for {@code holdFor} consecutive evaluations
 * (robust to a single lucky epoch). NaN when the curve never does.
 */
public record ThresholdTimes(double threshold, int holdFor, double firstAbove, double stableAbove) {

  /** The paper's threshold for "grokked". */
  public static final double DEFAULT_THRESHOLD = 0.99;
  /** Default number of consecutive evaluations for a stable crossing. */
  public static final int DEFAULT_HOLD = 10;

  /** Times at 0.99, held for 10 evaluations. */
  public static ThresholdTimes of(double[] t, double[] y) {
    return of(t, y, DEFAULT_THRESHOLD, DEFAULT_HOLD);
  }

  public static ThresholdTimes of(double[] t, double[] y, double threshold, int holdFor) {
    if (t.length != y.length) {
      throw new IllegalArgumentException("time has " + t.length + " points but the curve has " + y.length);
    }
    if (holdFor < 1) {
      throw new IllegalArgumentException("hold must be at least 1 evaluation: " + holdFor);
    }
    double first = Double.NaN;
    double stable = Double.NaN;
    int run = 0;
    for (int i = 0; i < y.length; i++) {
      if (y[i] >= threshold) {
        if (Double.isNaN(first)) {
          first = t[i];
        }
        run++;
        if (run == holdFor) {
          stable = t[i - holdFor + 1];
          break;
        }
      } else {
        run = 0;
      }
    }
    return new ThresholdTimes(threshold, holdFor, first, stable);
  }

  /** Whether the curve ever reached the threshold. */
  public boolean reached() {
    return !Double.isNaN(firstAbove);
  }
}
