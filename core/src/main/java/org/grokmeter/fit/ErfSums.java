package org.grokmeter.fit;

import org.grokmeter.kernels.Kernels;

/**
 * The fitter's hot loop for the paper's model A(t) = a·erf(s·(t − t*)) + b with t* and s free: one pass
 * over the (scaled) data giving JᵀJ, Jᵀr and rᵀr. {@link ScalarErfSums} is the reference (Commons
 * Numbers erf); {@code org.grokmeter.kernels.panama.PanamaErfSums} is the SIMD version, used when the
 * project's kernels are Panama (the same switch, {@code -Dgrokmeter.kernels}).
 */
public interface ErfSums {

  /** The implementation for this process, chosen once. */
  ErfSums IMPL = Choice.choose();

  /**
   * With z = σ·(τᵢ − θ), Aᵢ = a·erf(zᵢ) + b, rᵢ = yᵢ − Aᵢ and the Jacobian row
   * jᵢ = (∂A/∂θ, ∂A/∂σ) = (−aσ·erf'(zᵢ), a(τᵢ − θ)·erf'(zᵢ)), writes
   * {@code out = {Σj₀², Σj₁j₀, Σj₁², Σj₀r, Σj₁r}} and returns Σr².
   */
  double paperErf(double[] tau, double[] y, double theta, double sigma, double a, double b, double[] out);

  /** erf of every element of z into out (the kernel's erf, for tests against Commons Numbers). */
  void erf(double[] z, double[] out);

  /** "scalar" or "panama". */
  String name();

  /** Chooses the implementation following the kernels' choice. */
  final class Choice {
    static final String PANAMA_CLASS = "org.grokmeter.kernels.panama.PanamaErfSums";

    private Choice() {}

    static ErfSums choose() {
      if ("panama".equals(Kernels.mode())) {
        ErfSums p = panama();
        if (p != null) {
          return p;
        }
      }
      return ScalarErfSums.INSTANCE;
    }

    /** The SIMD implementation if it loads here, else null. */
    public static ErfSums panama() {
      try {
        return (ErfSums) Class.forName(PANAMA_CLASS).getField("INSTANCE").get(null);
      } catch (ReflectiveOperationException | LinkageError e) {
        return null;
      }
    }
  }
}
