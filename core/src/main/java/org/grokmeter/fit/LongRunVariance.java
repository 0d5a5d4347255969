package org.grokmeter.fit;

/**
 * The long-run covariance Ω = Σ_l Γ(l) of the sum of a vector series x_1 … x_n (Γ(l) = Σ_i x_i x_{i−l}ᵀ),
 * the middle of a heteroscedasticity- and autocorrelation-consistent (HAC) sandwich covariance, in
 * two stages (docs/fitting.md, "Uncertainty"):
 * <ol>
 *   <li>{@link #whiten}: AR(1) prewhitening with the lag-1 autocorrelation ρ̂ of the fit's residuals
 *       (the noise process itself, long and stationary, so ρ̂ is well determined), x̃_i =
 *       (x_i − ρ̂·x_{i−1})/(1 − ρ̂), which leaves the sum unchanged but the series nearly white
 *       (Andrews &amp; Monahan 1992, Econometrica 60:953, with the filter taken from the residuals);</li>
 *   <li>{@link #of}: Newey–West (Bartlett kernel) on the whitened series with Andrews' (1991,
 *       Econometrica 59:817) AR(1) plug-in bandwidth 1.1447·(α̂·n)^⅓, α̂ averaged over the components
 *       so that it does not depend on their units, and the small-sample factor n/(n − k).</li>
 * </ol>
 * The Bartlett sum is computed from moving sums over windows of b = lags + 1 points (the series
 * padded with zeros): (1/b)·Σ_j S_j S_jᵀ = Σ_l (1 − |l|/b)⁺ Γ(l) exactly, so the cost is O(n·q²)
 * whatever the bandwidth. Deterministic (fixed summation order).
 */
final class LongRunVariance {

  /** Largest prewhitening coefficient: the variance may grow by at most (1 − 0.99)⁻² = 10⁴. */
  static final double MAX_RHO = 0.99;

  private LongRunVariance() {}

  /** Lag-1 autocorrelation Σ r_i r_{i−1} / Σ r_i² of residuals, clipped to [−0.9, {@value #MAX_RHO}]. */
  static double rho(double lagged, double squares) {
    if (!(squares > 0) || !Double.isFinite(lagged)) {
      return 0.0;
    }
    return Math.max(-0.9, Math.min(MAX_RHO, lagged / squares));
  }

  /** x̃_i = (x_i − ρ·x_{i−1})/(1 − ρ) for every component (x_{−1} = 0), in place. */
  static void whiten(double[][] x, double rho) {
    double c = 1.0 / (1.0 - rho);
    for (double[] s : x) {
      double prev = 0.0;
      for (int i = 0; i < s.length; i++) {
        double v = s[i];
        s[i] = (v - rho * prev) * c;
        prev = v;
      }
    }
  }

  /**
   * Ω of the (whitened) series {@code x[j][i]} (q components, n points each) by Newey–West with
   * Andrews' bandwidth.
   *
   * @param k parameters estimated from the data the series comes from (for the n/(n − k) factor)
   */
  static double[][] of(double[][] x, int k) {
    return of(x, k, bandwidth(x));
  }

  /** {@link #of(double[][], int)} with the bandwidth (lags) already known. */
  static double[][] of(double[][] x, int k, int lags) {
    int q = x.length;
    int n = x[0].length;
    double[][] out = bartlett(x, lags + 1);
    double factor = n > k ? n / (double) (n - k) : 1.0;
    for (int r = 0; r < q; r++) {
      for (int c = 0; c < q; c++) {
        out[r][c] *= factor;
      }
    }
    return out;
  }

  /** Ω of one series. */
  static double ofScalar(double[] x, int k) {
    return of(new double[][] {x}, k)[0][0];
  }

  /**
   * Newey–West Σ_l (1 − |l|/b)⁺ Γ(l) as (1/b)·Σ_j S_j S_jᵀ over the n + b − 1 windows of b points that
   * overlap the series (zero outside it): a pair of points |l| apart shares b − |l| windows.
   */
  static double[][] bartlett(double[][] e, int b) {
    if (e.length == 1) {
      return new double[][] {{bartlett1(e[0], b)}};
    }
    if (e.length == 2) {
      return bartlett2(e[0], e[1], b);
    }
    int q = e.length;
    int n = e[0].length;
    double[] sum = new double[q];
    double[][] acc = new double[q][q];
    for (int m = 0; m < n + b - 1; m++) {
      if (m < n) {
        for (int j = 0; j < q; j++) {
          sum[j] += e[j][m];
        }
      }
      if (m >= b) {
        for (int j = 0; j < q; j++) {
          sum[j] -= e[j][m - b];
        }
      }
      for (int r = 0; r < q; r++) {
        double sr = sum[r];
        for (int c = 0; c <= r; c++) {
          acc[r][c] += sr * sum[c];
        }
      }
    }
    for (int r = 0; r < q; r++) {
      for (int c = 0; c <= r; c++) {
        acc[r][c] /= b;
        acc[c][r] = acc[r][c];
      }
    }
    return acc;
  }

  // The one- and two-component cases (a measure's series; t* and s in the paper's fit) with the sums
  // in locals: the general loop's array accumulators cost several times more per point.

  private static double bartlett1(double[] e, int b) {
    int n = e.length;
    double sum = 0.0;
    double acc = 0.0;
    for (int m = 0; m < n + b - 1; m++) {
      if (m < n) {
        sum += e[m];
      }
      if (m >= b) {
        sum -= e[m - b];
      }
      acc += sum * sum;
    }
    return acc / b;
  }

  /**
   * The two-component case in three phases: windows that only gain a point (m &lt; b), windows that
   * gain e[m] and lose e[m − b] (b ≤ m &lt; n), windows that only lose one (m ≥ n). The middle phase,
   * nearly all of a long series, adds the difference e[m] − e[m − b] (one add on the running sum's
   * chain, not two) and runs as two interleaved halves, the second started from its window's direct
   * sum, so two chains of dependent adds overlap.
   */
  private static double[][] bartlett2(double[] e0, double[] e1, int b) {
    int n = e0.length;
    double s0 = 0.0;
    double s1 = 0.0;
    double a00 = 0.0;
    double a01 = 0.0;
    double a11 = 0.0;
    int head = Math.min(b, n);
    for (int m = 0; m < head; m++) {
      s0 += e0[m];
      s1 += e1[m];
      a00 += s0 * s0;
      a01 += s0 * s1;
      a11 += s1 * s1;
    }
    if (b < n) {
      int mid = b + (n - b) / 2;
      // the second half starts after the window of points mid − b … mid − 1
      double t0 = 0.0;
      double t1 = 0.0;
      for (int i = mid - b; i < mid; i++) {
        t0 += e0[i];
        t1 += e1[i];
      }
      double c00 = 0.0;
      double c01 = 0.0;
      double c11 = 0.0;
      int len = mid - b;
      for (int k = 0; k < len; k++) {
        int m = b + k;
        s0 += e0[m] - e0[m - b];
        s1 += e1[m] - e1[m - b];
        a00 += s0 * s0;
        a01 += s0 * s1;
        a11 += s1 * s1;
        int q = mid + k;
        t0 += e0[q] - e0[q - b];
        t1 += e1[q] - e1[q - b];
        c00 += t0 * t0;
        c01 += t0 * t1;
        c11 += t1 * t1;
      }
      for (int q = mid + len; q < n; q++) {
        t0 += e0[q] - e0[q - b];
        t1 += e1[q] - e1[q - b];
        c00 += t0 * t0;
        c01 += t0 * t1;
        c11 += t1 * t1;
      }
      // the tail continues from the window that ends at the last point: the second half's
      s0 = t0;
      s1 = t1;
      a00 += c00;
      a01 += c01;
      a11 += c11;
    }
    for (int m = Math.max(n, head); m < n + b - 1; m++) {
      if (m >= b) {
        s0 -= e0[m - b];
        s1 -= e1[m - b];
      }
      a00 += s0 * s0;
      a01 += s0 * s1;
      a11 += s1 * s1;
    }
    return new double[][] {{a00 / b, a01 / b}, {a01 / b, a11 / b}};
  }

  /**
   * Andrews' AR(1) plug-in for the Bartlett kernel: per component ρ̂ from the lag-1 regression,
   * α̂ = mean of 4ρ̂²/((1 − ρ̂)²(1 + ρ̂)²), bandwidth ⌊1.1447·(α̂·n)^⅓⌋ lags, at most n − 1.
   */
  static int bandwidth(double[][] e) {
    int n = e[0].length;
    double[] num = new double[e.length];
    double[] den = new double[e.length];
    for (int j = 0; j < e.length; j++) {
      double[] s = e[j];
      double nj = 0.0;
      double dj = 0.0;
      for (int i = 1; i < n; i++) {
        nj += s[i] * s[i - 1];
        dj += s[i - 1] * s[i - 1];
      }
      num[j] = nj;
      den[j] = dj;
    }
    return bandwidth(num, den, n);
  }

  /**
   * {@link #bandwidth(double[][])} from each component's lag-1 sums num = Σ_{i≥1} e_i e_{i−1} and
   * den = Σ_{i≥1} e_{i−1}² over n points.
   */
  static int bandwidth(double[] num, double[] den, int n) {
    double alpha = 0.0;
    int used = 0;
    for (int j = 0; j < num.length; j++) {
      if (!(den[j] > 0)) {
        continue;
      }
      double r = Math.max(-0.97, Math.min(0.97, num[j] / den[j]));
      double om = (1 - r) * (1 + r);
      alpha += 4 * r * r / (om * om);
      used++;
    }
    if (used == 0) {
      return 0;
    }
    alpha /= used;
    double st = 1.1447 * Math.cbrt(alpha * n);
    return (int) Math.min(n - 1, Math.floor(st));
  }
}
