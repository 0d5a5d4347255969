package org.grokmeter.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Curves with nothing to fit are never {@code converged}, and their measures are undefined. */
class DegenerateFitTest {

  private final CurveFitter fitter = new CurveFitter();
  private static final double[] T = SyntheticCurves.grid(300, 0, 299);

  private static double[] constant(double v) {
    double[] y = new double[T.length];
    Arrays.fill(y, v);
    return y;
  }

  @ParameterizedTest
  @EnumSource(SCurveForm.class)
  void anExactlyConstantCurveIsFlatWithFreeLevels(SCurveForm form) {
    FitResult r = fitter.fit(T, constant(0.8), FitOptions.defaults().withForm(form));
    assertEquals(FitStatus.FLAT_CURVE, r.status(), form.name());
  }

  @Test
  void aValidationCurveExactlyAtChanceIsFlatAndHasNoMeasures() {
    double[] train = SyntheticCurves.curve(SCurveForm.ERF, new double[] {80, 0.03, 0.25, 0.75, 1}, T, 0.01, 3);
    FitResult tr = fitter.fitWithFallback(T, train, 0.25, 0.75, 1e-3, 100);
    FitResult va = fitter.fitWithFallback(T, constant(0.5), 0.25, 0.75, 1e-3, 100);
    assertTrue(tr.status().isConverged(), tr.status().token());
    assertEquals(FitStatus.FLAT_CURVE, va.status());
    GrokkingMeasures g = GrokkingMeasures.of(tr, va);
    assertFalse(g.valid());
    assertTrue(Double.isNaN(g.relativeGap()) && Double.isNaN(g.relativeGapStdErr()));
    assertTrue(Double.isNaN(g.relativeSharpness()) && Double.isNaN(g.absoluteSharpness()));
    assertTrue(Double.isNaN(g.absoluteSharpnessStdErr()));
  }

  @Test
  void theWindowedFitterLabelsAFlatCurveTheSameWay() {
    double[] t = SyntheticCurves.grid(2000, 1, 1e6);
    double[] y = new double[t.length];
    Arrays.fill(y, 0.5);
    FitResult r = new WindowedErfFitter().fit(t, y, 0.5, 0.5, 1e-6, 2e5);
    assertEquals(FitStatus.FLAT_CURVE, r.status());
  }

  @Test
  void aStepBetweenTwoPointsHasNoDeterminedSharpness() {
    // a jump between two recorded points: any s large enough fits it exactly, JᵀJ is singular
    double[] y = new double[T.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = i < 150 ? 0.5 : 1.0;
    }
    FitResult r = fitter.fitWithFallback(T, y, 0.25, 0.75, 1e-3, 100);
    assertFalse(r.status().isConverged(), r.status().token());
  }

  @Test
  void timeValuesNearTheSmallestDoubleGiveAStatusNotAnException() {
    double[] t = new double[50];
    double[] y = new double[50];
    for (int i = 0; i < t.length; i++) {
      t[i] = (i + 1) * 1e-310;
      y[i] = 0.75 + 0.25 * org.apache.commons.numbers.gamma.Erf.value(0.2 * (i - 20));
    }
    FitResult r = fitter.fit(t, y, FitOptions.defaults());
    assertFalse(r.status().isConverged(), r.status().token());
  }

  @Test
  void positiveDefinitenessIsCheckedOnTheFreeBlockOnly() {
    boolean[] free = {true, true, false, false, false};
    double[][] ok = new double[5][5];
    ok[0][0] = 4;
    ok[1][1] = 1e-12;
    ok[0][1] = ok[1][0] = 1e-6;
    ok[2][2] = Double.NaN; // fixed parameter: ignored
    assertTrue(FitRules.positiveDefinite(ok, free));
    double[][] collinear = new double[5][5];
    collinear[0][0] = 4;
    collinear[1][1] = 1;
    collinear[0][1] = collinear[1][0] = 2; // correlation exactly 1
    assertFalse(FitRules.positiveDefinite(collinear, free));
    double[][] zero = new double[5][5];
    zero[0][0] = 1;
    assertFalse(FitRules.positiveDefinite(zero, free));
  }
}
