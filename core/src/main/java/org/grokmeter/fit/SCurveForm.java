package org.grokmeter.fit;

import org.apache.commons.numbers.gamma.Erf;

/**
 * The S-shapes the fitter knows. Every form is written A(t) = a·f(s·(t − t*)) + b with a unit
 * shape f rising from −1 to +1, so that a is half the jump height, b the midpoint level (for the
 * symmetric forms), s the sharpness and t* the inflection point (the jump time) — the paper's
 * parameters (docs/method.md) keep their meaning in every form.
 *
 * <ul>
 *   <li>{@link #ERF}: f(z) = erf(z), the paper's form.</li>
 *   <li>{@link #LOGISTIC}: f(z) = tanh(z) = 2σ(2z) − 1, the logistic (and tanh) curve.</li>
 *   <li>{@link #GOMPERTZ}: f(z) = 2·exp(−e^(−2z)) − 1, asymmetric: slow start, fast finish.</li>
 *   <li>{@link #RICHARDS}: f(z) = 2·(1 + ν·e^(−2z))^(−1/ν) − 1 with shape ν &gt; 0; ν = 1 is the
 *       logistic form, ν → 0 the Gompertz form. The inflection stays at z = 0 for every ν.</li>
 * </ul>
 *
 * <p>Parameter vectors use the fixed order {@link #T_STAR}, {@link #S}, {@link #A}, {@link #B},
 * {@link #NU}; {@link #NU} is read only by {@link #RICHARDS}.
 */
public enum SCurveForm {
  ERF,
  LOGISTIC,
  GOMPERTZ,
  RICHARDS;

  /** Index of the jump time t* in parameter vectors. */
  public static final int T_STAR = 0;
  /** Index of the sharpness s. */
  public static final int S = 1;
  /** Index of the amplitude a (half the jump height). */
  public static final int A = 2;
  /** Index of the offset b. */
  public static final int B = 3;
  /** Index of the Richards shape ν. */
  public static final int NU = 4;
  /** Length of a full parameter vector. */
  public static final int PARAMETERS = 5;

  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

  /** Stable lower-case name used on the command line and in CSV. */
  public String token() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses {@link #token()} (case-insensitive). */
  public static SCurveForm parse(String token) {
    for (SCurveForm f : values()) {
      if (f.token().equalsIgnoreCase(token.trim())) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown S-curve form '" + token
        + "' (expected erf, logistic, gompertz or richards)");
  }

  /** Whether the form has the extra shape parameter ν. */
  public boolean hasShape() {
    return this == RICHARDS;
  }

  /** The unit shape f(z) ∈ [−1, 1]. */
  public double unit(double z, double nu) {
    return switch (this) {
      case ERF -> Erf.value(z);
      case LOGISTIC -> Math.tanh(z);
      case GOMPERTZ -> 2.0 * Math.exp(-Math.exp(-2.0 * z)) - 1.0;
      case RICHARDS -> 2.0 * richardsG(z, nu) - 1.0;
    };
  }

  /** f'(z). */
  public double unitSlope(double z, double nu) {
    return switch (this) {
      case ERF -> TWO_OVER_SQRT_PI * Math.exp(-z * z);
      case LOGISTIC -> {
        // 1/cosh²(z) written so that it neither overflows nor cancels in the tails
        double e = Math.exp(-2.0 * Math.abs(z));
        double d = 1.0 + e;
        yield 4.0 * e / (d * d);
      }
      // 4·e^(−2z)·exp(−e^(−2z)) as one exponential: finite (0) when e^(−2z) overflows
      case GOMPERTZ -> 4.0 * Math.exp(-2.0 * z - Math.exp(-2.0 * z));
      case RICHARDS -> {
        // d/dz of 2g: 4g·e^(−2z)/(1 + ν e^(−2z)) = 4g/(e^(2z) + ν)
        double g = richardsG(z, nu);
        yield g == 0.0 ? 0.0 : 4.0 * g / (Math.exp(2.0 * z) + nu);
      }
    };
  }

  /** ∂f/∂ν (zero for every form but {@link #RICHARDS}). */
  public double unitShapeDerivative(double z, double nu) {
    if (this != RICHARDS) {
      return 0.0;
    }
    double g = richardsG(z, nu);
    if (g == 0.0) {
      return 0.0;
    }
    double e2z = Math.exp(2.0 * z);
    double l = Math.log1p(nu * Math.exp(-2.0 * z));
    if (Double.isInfinite(l)) {
      return 0.0;
    }
    return 2.0 * g * (l / (nu * nu) - 1.0 / (nu * (e2z + nu)));
  }

  /** f'(0): the peak slope of the unit shape, so the steepest slope of A is a·s·f'(0). */
  public double peakSlope(double nu) {
    return switch (this) {
      case ERF -> TWO_OVER_SQRT_PI;
      case LOGISTIC -> 1.0;
      case GOMPERTZ -> 4.0 / Math.E;
      case RICHARDS -> 4.0 * Math.pow(1.0 + nu, -1.0 / nu - 1.0);
    };
  }

  /** A(t) = a·f(s·(t − t*)) + b for a parameter vector in the fixed order. */
  public double value(double t, double[] p) {
    return p[A] * unit(p[S] * (t - p[T_STAR]), nu(p)) + p[B];
  }

  /**
   * The analytic gradient of A(t) with respect to all {@link #PARAMETERS} parameters, written to
   * {@code grad}; returns A(t) itself (value and Jacobian row in one pass).
   */
  public double valueAndGradient(double t, double[] p, double[] grad) {
    double a = p[A];
    double s = p[S];
    double dt = t - p[T_STAR];
    double z = s * dt;
    double nu = nu(p);
    double f = unit(z, nu);
    double fp = unitSlope(z, nu);
    grad[T_STAR] = -a * s * fp;
    grad[S] = a * dt * fp;
    grad[A] = f;
    grad[B] = 1.0;
    grad[NU] = this == RICHARDS ? a * unitShapeDerivative(z, nu) : 0.0;
    return a * f + p[B];
  }

  /** The unit-shape value f(z) = y solved for z (bisection; used for starting values). */
  public double inverseUnit(double y, double nu) {
    double lo = -40.0;
    double hi = 40.0;
    for (int i = 0; i < 200 && hi - lo > 1e-13; i++) {
      double mid = 0.5 * (lo + hi);
      if (unit(mid, nu) < y) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  private static double nu(double[] p) {
    return p.length > NU ? p[NU] : 1.0;
  }

  private static double richardsG(double z, double nu) {
    // (1 + ν e^(−2z))^(−1/ν) in log form: no overflow for very negative z
    return Math.exp(-Math.log1p(nu * Math.exp(-2.0 * z)) / nu);
  }
}
