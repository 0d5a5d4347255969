package org.grokmeter.fit;

import java.util.Locale;

/** How a fit's standard errors and intervals are computed (docs/fitting.md, "Uncertainty"). */
public enum ErrorModel {
  /**
   * Heteroscedasticity- and autocorrelation-consistent sandwich covariance (Newey–West with Andrews'
   * data-driven bandwidth after AR(1) prewhitening, Andrews–Monahan): valid when the noise of a
   * training curve has unequal variance and is serially correlated, as it is. The default.
   */
  HAC,
  /**
   * scipy {@code curve_fit}'s errors (absolute_sigma = false): σ²(JᵀJ)⁻¹ with σ² = rss/(n − k), which
   * assume independent points of equal variance; the two fits of a run taken as independent.
   */
  IID;

  /** Lower-case token for the command line and output ({@code hac}, {@code iid}). */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@link #token()} (case-insensitive). */
  public static ErrorModel parse(String token) {
    for (ErrorModel e : values()) {
      if (e.token().equalsIgnoreCase(token.trim())) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown error model '" + token + "' (expected hac or iid)");
  }
}
