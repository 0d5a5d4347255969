package org.grokmeter.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

/** The fitter's own vector exp (deterministic bits) against StrictMath.exp. */
class PanamaErfSumsExpTest {

  @Test
  void expWithinTwoUlps() {
    int lanes = Species.D.length();
    double[] x = new double[lanes];
    double[] y = new double[lanes];
    double worst = 0;
    double worstX = 0;
    for (int i = 0; i < 400_000; i++) {
      double v = -708.0 + 717.0 * i / 400_000.0;
      x[i % lanes] = v;
      if (i % lanes == lanes - 1) {
        PanamaErfSums.exp(DoubleVector.fromArray(Species.D, x, 0)).intoArray(y, 0);
        for (int k = 0; k < lanes; k++) {
          double want = StrictMath.exp(x[k]);
          double ulps = Math.abs(y[k] - want) / Math.ulp(want);
          if (ulps > worst) {
            worst = ulps;
            worstX = x[k];
          }
        }
      }
    }
    assertTrue(worst <= 2, "worst " + worst + " ulp at x = " + worstX);
    double[] edge = new double[lanes];
    edge[0] = -745;
    edge[1] = Double.NEGATIVE_INFINITY;
    edge[2] = 0.0;
    edge[3 % lanes] = -1e300;
    PanamaErfSums.exp(DoubleVector.fromArray(Species.D, edge, 0)).intoArray(y, 0);
    assertEquals(0.0, y[0]);
    assertEquals(0.0, y[1]);
    if (lanes > 3) {
      assertEquals(1.0, y[2]);
      assertEquals(0.0, y[3]);
    }
  }
}
