package org.grokmeter.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.grokmeter.experiments.LinearPipeline;
import org.grokmeter.linear.LeviCurves;
import org.junit.jupiter.api.Test;

class WindowedErfFitterTest {

  private static final double AGREE_REL = 1e-7;

  private static void assertSameOptimum(double[] t, double[] y, double s0, double tStar0, String what) {
    FitResult general = new CurveFitter().fitWithFallback(t, y, 0.5, 0.5, s0, tStar0);
    FitResult fast = new WindowedErfFitter().fit(t, y, 0.5, 0.5, s0, tStar0);
    assertEquals(general.status(), fast.status(), what);
    assertEquals(general.jumpTime(), fast.jumpTime(), AGREE_REL * Math.abs(general.jumpTime()), what + " t*");
    assertEquals(general.sharpness(), fast.sharpness(), AGREE_REL * Math.abs(general.sharpness()), what + " s");
    assertEquals(general.rss(), fast.rss(), 1e-9 * general.rss() + 1e-15, what + " rss");
    assertEquals(general.jumpTimeStdErr(), fast.jumpTimeStdErr(), 1e-4 * general.jumpTimeStdErr(), what + " se t*");
    assertEquals(general.sharpnessStdErr(), fast.sharpnessStdErr(), 1e-4 * general.sharpnessStdErr(), what + " se s");
  }

  @Test
  void landsOnTheGeneralFittersOptimumOnLinearCurves() {
    for (LeviCurves.Mode mode : new LeviCurves.Mode[] {LeviCurves.Mode.PAPER, LeviCurves.Mode.EXACT}) {
      for (double lambda : new double[] {1.003, 1.1, 0.9}) {
        if (mode == LeviCurves.Mode.EXACT && lambda > 1) {
          continue;
        }
        LinearPipeline.Options o = LinearPipeline.Options.paper().withMode(mode).withSamples(10_000);
        LinearPipeline.Curves c = LinearPipeline.curves(o, lambda);
        double tMax = LinearPipeline.tMax(lambda);
        assertSameOptimum(c.t(), c.trainAccuracy(), 1 / tMax, tMax / 5, mode + " train lambda=" + lambda);
        assertSameOptimum(c.t(), c.valAccuracy(), 1 / tMax, tMax / 5, mode + " val lambda=" + lambda);
      }
    }
  }

  @Test
  void fallsBackLikeTheGeneralFitterOnAFlatCurve() {
    double[] t = new double[500];
    double[] y = new double[500];
    for (int i = 0; i < t.length; i++) {
      t[i] = i + 1;
      y[i] = 1e-6;
    }
    FitResult fast = new WindowedErfFitter().fit(t, y, 0.5, 0.5, 1e-3, 100);
    FitResult general = new CurveFitter().fitWithFallback(t, y, 0.5, 0.5, 1e-3, 100);
    assertEquals(general.status(), fast.status());
  }

  @Test
  void recoversKnownParametersFromNoisyData() {
    java.util.Random rng = new java.util.Random(42);
    int n = 5000;
    double[] t = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = i * 10.0;
      y[i] = 0.5 * org.apache.commons.numbers.gamma.Erf.value(2e-4 * (t[i] - 20_000)) + 0.5 + 0.01 * rng.nextGaussian();
    }
    FitResult fast = new WindowedErfFitter().fit(t, y, 0.5, 0.5, 1e-5, 5_000);
    assertEquals(FitStatus.CONVERGED, fast.status());
    assertEquals(20_000, fast.jumpTime(), 5 * fast.jumpTimeStdErr());
    assertEquals(2e-4, fast.sharpness(), 5 * fast.sharpnessStdErr());
    assertSameOptimum(t, y, 1e-5, 5_000, "noisy");
  }
}
