package org.grokmeter;

/**
 * Every numerical tolerance the tests use, in one place, each with the reason for its size.
 * Other modules' tests add their constants here.
 */
public final class Tolerances {

  private Tolerances() {}

  // ---------------------------------------------------------------- kernels

  /** Unit roundoff of float (2^-24): the relative error of one correctly rounded operation. */
  public static final double FLOAT_UNIT_ROUNDOFF = 0x1p-24;

  /** Unit roundoff of double (2^-53). */
  public static final double DOUBLE_UNIT_ROUNDOFF = 0x1p-53;

  /**
   * Safety factor on the classical bound for a sum of n products in any order, with or without
   * FMA: |computed − exact| ≤ γ_n · Σ|terms|, γ_n ≈ n·u (Higham, Accuracy and Stability, §3.1).
   * The kernels may reorder sums (several accumulators, lane-wise partial sums) but the bound holds
   * for every order; 2 leaves room for the alpha/beta scaling steps and nothing for real bugs (a
   * wrong or missing term is off by the size of a term, orders of magnitude above the bound).
   */
  public static final double KERNEL_BOUND_FACTOR = 2.0;

  /** Extra roundings outside the accumulation: alpha·acc, beta·c, their sum. */
  public static final int KERNEL_EXTRA_ROUNDINGS = 3;

  /** Absolute floor for results that are exactly zero in theory (denormal-range noise). */
  public static final double KERNEL_ABSOLUTE_FLOOR = 1e-30;

  /**
   * Softmax cross-entropy: both implementations work in double from the same float inputs but use
   * different (equally valid) formulas; per-row loss and gradient agree to a few double ulps.
   */
  public static final double SOFTMAX_RELATIVE = 1e-12;

  /** Float gradients of the softmax are rounded from double: one float rounding apart at most. */
  public static final double SOFTMAX_FLOAT_GRADIENT_ULPS = 1.0;

  // ---------------------------------------------------------------- MLP

  /**
   * Finite differences in double: central differences with step 1e-6 have truncation error
   * ~h²·f‴ ≈ 1e-12 and rounding error ~eps/h ≈ 1e-10 relative to the loss; 1e-6 relative to the
   * largest gradient entry leaves ample room yet catches any wrong term.
   */
  public static final double MLP_FINITE_DIFFERENCE_STEP = 1e-6;
  public static final double MLP_FINITE_DIFFERENCE_RELATIVE = 1e-6;

  /**
   * Float32 trainer against the double reference after a few SGD steps at the real size (hidden
   * 1000): measured differences are ~2e-7 of the largest weight after 6 steps (float rounding of the
   * sums); 2e-6 leaves a factor 10. Relative to the largest magnitude of the compared array.
   */
  public static final double MLP_FLOAT_VS_DOUBLE_PARAMS = 2e-6;

  /**
   * A hidden unit whose pre-activation is within rounding of 0 can flip the ReLU mask between float
   * and double; its column then differs by about lr·(one row's gradient), measured 4e-5 relative.
   */
  public static final double MLP_KINK_FLIP_PARAMS = 1e-3;

  /** Per-batch mean loss, float path vs double reference (an O(1) number; float sums of 1000 terms). */
  public static final double MLP_FLOAT_VS_DOUBLE_LOSS = 1e-5;

  /** Agreement with scipy's least-squares optimum (relative, s and t*): the optimum does not depend on the optimiser. */
  public static final double SCIPY_RELATIVE = 1e-6;

  // ---------------------------------------------------------------- linear setting

  /** Paper-mode ln L against 60-digit mpmath values, relative. */
  public static final double LINEAR_PAPER_LOG_LOSS_REL = 1e-12;
  /** Paper-mode accuracies against mpmath, absolute (erf to a few ulp). */
  public static final double LINEAR_PAPER_ACCURACY_ABS = 1e-14;
  /** I₁ₑ against scipy's Cephes i1e, relative (both ~1e-16; allow a few ulp each). */
  public static final double LINEAR_BESSEL_REL = 5e-15;
  /** Exact-mode ln L against scipy quad of the MP density, absolute in ln L (quad's own epsrel 2e-14). */
  public static final double LINEAR_EXACT_LOG_LOSS_ABS = 1e-11;
  /** Relative agreement between the explicit and the spectral gradient-descent paths. */
  public static final double LINEAR_SPECTRAL_VS_EXPLICIT_REL = 1e-9;
  /** Paper fits against scipy's curve_fit, relative. */
  public static final double LINEAR_PAPER_FIT_REL = 1e-5;

  /** |got − want| / |want|. */
  public static double rel(double got, double want) {
    return Math.abs(got - want) / Math.abs(want);
  }
}
