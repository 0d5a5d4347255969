package org.grokmeter.fit;

/**
 * Each point's first-order contribution to a fit's estimate, whitened: with
 * ψ_i = H⁻¹·w_i·∇A(t_i)·r_i (H = Σ w_i ∇A ∇Aᵀ, the Gauss–Newton Hessian; w_i the robust loss's weights,
 * 1 for least squares), θ̂ − θ ≈ Σ_i ψ_i, and the series kept here is
 * ψ̃_i = (ψ_i − ρ̂·ψ_{i−1})/(1 − ρ̂) with ρ̂ the residuals' lag-1 autocorrelation: the same sum, nearly
 * white. The HAC covariance of the fit is the Newey–West long-run covariance of this series; a smooth
 * function of two fits on the same time axis (m, R_rel) has the series ∇g·(ψ̃_train, ψ̃_val), which
 * carries the correlation of the two curves' noise into its error.
 *
 * @param time       the curve's time axis
 * @param parameters the fitted parameters, indices {@link SCurveForm#T_STAR} …
 * @param series     {@code series[j][i]}: ψ̃ of parameter {@code parameters[j]} at point i, in its own units
 * @param residualAutocorrelation ρ̂, the lag-1 autocorrelation of the fit's residuals
 */
public record Influence(double[] time, int[] parameters, double[][] series, double residualAutocorrelation) {

  /** The series of parameter {@code p} ({@link SCurveForm#T_STAR} …), or null when it was held fixed. */
  public double[] of(int p) {
    for (int j = 0; j < parameters.length; j++) {
      if (parameters[j] == p) {
        return series[j];
      }
    }
    return null;
  }
}
