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
}
