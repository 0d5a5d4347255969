package org.grokmeter.fit;

import org.grokmeter.Tolerances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The paper's fit lands on scipy curve_fit's optimum on real PyTorch curves (fixtures/mlp_torch). */
class ScipyAgreementTest {

  private static final String DIR = "/fit/mlp_torch/";
  private final CurveFitter fitter = new CurveFitter();

  @ParameterizedTest
  @ValueSource(strings = {"curves_25_0.csv.gz", "curves_29_1.csv.gz", "curves_33_2.csv.gz",
    "curves_37_0.csv.gz", "curves_41_1.csv.gz", "curves_44_2.csv.gz", "curves_45_2.csv.gz"})
  void paperFitMatchesScipy(String file) {
    Map<String, double[]> c = FitFixtures.columns(DIR + file);
    Map<String, String> want = FitFixtures.scipyRow(DIR + "scipy_fits.csv", file);
    double[] t = c.get("epoch");

    FitResult train = fitter.fitPaper(t, c.get("train_acc"), 0.25, 0.75, 1e-3, 100);
    assertEquals(FitStatus.CONVERGED, train.status(), file + " train");
    assertOptimum(train, want.get("t_star_train"), want.get("s_train"), file + " train");

    FitResult valPaper = fitter.fitPaper(t, c.get("val_acc"), 0.25, 0.75, 1e-3, 100);
    FitResult val = fitter.fitWithFallback(t, c.get("val_acc"), 0.25, 0.75, 1e-3, 100);
    if (want.get("status_val").equals("ok")) {
      assertEquals(FitStatus.CONVERGED, valPaper.status(), file + " val");
      assertOptimum(valPaper, want.get("t_star_val"), want.get("s_val"), file + " val");
      assertEquals(FitStatus.CONVERGED, val.status(), file + " val fallback");
    } else {
      // scipy diverges from the paper's start here; whatever our paper mode does it must not
      // claim a converged optimum elsewhere, and the fallback must find the listed optimum
      if (valPaper.status().isConverged()) {
        assertOptimum(valPaper, want.get("t_star_val"), want.get("s_val"), file + " val paper");
      }
      assertTrue(val.status().isConverged(), file + " val fallback: " + val.status());
    }
    assertOptimum(val, want.get("t_star_val"), want.get("s_val"), file + " val fallback");
  }

  private static void assertOptimum(FitResult r, String tStar, String s, String what) {
    double wt = Double.parseDouble(tStar);
    double ws = Double.parseDouble(s);
    assertTrue(Tolerances.rel(r.jumpTime(), wt) < Tolerances.SCIPY_RELATIVE,
        what + ": t* " + r.jumpTime() + " vs scipy " + wt + " (rel " + Tolerances.rel(r.jumpTime(), wt) + ")");
    assertTrue(Tolerances.rel(r.sharpness(), ws) < Tolerances.SCIPY_RELATIVE,
        what + ": s " + r.sharpness() + " vs scipy " + ws + " (rel " + Tolerances.rel(r.sharpness(), ws) + ")");
  }
}
