package org.grokmeter.linear;

/** Tolerances of the linear-setting tests, in one place (each says what it bounds). */
final class LinearTolerances {

  /** Paper-mode ln L against 60-digit mpmath values, relative (the target). */
  static final double PAPER_LOG_LOSS_REL = 1e-12;
  /** Paper-mode accuracies against mpmath, absolute (erf to a few ulp). */
  static final double PAPER_ACCURACY_ABS = 1e-14;
  /** I₁ₑ against scipy's Cephes i1e, relative (both ~1e-16; allow a few ulp each). */
  static final double BESSEL_REL = 5e-15;
  /** Exact-mode ln L against scipy quad of the MP density, absolute in ln L (quad's own epsrel 2e-14). */
  static final double EXACT_LOG_LOSS_ABS = 1e-11;
  /** Relative agreement between the explicit and the spectral gradient-descent paths. */
  static final double SPECTRAL_VS_EXPLICIT_REL = 1e-9;
  /** Paper fits against scipy's curve_fit, relative (the target). */
  static final double PAPER_FIT_REL = 1e-5;

  private LinearTolerances() {}
}
