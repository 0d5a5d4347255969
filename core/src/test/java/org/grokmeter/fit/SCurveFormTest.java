package org.grokmeter.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.numbers.gamma.Erf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SCurveFormTest {

  private static final double[] P = {300, 0.02, 0.3, 0.6, 1.7};

  @ParameterizedTest
  @EnumSource(SCurveForm.class)
  void analyticGradientMatchesCentralDifferences(SCurveForm form) {
    double[] g = new double[SCurveForm.PARAMETERS];
    for (double t = 0; t <= 800; t += 7) {
      double v = form.valueAndGradient(t, P, g);
      assertEquals(form.value(t, P), v, 1e-15);
      for (int k = 0; k < SCurveForm.PARAMETERS; k++) {
        double h = 1e-6 * Math.max(1e-3, Math.abs(P[k]));
        double[] up = P.clone();
        double[] dn = P.clone();
        up[k] += h;
        dn[k] -= h;
        double fd = (form.value(t, up) - form.value(t, dn)) / (2 * h);
        assertEquals(fd, g[k], 1e-7 * Math.max(1, Math.abs(fd)), form + " d/dp" + k + " at t=" + t);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SCurveForm.class)
  void unitShapeRunsFromMinusOneToOneWithPeakSlopeAtZero(SCurveForm form) {
    double nu = 1.7;
    assertEquals(-1.0, form.unit(-40, nu), 1e-12);
    assertEquals(1.0, form.unit(40, nu), 1e-12);
    double h = 1e-5;
    double fd0 = (form.unit(h, nu) - form.unit(-h, nu)) / (2 * h);
    assertEquals(fd0, form.peakSlope(nu), 1e-8, "f'(0)");
    // the inflection (steepest point) is at z = 0
    assertTrue(form.unitSlope(0, nu) >= form.unitSlope(0.05, nu));
    assertTrue(form.unitSlope(0, nu) >= form.unitSlope(-0.05, nu));
    assertEquals(0.4, form.unit(form.inverseUnit(0.4, nu), nu), 1e-10);
    assertTrue(Double.isFinite(form.unitSlope(-400, nu)) && Double.isFinite(form.unitSlope(400, nu)));
  }

  @org.junit.jupiter.api.Test
  void richardsLimitsAreLogisticAndGompertz() {
    for (double z = -3; z <= 3; z += 0.25) {
      assertEquals(SCurveForm.LOGISTIC.unit(z, 1), SCurveForm.RICHARDS.unit(z, 1.0), 1e-14);
      assertEquals(SCurveForm.GOMPERTZ.unit(z, 1), SCurveForm.RICHARDS.unit(z, 1e-9), 1e-7);
      assertEquals(Erf.value(z), SCurveForm.ERF.unit(z, 1), 0.0);
    }
    assertEquals(2 / Math.sqrt(Math.PI), SCurveForm.ERF.peakSlope(1), 1e-16);
  }
}
