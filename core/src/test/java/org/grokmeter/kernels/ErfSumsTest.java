package org.grokmeter.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.numbers.gamma.Erf;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The SIMD erf and pass against the scalar reference (Commons Numbers erf). */
class ErfSumsTest {

  /**
   * Largest allowed distance of the vector erf from Commons Numbers' erf, in ulps of the latter.
   * Measured worst: 6 ulp just above |z| = 1/2, where erf = 1 − erfc carries erfc's (and exp's)
   * rounding; ~1e-15 relative, far below anything a least-squares fit of accuracies can see.
   */
  private static final double MAX_ULPS = 8;

  private static ErfSums panama() {
    KernelSupport p = KernelProvider.panama().orElse(null);
    assertNotNull(p, "the Panama kernels must load (tests run with --add-modules jdk.incubator.vector)");
    return p.erfSums();
  }

  @Test
  void theErfPassComesWithTheChosenKernels() {
    assertEquals(Kernels.IMPL.name(), Kernels.IMPL.erfSums().name());
    String kernels = System.getProperty("grokmeter.kernels", "auto");
    if (kernels.equals("scalar")) {
      assertEquals("scalar", Kernels.IMPL.erfSums().name());
    } else if (kernels.equals("panama")) {
      assertEquals("panama", Kernels.IMPL.erfSums().name());
    }
  }

  @Test
  void vectorErfWithinUlpsOfCommonsNumbers() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
    int n = 200_003;
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      // dense where erf changes, plus the branch point 1/2, tiny and huge arguments
      z[i] = switch (i % 5) {
        case 0 -> (rng.nextDouble() - 0.5) * 12;
        case 1 -> (rng.nextDouble() - 0.5) * 1.2;
        case 2 -> Math.copySign(0.5 + (rng.nextDouble() - 0.5) * 1e-6, rng.nextDouble() - 0.5);
        case 3 -> (rng.nextDouble() - 0.5) * 1e-6;
        default -> (rng.nextDouble() - 0.5) * 80;
      };
    }
    z[0] = 0.0;
    z[1] = -0.0;
    z[2] = 0.5;
    z[3] = -0.5;
    z[4] = 1e-300;
    z[5] = 30;
    z[6] = Double.POSITIVE_INFINITY;
    z[7] = Double.NEGATIVE_INFINITY;
    double[] got = new double[n];
    panama().erf(z, got);
    double worst = 0;
    double worstZ = 0;
    for (int i = 0; i < n; i++) {
      double want = Erf.value(z[i]);
      double ulps = want == got[i] ? 0 : Math.abs(got[i] - want) / Math.ulp(want);
      if (ulps > worst) {
        worst = ulps;
        worstZ = z[i];
      }
    }
    assertTrue(worst <= MAX_ULPS, "worst " + worst + " ulp at z = " + worstZ);
  }

  @Test
  void passAgreesWithTheScalarReferenceAtEveryLaneBoundary() {
    ErfSums p = panama();
    for (int n : new int[] {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 127, 129, 255, 257, 1023, 1025, 3000}) {
      double[] tau = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        tau[i] = (i + 0.5) / n;
        y[i] = 0.75 + 0.25 * Erf.value(8 * (tau[i] - 0.4)) + 0.01 * Math.sin(37 * i);
      }
      double[] want = new double[5];
      double[] got = new double[5];
      double rrWant = ScalarErfSums.INSTANCE.paperErf(tau, y, 0.35, 6.5, 0.25, 0.75, want);
      double rrGot = p.paperErf(tau, y, 0.35, 6.5, 0.25, 0.75, got);
      assertEquals(rrWant, rrGot, 1e-13 * Math.max(1, rrWant) * n, "rr n=" + n);
      for (int k = 0; k < 5; k++) {
        double scale = Math.max(Math.abs(want[k]), k < 3 ? Math.abs(want[0]) + Math.abs(want[2]) : 1e-12);
        assertEquals(want[k], got[k], 1e-12 * scale * Math.sqrt(n), "sum " + k + " n=" + n);
      }
    }
  }
  private static final int[] SIZES = {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129, 255, 257, 1023,
    1025, 3000};

  @Test
  void keepingThePerPointValuesLeavesTheSumsBitForBit() {
    for (ErfSums impl : new ErfSums[] {ScalarErfSums.INSTANCE, panama()}) {
      for (int n : SIZES) {
        double[] tau = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
          tau[i] = (i + 0.5) / n;
          y[i] = 0.75 + 0.25 * Erf.value(8 * (tau[i] - 0.4)) + 0.01 * Math.sin(37 * i);
        }
        // σ = 30: whole vectors beyond |z| = 6 on both sides
        for (double sigma : new double[] {6.5, 30}) {
          double[] plain = new double[5];
          double[] kept = new double[5];
          double[] r = new double[n];
          double[] g = new double[n];
          double rrPlain = impl.paperErf(tau, y, 0.35, sigma, 0.25, 0.75, plain);
          double rrKept = impl.paperErf(tau, y, 0.35, sigma, 0.25, 0.75, kept, r, g);
          assertEquals(rrPlain, rrKept, 0.0, impl.name() + " n=" + n);
          for (int k = 0; k < 5; k++) {
            assertEquals(plain[k], kept[k], 0.0, impl.name() + " sum " + k + " n=" + n);
          }
          for (int i = 0; i < n; i++) {
            double z = sigma * (tau[i] - 0.35);
            double want = y[i] - (0.25 * Erf.value(z) + 0.75);
            assertEquals(want, r[i], 1e-15, impl.name() + " residual " + i + " n=" + n);
            // the SIMD pass leaves 0 where a whole vector is beyond |z| = 6 (e^(−36) ≈ 2e-16)
            assertEquals(Math.exp(-z * z), g[i], 1e-15, impl.name() + " gaussian " + i + " n=" + n);
          }
        }
      }
    }
  }

  @Test
  void whitenedScoresAreTheSameBitsAsTheReference() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(3L);
    double[] c = {2.5, -0.75, 0.125, 1.5};
    for (int n : SIZES) {
      double[] tau = new double[n];
      double[] r = new double[n];
      double[] g = new double[n];
      for (int i = 0; i < n; i++) {
        tau[i] = (i + 1.0) / n;
        r[i] = rng.nextDouble() - 0.5;
        g[i] = rng.nextDouble();
      }
      double[] rWant = r.clone();
      double[] gWant = g.clone();
      ScalarErfSums.INSTANCE.whitenedScores(tau, 0.4, 7.0, 0.28, c, 0.6, rWant, gWant);
      panama().whitenedScores(tau, 0.4, 7.0, 0.28, c, 0.6, r, g);
      for (int i = 0; i < n; i++) {
        assertEquals(rWant[i], r[i], 0.0, "component 0, point " + i + " n=" + n);
        assertEquals(gWant[i], g[i], 0.0, "component 1, point " + i + " n=" + n);
      }
    }
  }

  @Test
  void whitenedScoresFollowTheirDefinition() {
    int n = 37;
    double[] tau = new double[n];
    double[] r = new double[n];
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      tau[i] = 0.02 * i;
      r[i] = Math.sin(3 * i);
      g[i] = Math.exp(-0.1 * i);
    }
    double[] c = {2.5, -0.75, 0.125, 1.5};
    double theta = 0.4;
    double sigma = 7.0;
    double k = 0.28;
    double rho = 0.6;
    double[][] psi = new double[2][n];
    for (int i = 0; i < n; i++) {
      double f = k * g[i] * r[i];
      double[] score = {-sigma * f, (tau[i] - theta) * f};
      psi[0][i] = c[0] * score[0] + c[1] * score[1];
      psi[1][i] = c[2] * score[0] + c[3] * score[1];
    }
    for (ErfSums impl : new ErfSums[] {ScalarErfSums.INSTANCE, panama()}) {
      double[] r0 = r.clone();
      double[] g0 = g.clone();
      impl.whitenedScores(tau, theta, sigma, k, c, rho, r0, g0);
      for (int i = 0; i < n; i++) {
        double w0 = (psi[0][i] - rho * (i > 0 ? psi[0][i - 1] : 0)) / (1 - rho);
        double w1 = (psi[1][i] - rho * (i > 0 ? psi[1][i - 1] : 0)) / (1 - rho);
        assertEquals(w0, r0[i], 1e-14 * Math.max(1, Math.abs(w0)), impl.name() + " point " + i);
        assertEquals(w1, g0[i], 1e-14 * Math.max(1, Math.abs(w1)), impl.name() + " point " + i);
      }
    }
  }

  @Test
  void lagSumsAgreeWithTheReference() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(4L);
    for (int n : SIZES) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = rng.nextDouble() - 0.5 + (i > 0 ? 0.5 * x[i - 1] : 0);
      }
      double[] want = new double[2];
      double[] got = new double[2];
      ScalarErfSums.INSTANCE.lagSums(x, want);
      panama().lagSums(x, got);
      double scale = Math.max(1e-300, want[1]);
      assertEquals(want[0], got[0], 1e-14 * scale * Math.sqrt(n), "lagged n=" + n);
      assertEquals(want[1], got[1], 1e-14 * scale * Math.sqrt(n), "squares n=" + n);
    }
  }
}
