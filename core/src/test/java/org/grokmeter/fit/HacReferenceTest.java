package org.grokmeter.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.numbers.gamma.Erf;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.grokmeter.kernels.ErfSums;
import org.grokmeter.kernels.KernelProvider;
import org.grokmeter.kernels.KernelSupport;
import org.grokmeter.kernels.ScalarKernels;
import org.junit.jupiter.api.Test;

/**
 * The HAC covariance of the paper's fit (computed from the values the fitter's last pass kept, by
 * SIMD passes and moving sums) against the definition written out plainly: residuals and Jacobian
 * in external units with Commons Numbers' erf, ψᵢ = H⁻¹jᵢrᵢ, AR(1) prewhitening with the residuals'
 * ρ̂, Andrews' bandwidth, and Newey–West as the Bartlett-weighted sum of autocovariances.
 */
class HacReferenceTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void paperFitsOfARealRunAgreeWithTheDefinition() {
    Map<String, double[]> c = FitFixtures.columns("/fit/mlp_torch/curves_37_0.csv.gz");
    for (ErfSums sums : kernels()) {
      CurveFitter fitter = new CurveFitter(sums);
      for (String column : new String[] {"train_acc", "val_acc"}) {
        FitResult r = fitter.fit(c.get("epoch"), c.get(column), FitOptions.paper(PaperSetting.MLP));
        assertMatchesDefinition(c.get("epoch"), c.get(column), r, sums.name() + " " + column);
      }
    }
  }

  @Test
  void aCurveWithAutocorrelatedNoiseAgreesWithTheDefinition() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11L);
    int n = 2001;
    double[] t = new double[n];
    double[] y = new double[n];
    double e = 0.0;
    for (int i = 0; i < n; i++) {
      t[i] = i + 1;
      e = 0.7 * e + 0.01 * (rng.nextDouble() - 0.5);
      y[i] = 0.75 + 0.25 * Erf.value(0.004 * (t[i] - 700)) + e;
    }
    for (ErfSums sums : kernels()) {
      FitResult r = new CurveFitter(sums).fit(t, y, FitOptions.paper(0.25, 0.75, 0.003, 600));
      assertMatchesDefinition(t, y, r, sums.name() + " AR(1)");
    }
  }

  private static ErfSums[] kernels() {
    KernelSupport panama = KernelProvider.panama().orElse(null);
    assertNotNull(panama, "the Panama kernels must load (tests run with --add-modules jdk.incubator.vector)");
    return new ErfSums[] {ScalarKernels.INSTANCE.erfSums(), panama.erfSums()};
  }

  private static void assertMatchesDefinition(double[] t, double[] y, FitResult r, String what) {
    assertTrue(r.status().isConverged(), what + ": " + r.status());
    assertEquals(ErrorModel.HAC, r.errors());
    double[][] want = definition(t, y, r.jumpTime(), r.sharpness(), r.amplitude(), r.offset());
    double[][] got = r.covariance();
    int[] p = {SCurveForm.T_STAR, SCurveForm.S};
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        double scale = Math.sqrt(want[i][i] * want[j][j]);
        assertEquals(want[i][j], got[p[i]][p[j]], TOLERANCE * scale, what + " covariance " + i + j);
      }
    }
  }

  /** The HAC covariance of (t*, s), written out. */
  private static double[][] definition(double[] t, double[] y, double tStar, double s, double a, double b) {
    int n = t.length;
    double[] res = new double[n];
    double[][] jac = new double[n][2];
    double h00 = 0;
    double h01 = 0;
    double h11 = 0;
    for (int i = 0; i < n; i++) {
      double z = s * (t[i] - tStar);
      res[i] = y[i] - (a * Erf.value(z) + b);
      double d = a * 2 / Math.sqrt(Math.PI) * Math.exp(-z * z);
      jac[i][0] = -s * d;
      jac[i][1] = (t[i] - tStar) * d;
      h00 += jac[i][0] * jac[i][0];
      h01 += jac[i][0] * jac[i][1];
      h11 += jac[i][1] * jac[i][1];
    }
    double det = h00 * h11 - h01 * h01;
    double[][] hInv = {{h11 / det, -h01 / det}, {-h01 / det, h00 / det}};
    double lagged = 0;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      squares += res[i] * res[i];
      if (i > 0) {
        lagged += res[i] * res[i - 1];
      }
    }
    double rho = Math.max(-0.9, Math.min(0.99, lagged / squares));
    double[][] psi = new double[2][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 2; k++) {
        psi[k][i] = (hInv[k][0] * jac[i][0] + hInv[k][1] * jac[i][1]) * res[i];
      }
    }
    double[][] w = new double[2][n];
    for (int k = 0; k < 2; k++) {
      for (int i = 0; i < n; i++) {
        w[k][i] = (psi[k][i] - rho * (i > 0 ? psi[k][i - 1] : 0)) / (1 - rho);
      }
    }
    // Andrews (1991): AR(1) per component, α averaged, 1.1447·(α·n)^⅓ lags
    double alpha = 0;
    for (int k = 0; k < 2; k++) {
      double num = 0;
      double den = 0;
      for (int i = 1; i < n; i++) {
        num += w[k][i] * w[k][i - 1];
        den += w[k][i - 1] * w[k][i - 1];
      }
      double r = Math.max(-0.97, Math.min(0.97, num / den));
      alpha += 4 * r * r / Math.pow((1 - r) * (1 + r), 2) / 2;
    }
    int lags = (int) Math.min(n - 1, Math.floor(1.1447 * Math.cbrt(alpha * n)));
    double[][] omega = new double[2][2];
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        for (int l = -lags; l <= lags; l++) {
          double weight = 1 - Math.abs(l) / (double) (lags + 1);
          for (int i = Math.max(0, l); i < n && i - l < n; i++) {
            omega[r][c] += weight * w[r][i] * w[c][i - l];
          }
        }
        omega[r][c] *= n / (double) (n - 2);
      }
    }
    return omega;
  }
}
