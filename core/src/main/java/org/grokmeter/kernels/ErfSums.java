package org.grokmeter.kernels;

/**
 * The fitter's hot loop for the paper's model A(t) = a·erf(s·(t − t*)) + b with t* and s free: one pass
 * over the (scaled) data giving JᵀJ, Jᵀr and rᵀr. Each {@link KernelSupport} brings its own
 * ({@link KernelSupport#erfSums}), so the fitter runs on the implementation {@link KernelProvider}
 * chose: {@link ScalarErfSums} (the reference, Commons Numbers erf) or the Panama pass with a vector
 * erf (within a few ulp of it, sums in a different order).
 */
public interface ErfSums {

  /**
   * With z = σ·(τᵢ − θ), Aᵢ = a·erf(zᵢ) + b, rᵢ = yᵢ − Aᵢ and the Jacobian row
   * jᵢ = (∂A/∂θ, ∂A/∂σ) = (−aσ·erf'(zᵢ), a(τᵢ − θ)·erf'(zᵢ)), writes
   * {@code out = {Σj₀², Σj₁j₀, Σj₁², Σj₀r, Σj₁r}} and returns Σr².
   */
  double paperErf(double[] tau, double[] y, double theta, double sigma, double a, double b, double[] out);

  /**
   * {@link #paperErf}, also keeping what a sandwich (HAC) covariance needs per point: rᵢ into
   * {@code residuals} and the Gaussian gᵢ = e^(−zᵢ²) of the Jacobian (jᵢ = (−aσ, a(τᵢ − θ))·(2/√π)·gᵢ)
   * into {@code gaussians}, both of length n. The sums and rᵀr are the same bits as paperErf's, so a
   * fitter can record every evaluation and use the arrays of the one at its optimum. gᵢ is the value
   * the pass used: the SIMD pass sets it to 0 on whole vectors with every |z| ≥ 6 (below e^(−36)).
   */
  double paperErf(double[] tau, double[] y, double theta, double sigma, double a, double b, double[] out,
      double[] residuals, double[] gaussians);

  /** Throws unless both per-point arrays hold n values. */
  static void requirePerPoint(int n, double[] residuals, double[] gaussians) {
    if (residuals.length < n || gaussians.length < n) {
      throw new IllegalArgumentException("per-point arrays of " + residuals.length + " and " + gaussians.length
          + " values for " + n + " points");
    }
  }

  /** erf of every element of z into out: the pass's own erf, exposed so tests can bound its error. */
  void erf(double[] z, double[] out);

  /** "scalar" or "panama". */
  String name();
}
