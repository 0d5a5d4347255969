package org.grokmeter.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CurveFitterTest {

  private final CurveFitter fitter = new CurveFitter();
  private static final double[] T = SyntheticCurves.grid(600, 0, 1000);

  private static double[] truth(SCurveForm form) {
    return new double[] {420, 0.012, 0.3, 0.6, form == SCurveForm.RICHARDS ? 2.5 : 1.0};
  }

  @ParameterizedTest
  @EnumSource(SCurveForm.class)
  void recoversKnownParametersFromAutomaticStart(SCurveForm form) {
    double[] p = truth(form);
    double[] y = SyntheticCurves.curve(form, p, T, 0.01, 11);
    FitResult r = fitter.fit(T, y, FitOptions.defaults().withForm(form));
    assertEquals(FitStatus.CONVERGED, r.status(), form.name());
    assertWithin(r.jumpTime(), p[0], 5 * r.jumpTimeStdErr(), 0.02, form + " t*");
    assertWithin(r.sharpness(), p[1], 5 * r.sharpnessStdErr(), 0.05, form + " s");
    assertWithin(r.amplitude(), p[2], 5 * r.amplitudeStdErr(), 0.02, form + " a");
    assertWithin(r.offset(), p[3], 5 * r.offsetStdErr(), 0.02, form + " b");
    if (form == SCurveForm.RICHARDS) {
      assertWithin(r.shape(), p[4], 5 * r.shapeStdErr(), 0.5, "nu");
    }
    assertTrue(r.rSquared() > 0.99, "R² " + r.rSquared());
  }

  @ParameterizedTest
  @EnumSource(value = SCurveForm.class, names = {"ERF", "LOGISTIC", "GOMPERTZ"})
  void recoversFromAFarStart(SCurveForm form) {
    double[] p = truth(form);
    double[] y = SyntheticCurves.curve(form, p, T, 0.01, 12);
    // start at the far end with a transition 20x too wide: the fallback must rescue it if LM does not
    FitResult r = fitter.fit(T, y, FitOptions.defaults().withForm(form).withAmplitude(0.3).withOffset(0.6)
        .withStart(950, 0.0006));
    assertTrue(r.status().isConverged(), r.status().toString());
    assertWithin(r.jumpTime(), p[0], 5 * r.jumpTimeStdErr(), 0.02, "t*");
    assertWithin(r.sharpness(), p[1], 5 * r.sharpnessStdErr(), 0.05, "s");
    assertEquals(2, r.freeParameters());
    assertEquals(0.0, r.amplitudeStdErr());
  }

  @Test
  void standardErrorsMatchTheSpreadOverNoiseSeeds() {
    double[] p = truth(SCurveForm.ERF);
    int runs = 40;
    double[] ts = new double[runs];
    double meanSe = 0;
    for (int i = 0; i < runs; i++) {
      double[] y = SyntheticCurves.curve(SCurveForm.ERF, p, T, 0.02, 100 + i);
      FitResult r = fitter.fit(T, y, FitOptions.defaults());
      assertEquals(FitStatus.CONVERGED, r.status());
      ts[i] = r.jumpTime();
      meanSe += r.jumpTimeStdErr() / runs;
    }
    double sd = sd(ts);
    assertTrue(meanSe > 0.7 * sd && meanSe < 1.4 * sd, "mean SE " + meanSe + " vs spread " + sd);
  }

  @Test
  void bootstrapIsSeededAndAgreesWithTheJacobian() {
    double[] p = truth(SCurveForm.ERF);
    double[] y = SyntheticCurves.curve(SCurveForm.ERF, p, T, 0.02, 7);
    FitOptions o = FitOptions.defaults().withBootstrap(200, 42);
    FitResult a = fitter.fit(T, y, o);
    FitResult b = fitter.fit(T, y, o);
    assertNotNull(a.bootstrap());
    assertEquals(a.bootstrap(), b.bootstrap(), "same seed, same bootstrap");
    assertNotEquals(a.bootstrap(), fitter.fit(T, y, FitOptions.defaults().withBootstrap(200, 43)).bootstrap());
    assertEquals(200, a.bootstrap().converged());
    double ratio = a.bootstrap().jumpTimeStdErr() / a.jumpTimeStdErr();
    assertTrue(ratio > 0.75 && ratio < 1.33, "bootstrap/Jacobian SE ratio " + ratio);
    assertTrue(a.bootstrap().jumpTimeLow() < a.jumpTime() && a.jumpTime() < a.bootstrap().jumpTimeHigh());
  }

  @Test
  void confidenceIntervalUsesStudentT() {
    double[] y = SyntheticCurves.curve(SCurveForm.ERF, truth(SCurveForm.ERF), T, 0.02, 8);
    FitResult r = fitter.fit(T, y, FitOptions.defaults().withErrors(ErrorModel.IID));
    // 596 degrees of freedom: t quantile of 0.975 is 1.96394 (scipy.stats.t.ppf(0.975, 596))
    assertEquals(1.9639522633470063, r.tQuantile(), 1e-9);
    assertEquals(r.jumpTime() - r.tQuantile() * r.jumpTimeStdErr(), r.jumpTimeLow(), 1e-9);
    // HAC: fewer degrees of freedom when the residuals are correlated, never more than n − k
    FitResult hac = fitter.fit(T, y, FitOptions.defaults());
    assertTrue(hac.tQuantile() >= r.tQuantile(), "HAC quantile " + hac.tQuantile());
  }

  @Test
  void robustLossResistsOutliers() {
    double[] p = truth(SCurveForm.ERF);
    double[] y = SyntheticCurves.curve(SCurveForm.ERF, p, T, 0.01, 9);
    // a logging glitch: every 10th evaluation reads 0 after the jump
    for (int i = 300; i < y.length; i += 10) {
      y[i] = 0.0;
    }
    FitResult ls = fitter.fit(T, y, FitOptions.defaults());
    FitResult robust = fitter.fit(T, y, FitOptions.defaults().withLoss(Loss.CAUCHY, Double.NaN));
    assertTrue(Math.abs(robust.amplitude() - p[2]) < 0.01, "robust a " + robust.amplitude());
    assertTrue(Math.abs(ls.amplitude() - p[2]) > 0.02, "least squares a " + ls.amplitude() + " should be pulled down");
    assertTrue(robust.status().isConverged());
    FitResult huber = fitter.fit(T, y, FitOptions.defaults().withLoss(Loss.HUBER, Double.NaN));
    assertTrue(Math.abs(huber.amplitude() - p[2]) < Math.abs(ls.amplitude() - p[2]));
  }

  @Test
  void automaticFormChoiceByBic() {
    for (SCurveForm form : new SCurveForm[] {SCurveForm.ERF, SCurveForm.LOGISTIC, SCurveForm.GOMPERTZ}) {
      double[] y = SyntheticCurves.curve(form, truth(form), T, 0.005, 21);
      FitResult r = fitter.fit(T, y, FitOptions.defaults().withAutoForm(ModelCriterion.BIC));
      assertEquals(form, r.form(), "data from " + form);
    }
    double[] y = SyntheticCurves.curve(SCurveForm.RICHARDS, new double[] {420, 0.012, 0.3, 0.6, 4.0}, T, 0.003, 22);
    assertEquals(SCurveForm.RICHARDS, fitter.fit(T, y, FitOptions.defaults().withAutoForm(ModelCriterion.AIC)).form());
  }

  // ------------------------------------------------------------------ every status

  @Test
  void statusTooFewPoints() {
    FitResult r = fitter.fitPaper(new double[] {0, 1, 2}, new double[] {0.5, 0.7, 1}, 0.25, 0.75, 1, 1);
    assertEquals(FitStatus.TOO_FEW_POINTS, r.status());
    assertEquals("too_few_points", r.status().token());
    // Richards with free a and b has 5 parameters: 5 points are too few
    double[] t5 = {0, 1, 2, 3, 4};
    assertEquals(FitStatus.TOO_FEW_POINTS, fitter.fit(t5, new double[] {0.1, 0.2, 0.5, 0.8, 0.9},
        FitOptions.defaults().withForm(SCurveForm.RICHARDS)).status());
  }

  @Test
  void statusNotAnSCurveForAFallingCurve() {
    double[] y = SyntheticCurves.curve(SCurveForm.ERF, new double[] {420, -0.012, 0.25, 0.75, 1}, T, 0.01, 3);
    FitResult r = fitter.fitPaper(T, y, 0.25, 0.75, 0.01, 400);
    assertEquals(FitStatus.NOT_AN_S_CURVE, r.status());
  }

  @Test
  void statusNotAnSCurveForNoise() {
    double[] y = SyntheticCurves.curve(SCurveForm.ERF, new double[] {420, 0.012, 0.0, 0.5, 1}, T, 0.05, 4);
    FitResult r = fitter.fit(T, y, FitOptions.defaults());
    // no jump anywhere: either no S-curve or none in range, never a converged fit
    assertTrue(r.status() == FitStatus.NOT_AN_S_CURVE || r.status() == FitStatus.NO_TRANSITION_IN_RANGE,
        r.status() + ", R² " + r.rSquared());
    FitResult fixed = fitter.fit(T, y, FitOptions.defaults().withAmplitude(0.25).withOffset(0.5).withStart(500, 0.01)
        .withFallback(false));
    assertEquals(FitStatus.NOT_AN_S_CURVE, fixed.status(), "R² " + fixed.rSquared() + " t* " + fixed.jumpTime()
        + " s " + fixed.sharpness());
  }

  @Test
  void statusNoTransitionInRange() {
    // the jump is at 1150, after the last recorded time; only its start is visible
    double[] y = SyntheticCurves.curve(SCurveForm.ERF, new double[] {1150, 0.004, 0.25, 0.75, 1}, T, 0.005, 5);
    FitResult r = fitter.fitPaper(T, y, 0.25, 0.75, 0.004, 900);
    assertEquals(FitStatus.NO_TRANSITION_IN_RANGE, r.status());
    assertEquals(1150, r.jumpTime(), 50);
  }

  @Test
  void statusMaxIterations() {
    double[] y = SyntheticCurves.curve(SCurveForm.ERF, truth(SCurveForm.ERF), T, 0.01, 6);
    FitResult r = fitter.fit(T, y, FitOptions.defaults().withStart(500, 0.008).withMaxIterations(1)
        .withFallback(false));
    assertEquals(FitStatus.MAX_ITERATIONS, r.status());
    assertTrue(Double.isFinite(r.jumpTime()), "the best point seen is reported");
  }

  @Test
  void statusDivergedFromThePaperStartOnTheHardFixture() {
    // scipy runs away to t* = -5e8 from the paper's start on this curve (fixtures README)
    Map<String, double[]> c = FitFixtures.columns("/fit/mlp_torch/curves_44_2.csv.gz");
    FitResult paper = fitter.fitPaper(c.get("epoch"), c.get("val_acc"), 0.25, 0.75, 1e-3, 100);
    assertTrue(!paper.status().isConverged(), "paper start: " + paper.status() + " t*=" + paper.jumpTime());
    FitResult fb = fitter.fitWithFallback(c.get("epoch"), c.get("val_acc"), 0.25, 0.75, 1e-3, 100);
    assertEquals(FitStatus.CONVERGED_AUTO_START, fb.status());
    assertNotEquals(StartSource.GIVEN, fb.startSource(), "the result names the automatic start it used");
    assertNotEquals(100.0, fb.startJumpTime());
  }

  @Test
  void statusDivergedWhenTheJumpRunsAway() {
    // a flat curve at the lower level with fixed a, b: the best "jump" is infinitely late
    double[] y = new double[T.length];
    java.util.Arrays.fill(y, 0.5);
    y[3] = 0.51;
    FitResult r = fitter.fitPaper(T, y, 0.25, 0.75, 0.01, 500);
    assertTrue(r.status() == FitStatus.DIVERGED || r.status() == FitStatus.NO_TRANSITION_IN_RANGE, r.status().name());
  }

  @Test
  void statusTokensAreStable() {
    assertEquals("converged", FitStatus.CONVERGED.token());
    assertEquals("converged_auto_start", FitStatus.CONVERGED_AUTO_START.token());
    assertEquals("max_iterations", FitStatus.MAX_ITERATIONS.token());
    assertEquals("not_an_s_curve", FitStatus.NOT_AN_S_CURVE.token());
    assertEquals("no_transition_in_range", FitStatus.NO_TRANSITION_IN_RANGE.token());
    assertEquals("diverged", FitStatus.DIVERGED.token());
    for (FitStatus s : FitStatus.values()) {
      assertEquals(s, FitStatus.parse(s.token()));
    }
  }

  @Test
  void badInputIsAnIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> fitter.fitPaper(new double[] {0, 1, 2, 3, 4},
        new double[] {0.5, 0.5, Double.NaN, 1, 1}, 0.25, 0.75, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> fitter.fitPaper(new double[] {0, 1, 1, 3, 4},
        new double[] {0.5, 0.5, 0.6, 1, 1}, 0.25, 0.75, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> fitter.fitPaper(new double[] {0, 1, 2},
        new double[] {0.5, 0.5}, 0.25, 0.75, 1, 2));
  }

  @Test
  void deterministic() {
    double[] y = SyntheticCurves.curve(SCurveForm.ERF, truth(SCurveForm.ERF), T, 0.01, 13);
    FitResult a = fitter.fit(T, y, FitOptions.defaults().withAutoForm(ModelCriterion.AIC));
    FitResult b = new CurveFitter().fit(T, y, FitOptions.defaults().withAutoForm(ModelCriterion.AIC));
    assertArrayEquals(a.parameters(), b.parameters());
    assertEquals(a.rss(), b.rss());
  }

  // ------------------------------------------------------------------ helpers

  private static void assertWithin(double got, double want, double absTol, double relTol, String what) {
    double tol = Math.max(absTol, relTol * Math.abs(want));
    assertEquals(want, got, tol, what);
  }

  private static double sd(double[] v) {
    double m = 0;
    for (double x : v) {
      m += x / v.length;
    }
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }
}
