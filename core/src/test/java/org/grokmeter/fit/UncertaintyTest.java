package org.grokmeter.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.grokmeter.Tolerances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two error models: scipy-compatible iid errors, and HAC errors whose intervals hold on training-curve noise. */
class UncertaintyTest {

  private static final String DIR = "/fit/mlp_torch/";
  private final CurveFitter fitter = new CurveFitter();

  @ParameterizedTest
  @ValueSource(strings = {"curves_25_0.csv.gz", "curves_29_1.csv.gz", "curves_33_2.csv.gz",
    "curves_37_0.csv.gz", "curves_41_1.csv.gz", "curves_44_2.csv.gz", "curves_45_2.csv.gz"})
  void iidErrorsAreScipyPcov(String file) {
    Map<String, double[]> c = FitFixtures.columns(DIR + file);
    List<String[]> want = FitFixtures.rows(DIR + "scipy_pcov.csv");
    FitOptions iid = FitOptions.paper(PaperSetting.MLP).withFallback(true).withErrors(ErrorModel.IID);
    for (String[] row : want) {
      if (!row[0].equals(file)) {
        continue;
      }
      FitResult r = fitter.fit(c.get("epoch"), c.get(row[1]), iid);
      assertTrue(r.status().isConverged(), file + " " + row[1]);
      // the optimum agrees to ~1e-8, so the standard errors (smooth in it) to far better than 1e-5
      assertTrue(Tolerances.rel(r.jumpTimeStdErr(), Double.parseDouble(row[4])) < 1e-5,
          file + " " + row[1] + " se t* " + r.jumpTimeStdErr() + " vs scipy " + row[4]);
      assertTrue(Tolerances.rel(r.sharpnessStdErr(), Double.parseDouble(row[5])) < 1e-5,
          file + " " + row[1] + " se s " + r.sharpnessStdErr() + " vs scipy " + row[5]);
      assertEquals(ErrorModel.IID, r.errors());
      assertEquals(null, r.influence());
    }
  }

  @Test
  void realCurvesHaveCorrelatedResidualsAndWiderHacErrors() {
    // the residuals of the paper's fit on real PyTorch runs are strongly autocorrelated, so the
    // honest errors are several times the iid ones
    Map<String, double[]> c = FitFixtures.columns(DIR + "curves_37_0.csv.gz");
    FitOptions paper = FitOptions.paper(PaperSetting.MLP).withFallback(true);
    FitResult hac = fitter.fit(c.get("epoch"), c.get("val_acc"), paper);
    FitResult iid = fitter.fit(c.get("epoch"), c.get("val_acc"), paper.withErrors(ErrorModel.IID));
    assertEquals(iid.jumpTime(), hac.jumpTime(), "same optimum, only the errors differ");
    assertTrue(hac.influence().residualAutocorrelation() > 0.3, "ρ̂ " + hac.influence().residualAutocorrelation());
    assertTrue(hac.jumpTimeStdErr() > 2 * iid.jumpTimeStdErr(), hac.jumpTimeStdErr() + " vs " + iid.jumpTimeStdErr());
    assertTrue(hac.tQuantile() > iid.tQuantile());
  }

  @Test
  void bartlettByMovingSumsIsTheWeightedAutocovarianceSum() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
    int n = 257;
    double[][] x = new double[2][n];
    for (int i = 0; i < n; i++) {
      x[0][i] = rng.nextDouble() - 0.5 + (i > 0 ? 0.6 * x[0][i - 1] : 0);
      x[1][i] = rng.nextDouble() - 0.5 + 0.3 * x[0][i];
    }
    for (int b : new int[] {1, 2, 7, 40}) {
      double[][] fast = LongRunVariance.bartlett(x, b);
      for (int r = 0; r < 2; r++) {
        for (int c = 0; c < 2; c++) {
          double direct = directBartlett(x, b, r, c);
          assertEquals(direct, fast[r][c], 1e-12 * Math.max(1, Math.abs(direct)), "b=" + b + " " + r + c);
        }
      }
    }
  }

  @Test
  void bartlettOfShortSeriesAndWideWindowsIsTheWeightedAutocovarianceSum() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(9L);
    for (int n : new int[] {1, 2, 3, 8, 9, 40}) {
      double[][] x = new double[2][n];
      for (int i = 0; i < n; i++) {
        x[0][i] = rng.nextDouble() - 0.5;
        x[1][i] = rng.nextDouble() - 0.5 + 0.5 * x[0][i];
      }
      for (int b : new int[] {1, 2, 3, n - 1, n, n + 1, 2 * n + 5}) {
        if (b < 1) {
          continue;
        }
        double[][] fast = LongRunVariance.bartlett(x, b);
        for (int r = 0; r < 2; r++) {
          for (int c = 0; c < 2; c++) {
            double direct = directBartlett(x, b, r, c);
            assertEquals(direct, fast[r][c], 1e-12 * Math.max(1, Math.abs(direct)), "n=" + n + " b=" + b + " " + r + c);
          }
        }
      }
    }
  }

  /** Σ over lags |l| < b of (1 − |l|/b)·Σᵢ x_r[i]·x_c[i − l], written out. */
  private static double directBartlett(double[][] x, int b, int r, int c) {
    int n = x[r].length;
    double direct = 0;
    for (int l = -(b - 1); l <= b - 1; l++) {
      double w = 1 - Math.abs(l) / (double) b;
      for (int i = Math.max(0, l); i < n && i - l < n; i++) {
        direct += w * x[r][i] * x[c][i - l];
      }
    }
    return direct;
  }

  @Test
  void hacAgreesWithIidOnIndependentNoise() {
    double[] t = SyntheticCurves.grid(600, 0, 1000);
    double[] y = SyntheticCurves.curve(SCurveForm.ERF, new double[] {420, 0.012, 0.3, 0.6, 1}, t, 0.02, 31);
    FitResult hac = fitter.fit(t, y, FitOptions.defaults());
    FitResult iid = fitter.fit(t, y, FitOptions.defaults().withErrors(ErrorModel.IID));
    for (int p = 0; p < 4; p++) {
      double ratio = Math.sqrt(hac.covariance()[p][p] / iid.covariance()[p][p]);
      assertTrue(ratio > 0.8 && ratio < 1.25, "parameter " + p + ": HAC/iid " + ratio);
    }
  }

  @Test
  void jointErrorsOfTheMeasuresCountNoiseBothCurvesShare() {
    // identical noise on both curves: t*_val − t*_train moves with it, so m's error is smaller than
    // for independent fits; the iid delta method cannot see that
    double[] t = SyntheticCurves.grid(1000, 0, 999);
    double[] noise = SyntheticCurves.curve(SCurveForm.ERF, new double[] {0, 1, 0, 0, 1}, t, 0.01, 4);
    double[] tr = new double[t.length];
    double[] va = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      tr[i] = SCurveForm.ERF.value(t[i], new double[] {300, 0.01, 0.25, 0.75, 1}) + noise[i];
      va[i] = SCurveForm.ERF.value(t[i], new double[] {330, 0.01, 0.25, 0.75, 1}) + noise[i];
    }
    FitOptions o = FitOptions.paper(PaperSetting.MLP).withFallback(true);
    FitPair joint = fitter.fitPair(t, tr, t, va, o);
    double independent = joint.val().jumpTime() / joint.train().jumpTime()
        * Math.hypot(joint.val().jumpTimeStdErr() / joint.val().jumpTime(),
            joint.train().jumpTimeStdErr() / joint.train().jumpTime());
    assertTrue(joint.measures().relativeGapStdErr() < 0.5 * independent,
        joint.measures().relativeGapStdErr() + " vs independent " + independent);
  }

  @Test
  void coverageOnBothNoiseFamiliesIsNearNominal() {
    List<CoverageStudy.Shape> shapes = CoverageStudy.shapes();
    CoverageStudy.Case[] cases = {
      new CoverageStudy.Case(CoverageStudy.Noise.BINOMIAL, 0, shapes.get(1), false, 3000),
      new CoverageStudy.Case(CoverageStudy.Noise.AR1, 0.7, shapes.get(0), false, 3000),
      new CoverageStudy.Case(CoverageStudy.Noise.AR1, 0.97, shapes.get(2), false, 3000),
      new CoverageStudy.Case(CoverageStudy.Noise.AR1, 0.9, shapes.get(3), true, 3000),
    };
    int[] reps = {24, 60, 60, 24};
    double sum = 0;
    int cells = 0;
    for (int i = 0; i < cases.length; i++) {
      CoverageStudy.Result r = CoverageStudy.run(cases[i], reps[i], 1L, ErrorModel.HAC);
      assertTrue(r.converged() >= 0.9 * reps[i], cases[i].label() + ": " + r.converged() + " converged");
      for (Map.Entry<String, Double> e : r.coverage().entrySet()) {
        assertTrue(e.getValue() >= 0.8, cases[i].label() + " " + e.getKey() + ": coverage " + e.getValue());
        sum += e.getValue();
        cells++;
      }
    }
    double mean = sum / cells;
    assertTrue(mean > 0.9 && mean < 0.99, "mean coverage " + mean);
    // the iid errors fail on slowly wandering noise: the study can tell good intervals from bad
    CoverageStudy.Result iid = CoverageStudy.run(cases[2], 30, 1L, ErrorModel.IID);
    assertTrue(iid.coverage().get("t_star_val") < 0.6, "iid coverage " + iid.coverage());
  }
}
