package org.grokmeter.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MeasuresTest {

  private static FitResult fit(FitStatus st, double tStar, double s, double tSe, double sSe, double a) {
    double[][] cov = new double[5][5];
    cov[0][0] = tSe * tSe;
    cov[1][1] = sSe * sSe;
    return new FitResult(SCurveForm.ERF, st, tStar, s, a, 0.75, Double.NaN, tSe, sSe, 0, 0, Double.NaN, cov, ErrorModel.IID, null,
        0.95, 1.96, 1, 1, 1, 0.99, 3000, 2, 5, 6, StartSource.GIVEN, 100, 1e-3, null);
  }

  @Test
  void paperMeasuresWithPropagatedErrors() {
    FitResult tr = fit(FitStatus.CONVERGED, 200, 0.004, 2, 4e-5, 0.25);
    FitResult va = fit(FitStatus.CONVERGED, 800, 0.002, 4, 1e-5, 0.25);
    GrokkingMeasures g = GrokkingMeasures.of(tr, va);
    assertEquals(3.0, g.relativeGap(), 1e-15);
    assertEquals(0.5, g.relativeSharpness(), 1e-15);
    // docs/method.md, MLP: R_abs = s_val / (2√π)
    assertEquals(0.002 / (2 * Math.sqrt(Math.PI)), g.absoluteSharpness(), 1e-18);
    // delta method by hand: m + 1 = 4, relative errors 0.005 and 0.01
    assertEquals(4 * Math.sqrt(0.005 * 0.005 + 0.01 * 0.01), g.relativeGapStdErr(), 1e-12);
    assertEquals(0.5 * Math.sqrt(0.005 * 0.005 + 0.01 * 0.01), g.relativeSharpnessStdErr(), 1e-12);
    assertEquals(1e-5 / (2 * Math.sqrt(Math.PI)), g.absoluteSharpnessStdErr(), 1e-18);
    assertTrue(g.valid());
    assertFalse(GrokkingMeasures.of(tr, fit(FitStatus.DIVERGED, 1, 1, 0, 0, 0.25)).valid());
    // linear setting a = 1/2: R_abs = s_val/√π
    FitResult lin = fit(FitStatus.CONVERGED, 800, 0.002, 4, 1e-5, 0.5);
    assertEquals(0.002 / Math.sqrt(Math.PI), GrokkingMeasures.of(tr, lin).absoluteSharpness(), 1e-18);
  }

  @Test
  void thresholdTimes() {
    double[] t = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    double[] y = {0.5, 0.991, 0.98, 0.99, 0.995, 1.0, 0.97, 0.99, 0.99, 0.999};
    ThresholdTimes th = ThresholdTimes.of(t, y, 0.99, 3);
    assertEquals(1.0, th.firstAbove());
    assertEquals(3.0, th.stableAbove());
    ThresholdTimes never = ThresholdTimes.of(t, y, 1.001, 1);
    assertTrue(Double.isNaN(never.firstAbove()) && Double.isNaN(never.stableAbove()));
    assertFalse(never.reached());
    assertEquals(7.0, ThresholdTimes.of(t, new double[] {0, 0, 0, 0.99, 0, 0, 0, 1, 1, 1}, 0.99, 3).stableAbove());
    assertTrue(Double.isNaN(ThresholdTimes.of(t, new double[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1}, 0.99, 3).stableAbove()));
  }

  @Test
  void trendAnalysisMatchesScipy() {
    double[] m = {0.5, 0.9, 1.7, 2.4, 3.3, 5.1, 8.0, 12.0, -1.0};
    double[] r = {2.1, 1.6, 1.3, 1.1, 0.8, 0.6, 0.45, 0.33, 1.0};
    TrendAnalysis a = TrendAnalysis.of(m, r);
    // scipy.stats.linregress(log10 m, log10 R) and pearsonr(m, log10 R) on the first eight runs
    assertEquals(8, a.runs());
    assertEquals(1, a.excluded());
    assertEquals(-0.5886155846928832, a.slope(), 1e-12);
    assertEquals(0.1973063169405573, a.intercept(), 1e-12);
    assertEquals(0.03710283794505913, a.slopeStdErr(), 1e-12);
    assertEquals(0.022872086681653716, a.interceptStdErr(), 1e-12);
    assertEquals(-0.9882890946281363, a.pearsonLogLog(), 1e-12);
    assertEquals(3.980055247596685e-06, a.pValueLogLog(), 1e-12);
    assertEquals(-0.95180136031075, a.pearsonLinLog(), 1e-12);
    assertEquals(0.00026990519796987614, a.pValueLinLog(), 1e-10);
  }

  @Test
  void trendPValuesStayRelativelyAccurateFarBelowDoubleEpsilon() {
    // 61 runs with a strong trend, as in the paper's MLP sweep; the values are scipy.stats.linregress
    // on the same numbers (2·(1 − CDF) would give exactly 0 here)
    double[] m = new double[61];
    double[] r = new double[61];
    for (int i = 0; i < 61; i++) {
      m[i] = 0.5 + 0.2 * i;
      r[i] = Math.pow(10, -0.6 * Math.log10(m[i]) + 0.05 * Math.sin(i));
    }
    TrendAnalysis a = TrendAnalysis.of(m, r);
    assertEquals(-0.9854119120012208, a.pearsonLogLog(), 1e-12);
    assertEquals(4.419665758605776e-47, a.pValueLogLog(), 1e-6 * 4.419665758605776e-47);
    assertEquals(-0.9140063777738013, a.pearsonLinLog(), 1e-12);
    assertEquals(8.638067771754504e-25, a.pValueLinLog(), 1e-6 * 8.638067771754504e-25);
  }
}
