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

  /** erf of every element of z into out: the pass's own erf, exposed so tests can bound its error. */
  void erf(double[] z, double[] out);

  /** "scalar" or "panama". */
  String name();
}
