package org.grokmeter.fit;

import org.grokmeter.Tolerances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The paper's linear-setting fit (a = b = 1/2, start s = 1/t_max, t* = t_max/5) on 50 000-point
 * paper-mode curves lands on scipy's optimum (fixtures/linear_paper/scipy_fits.csv), t up to 5.6e8.
 */
class LinearScipyAgreementTest {

  @Test
  void testCurvesMatchMpmath() {
    // the test-local closed forms against 60-digit mpmath values (guards the curves, not the fitter)
    List<String[]> rows = FitFixtures.rows("/fit/linear_paper/closed_form_mpmath.csv");
    for (String[] r : rows.subList(1, rows.size())) {
      double lambda = Double.parseDouble(r[0]);
      double t = Double.parseDouble(r[3]);
      assertEquals(Double.parseDouble(r[8]), LinearPaperCurves.lnTrainLoss(lambda, t),
          1e-12 * Math.max(1, Math.abs(Double.parseDouble(r[8]))), "lnL_t at t=" + t);
      assertEquals(Double.parseDouble(r[9]), LinearPaperCurves.lnGenLoss(lambda, t),
          1e-10 * Math.max(1, Math.abs(Double.parseDouble(r[9]))), "lnL_g at t=" + t);
    }
  }

  @Test
  void paperFitsMatchScipy() {
    CurveFitter fitter = new CurveFitter();
    List<String[]> rows = FitFixtures.rows("/fit/linear_paper/scipy_fits.csv");
    for (String[] r : rows.subList(1, rows.size())) {
      double lambda = Double.parseDouble(r[0]);
      double[] t = LinearPaperCurves.times(lambda);
      double tMax = t[t.length - 1];
      FitResult train = fitter.fitPaper(t, LinearPaperCurves.trainAccuracy(lambda, t), 0.5, 0.5,
          1 / tMax, tMax / 5);
      FitResult val = fitter.fitPaper(t, LinearPaperCurves.genAccuracy(lambda, t), 0.5, 0.5,
          1 / tMax, tMax / 5);
      String w = "lambda=" + lambda;
      assertEquals(FitStatus.CONVERGED, train.status(), w);
      assertEquals(FitStatus.CONVERGED, val.status(), w);
      check(train.jumpTime(), r[1], w + " t*_train");
      check(train.sharpness(), r[2], w + " s_train");
      check(val.jumpTime(), r[3], w + " t*_val");
      check(val.sharpness(), r[4], w + " s_val");
      GrokkingMeasures g = GrokkingMeasures.of(train, val);
      check(g.relativeGap(), r[5], w + " m");
      check(g.relativeSharpness(), r[6], w + " R_rel");
      check(g.absoluteSharpness(), r[7], w + " R_abs");
    }
  }

  private static void check(double got, String want, String what) {
    double wv = Double.parseDouble(want);
    double rel = Tolerances.rel(got, wv);
    assertTrue(rel < Tolerances.SCIPY_RELATIVE, what + ": " + got + " vs scipy " + wv + " (rel " + rel + ")");
  }
}
