package org.grokmeter.fit;

import java.util.Locale;

/**
 * What became of a fit. A failed fit is a result with one of these statuses, never an exception, so a
 * sweep never silently drops a run. {@link #token()} is the stable lower-case form written to CSV.
 */
public enum FitStatus {
  /**
   * Levenberg–Marquardt converged from the requested (paper or user) start to a rising S-curve with its
   * jump in the recorded range and a finite, positive-definite covariance.
   */
  CONVERGED,
  /** The requested start failed; the automatic start (threshold crossing / steepest rise) converged. */
  CONVERGED_AUTO_START,
  /** The iteration or evaluation budget ran out; the best point seen is reported. */
  MAX_ITERATIONS,
  /** The optimum is not a rising S-curve: it falls, is flat, or explains little of the variance. */
  NOT_AN_S_CURVE,
  /** The fit converged but its jump time lies outside the recorded time range. */
  NO_TRANSITION_IN_RANGE,
  /** The parameters ran away (non-finite, or the jump time left the range by orders of magnitude). */
  DIVERGED,
  /** The curve is exactly constant: there is no transition to fit and R² is undefined. */
  FLAT_CURVE,
  /**
   * The optimum is an S-curve in range, but its covariance is not finite and positive definite: some
   * parameter is not determined by the data (e.g. a transition between two recorded points).
   */
  SINGULAR_COVARIANCE,
  /** Fewer points than the fit needs (at least 4, and more than the free parameters). */
  TOO_FEW_POINTS;

  /** Stable lower-case token for CSV/JSON, e.g. {@code converged_auto_start}. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status in words, for reports. */
  public String description() {
    return switch (this) {
      case CONVERGED -> "converged to a rising S-curve with its jump in the recorded range";
      case CONVERGED_AUTO_START -> "the requested start failed; an automatic start converged to an S-curve in range";
      case MAX_ITERATIONS -> "the iteration budget ran out; the best point seen is shown";
      case NOT_AN_S_CURVE -> "the optimum is not a rising S-curve (it falls, is far wider than the record,"
          + " or explains less than half the variance)";
      case NO_TRANSITION_IN_RANGE -> "the jump time lies outside the recorded time range";
      case DIVERGED -> "the parameters ran away (non-finite, or the jump time far outside the record)";
      case FLAT_CURVE -> "the curve is exactly constant: nothing to fit";
      case SINGULAR_COVARIANCE -> "the covariance is not positive definite: a parameter is not determined by the data";
      case TOO_FEW_POINTS -> "fewer points than the fit needs";
    };
  }

  /** Whether the fitted parameters are a usable optimum. */
  public boolean isConverged() {
    return this == CONVERGED || this == CONVERGED_AUTO_START;
  }

  /** Parses {@link #token()}. */
  public static FitStatus parse(String token) {
    return valueOf(token.trim().toUpperCase(Locale.ROOT));
  }
}
