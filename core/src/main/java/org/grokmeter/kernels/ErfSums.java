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

  /**
   * The whitened influence series of the paper's fit, in place, from the rᵢ and gᵢ that
   * {@link #paperErf(double[], double[], double, double, double, double, double[], double[], double[])}
   * kept at the optimum (θ, σ): with fᵢ = k·gᵢ·rᵢ (k = 2a/√π) the score jᵢrᵢ = (−σ·fᵢ, (τᵢ − θ)·fᵢ) and
   * ψᵢ = C·jᵢrᵢ, C = {{c[0], c[1]}, {c[2], c[3]}}, overwrites r with (ψᵢ₀ − ρ·ψ₍ᵢ₋₁₎₀)/(1 − ρ) and g with
   * (ψᵢ₁ − ρ·ψ₍ᵢ₋₁₎₁)/(1 − ρ) (ψ₋₁ = 0). Products and sums per point in the order written, without
   * fused multiply-adds: every implementation gives the same bits.
   */
  void whitenedScores(double[] tau, double theta, double sigma, double k, double[] c, double rho, double[] r,
      double[] g);

  /** Lag-1 sums of a series: {@code out = {Σ_{i≥1} xᵢ·xᵢ₋₁, Σ_{i≥1} xᵢ₋₁²}} (in the implementation's order). */
  void lagSums(double[] x, double[] out);

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
