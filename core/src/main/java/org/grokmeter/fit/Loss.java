package org.grokmeter.fit;

import java.util.Locale;

/**
 * The loss applied to scaled residuals z = (r/c)², as in scipy's {@code least_squares}. Anything but
 * {@link #LINEAR} is solved by iteratively reweighted least squares, whose fixed point is exactly the
 * robust optimum (Σ ρ'(zᵢ)·rᵢ·∂rᵢ = 0).
 */
public enum Loss {
  /** Ordinary least squares (the paper's loss). */
  LINEAR,
  /** ρ(z) = 2(√(1+z) − 1): smooth, linear in |r| for large residuals. */
  SOFT_L1,
  /** ρ(z) = z for z ≤ 1, 2√z − 1 beyond. */
  HUBER,
  /** ρ(z) = ln(1 + z): strongly down-weights outliers. */
  CAUCHY;

  /** The IRLS weight ρ'(z). */
  public double weight(double z) {
    return switch (this) {
      case LINEAR -> 1.0;
      case SOFT_L1 -> 1.0 / Math.sqrt(1.0 + z);
      case HUBER -> z <= 1.0 ? 1.0 : 1.0 / Math.sqrt(z);
      case CAUCHY -> 1.0 / (1.0 + z);
    };
  }

  /** Lower-case token for the command line ({@code soft_l1}, …). */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@link #token()} (case-insensitive, '-' accepted for '_'). */
  public static Loss parse(String token) {
    try {
      return valueOf(token.trim().replace('-', '_').toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown loss '" + token
          + "' (expected linear, soft_l1, huber or cauchy)");
    }
  }
}
