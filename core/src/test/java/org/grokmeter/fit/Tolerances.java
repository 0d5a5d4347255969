package org.grokmeter.fit;

/** Tolerances of the fitter tests, in one place. */
final class Tolerances {
  private Tolerances() {
  }

  /** Agreement with scipy's least-squares optimum (relative, s and t*): the bar. */
  static final double SCIPY_RELATIVE = 1e-6;

  static double rel(double got, double want) {
    return Math.abs(got - want) / Math.abs(want);
  }
}
