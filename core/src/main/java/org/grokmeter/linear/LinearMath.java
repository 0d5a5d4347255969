package org.grokmeter.linear;

import org.apache.commons.numbers.gamma.Erf;
import org.apache.commons.numbers.gamma.Erfc;
import org.grokmeter.fit.ErfWithDerivative;

/**
 * Special functions the linear setting needs, evaluated so that nothing cancels, underflows or
 * becomes NaN: the bracket of the paper's L_gen, the scaled modified Bessel function I₁ₑ, and the
 * threshold accuracy erf(√(ε/(2L))) taken from log L.
 */
public final class LinearMath {

  /** √π. */
  static final double SQRT_PI = 1.7724538509055160273;
  /** ln √π. */
  static final double LOG_SQRT_PI = 0.57236494292470008707;
  /** ln √(2π). */
  static final double LOG_SQRT_2PI = 0.91893853320467274178;

  /** Below this x the bracket is evaluated directly (cancellation costs at most a factor ~4). */
  private static final double BRACKET_DIRECT_MAX = 1.0;
  /** From 1 to this x the bracket uses Cephes' rational erfcx (cheap); beyond, the continued fraction (few terms there). */
  private static final double BRACKET_RATIONAL_MAX = 49.0;
  private static final double CF_EPS = 1e-16;
  private static final double FPMIN = 1e-300;

  /** I₁ₑ: power series below this argument, the Hankel asymptotic series at and above it. */
  private static final double BESSEL_SERIES_MAX = 30.0;

  private static final double LN2 = 0.69314718055994530942;
  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
  /** ln 6 + 1e-9: a log-argument at or above it certainly gives erf(e^logArg) = 1 (see below). */
  static final double LOG_SATURATED = 1.791759469228055 + 1e-9;

  private LinearMath() {}

  /**
   * ln B(x) with B(x) = e^(−x) − √(πx)·erfc(√x), x ≥ 0 (the bracket of the paper's L_gen).
   *
   * <p>B(x) = (√x/2)·Γ(−1/2, x) (from Γ(s+1, x) = s·Γ(s, x) + x^s e^(−x) at s = −1/2), and
   * Γ(a, x) = e^(−x) x^a · F(a, x) with F Legendre's continued fraction
   * 1/(x+1−a − 1·(1−a)/(x+3−a − 2·(2−a)/(x+5−a − …))), so ln B = −x + ln(F(−1/2, x)/2): no
   * cancellation and no underflow for large x; it is used from x = 49 on, where it needs few terms.
   * Below x = 1 the direct difference loses at most two bits; between 1 and 49,
   * B = e^(−x)(1 − √π·√x·erfcx(√x)) with Cephes' rational erfcx loses at most ~2 digits of 16.
   * All three agree at the seams to ~1e-14 (tested), and with 60-digit references to 1e-12 in ln L.
   */
  public static double logBracket(double x) {
    if (!(x >= 0)) {
      throw new IllegalArgumentException("bracket argument x = " + x + " must be >= 0");
    }
    if (x < BRACKET_DIRECT_MAX) {
      double z = Math.sqrt(x);
      return Math.log(Math.exp(-x) - SQRT_PI * z * Erfc.value(z));
    }
    if (x < BRACKET_RATIONAL_MAX) {
      // B = e^(−x)·(1 − √π·z·erfcx(z)), z = √x ∈ [1, 8): the difference loses at most log10(2x) ≈ 2
      // digits (it is ≈ 1/(2x)), i.e. ~1e-14 relative in B, ~1e-14 absolute in ln B.
      double z = Math.sqrt(x);
      return -x + Math.log(1 - SQRT_PI * z * ErfWithDerivative.erfcxMid(z));
    }
    if (x == Double.POSITIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    return -x + Math.log(0.5 * upperGammaFraction(-0.5, x));
  }

  /** Legendre's continued fraction F(a, x) for Γ(a, x) = e^(−x)·x^a·F, by modified Lentz (x > a + 1). */
  static double upperGammaFraction(double a, double x) {
    double b = x + 1 - a;
    double c = 1 / FPMIN;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < FPMIN) {
        d = FPMIN;
      }
      c = b + an / c;
      if (Math.abs(c) < FPMIN) {
        c = FPMIN;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < CF_EPS) {
        return h;
      }
    }
    return h;
  }

  /**
   * The threshold accuracy A = erf(√(ε/(2L))) of a Gaussian error of variance L = e^logLoss: the
   * probability that a squared error is below ε. Taken from ln L so that losses beyond the double
   * range still give 0 or 1; always in [0, 1], never NaN for a non-NaN input.
   */
  public static double accuracy(double logLoss, double eps) {
    if (Double.isNaN(logLoss)) {
      throw new IllegalArgumentException("log loss is NaN");
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("accuracy threshold eps must be > 0, got " + eps);
    }
    return accuracyFromHalfLogThreshold(0.5 * (Math.log(eps) - LN2), logLoss);
  }

  /**
   * {@link #accuracy} with ½·ln(ε/2) precomputed (curves call it 10⁵ times with one ε):
   * erf(e^(½ln(ε/2) − ½lnL)). erf(z) = 1 in double beyond z = 6, and 2z/√π to within z²/3 relative
   * below z = 1e-8, so neither end needs the full function.
   */
  public static double accuracyFromHalfLogThreshold(double halfLogEpsOver2, double logLoss) {
    double logArg = halfLogEpsOver2 - 0.5 * logLoss;
    if (logArg >= LOG_SATURATED) {
      // e^logArg ≥ 6·(1 + 1e-9) whatever exp's last-bit rounding, so the branch below would return
      // 1.0 too: the same bits without exp and erf (about half of every paper-mode curve)
      return 1.0;
    }
    double arg = Math.exp(logArg);
    if (arg >= 6) {
      return 1.0;
    }
    if (arg < 1e-8) {
      return TWO_OVER_SQRT_PI * arg;
    }
    double a = Erf.value(arg);
    return a < 0 ? 0 : Math.min(a, 1.0);
  }

  /** ½·ln(ε/2), the argument {@link #accuracyFromHalfLogThreshold} takes. */
  public static double halfLogThreshold(double eps) {
    if (!(eps > 0)) {
      throw new IllegalArgumentException("accuracy threshold eps must be > 0, got " + eps);
    }
    return 0.5 * (Math.log(eps) - LN2);
  }

  /**
   * ln I₁ₑ(y) for y ≥ 0, where I₁ₑ(y) = e^(−y)·I₁(y) is the exponentially scaled modified Bessel
   * function of the first kind, order 1.
   *
   * <p>Below y = 30: the power series I₁(y) = Σ (y/2)^(2k+1)/(k!(k+1)!) (all terms positive, so
   * the sum is accurate to a few ulp), scaled by e^(−y). From y = 30: Hankel's asymptotic series
   * I₁ₑ(y) = (2πy)^(−1/2) Σ (−1)^k ∏_{j≤k}(4 − (2j−1)²)/(k!(8y)^k), truncated at its smallest
   * term, which is below 1e-20 there. Relative accuracy ~1e-15 (tested against scipy's i1e).
   * For y → 0, ln I₁ₑ(y) = ln(y/2) + O(y), and that is what is returned for y = 0 (−∞).
   */
  public static double logBesselI1e(double y) {
    if (!(y >= 0)) {
      throw new IllegalArgumentException("Bessel argument y = " + y + " must be >= 0");
    }
    if (y == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (y < BESSEL_SERIES_MAX) {
      double q = 0.25 * y * y;
      double term = 1;
      double sum = 1;
      for (int k = 1; k < 200; k++) {
        term *= q / (k * (double) (k + 1));
        sum += term;
        if (term < 1e-17 * sum) {
          break;
        }
      }
      // I₁(y) = (y/2)·sum
      return Math.log(0.5 * y * sum) - y;
    }
    if (y == Double.POSITIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    double inv8y = 1 / (8 * y);
    double term = 1;
    double sum = 1;
    double previous = Double.POSITIVE_INFINITY;
    for (int k = 1; k < 60; k++) {
      double odd = 2 * k - 1;
      double next = -term * (4 - odd * odd) * inv8y / k;
      if (Math.abs(next) >= previous) {
        break;
      }
      previous = Math.abs(next);
      term = next;
      sum += term;
      if (Math.abs(term) < 1e-18 * Math.abs(sum)) {
        break;
      }
    }
    return Math.log(sum) - 0.5 * Math.log(y) - LOG_SQRT_2PI;
  }

  /** I₁ₑ(y) itself (see {@link #logBesselI1e}). */
  public static double besselI1e(double y) {
    return y == 0 ? 0 : Math.exp(logBesselI1e(y));
  }
}
