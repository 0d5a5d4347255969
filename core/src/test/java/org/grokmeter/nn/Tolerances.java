package org.grokmeter.nn;

/** The MLP tests' tolerances, in one place, each with the reason for its size. */
final class Tolerances {

  private Tolerances() {}

  /**
   * Finite differences in double: central differences with step 1e-6 have truncation error
   * ~h²·f''' ≈ 1e-12 and rounding error ~eps/h ≈ 1e-10 relative to the loss; 1e-6 relative to the
   * largest gradient entry leaves ample room yet catches any wrong term.
   */
  static final double FINITE_DIFFERENCE_STEP = 1e-6;
  static final double FINITE_DIFFERENCE_RELATIVE = 1e-6;

  /**
   * Float32 trainer against the double reference after a few SGD steps at the real size (hidden
   * 1000): measured differences are ~2e-7 of the largest weight after 6 steps (float rounding of the
   * sums); 2e-6 leaves a factor 10. Relative to the largest magnitude of the compared array.
   */
  static final double FLOAT_VS_DOUBLE_PARAMS = 2e-6;

  /**
   * A hidden unit whose pre-activation is within rounding of 0 can flip the ReLU mask between float
   * and double; its column then differs by about lr·(one row's gradient), measured 4e-5 relative.
   */
  static final double KINK_FLIP_PARAMS = 1e-3;

  /** Per-batch mean loss, float path vs double reference (same reasoning; loss is an O(1) number). */
  static final double FLOAT_VS_DOUBLE_LOSS = 1e-5;

  /**
   * Kernels that may use FMA and several accumulators (linearSmallOut, reluLinearBackward,
   * denseOuterSgd): float rounding grows with the accumulation length k; allow 4·k·eps_f relative
   * to the sum of magnitudes of the terms.
   */
  static double accumulation(int length) {
    return 4.0 * Math.max(length, 1) * 0x1p-24;
  }
}
