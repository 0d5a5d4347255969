package org.grokmeter.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.grokmeter.Tolerances;
import org.junit.jupiter.api.Test;

class PaperCurvesTest {

  /** Rows of a CSV test resource, header dropped. */
  static List<String[]> csv(String name) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        PaperCurvesTest.class.getResourceAsStream("/linear/" + name), StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          rows.add(line.split(","));
        }
      }
    }
    return rows;
  }

  @Test
  void matchesSixtyDigitValuesFromXOneMillionthToTenThousand() throws IOException {
    // lam,eta,x,t,L_t,L_g,A_tr,A_gen,lnL_t,lnL_g
    List<String[]> rows = csv("closed_form_mpmath.csv");
    assertEquals(9, rows.size());
    for (String[] row : rows) {
      double lambda = Double.parseDouble(row[0]);
      double eta = Double.parseDouble(row[1]);
      double x = Double.parseDouble(row[2]);
      PaperCurves c = new PaperCurves(lambda, eta);
      // Evaluate at the x of the reference: t from x so the test does not inherit the fixture's t rounding.
      double t = x / (c.x(1.0));
      assertEquals(Double.parseDouble(row[3]), t, 1e-14 * t, "t at x=" + x);
      double lnTr = Double.parseDouble(row[8]);
      double lnGen = Double.parseDouble(row[9]);
      assertEquals(lnTr, c.logTrainLoss(t), Tolerances.LINEAR_PAPER_LOG_LOSS_REL * Math.abs(lnTr), "ln L_tr at x=" + x);
      assertEquals(lnGen, c.logGenLoss(t), Tolerances.LINEAR_PAPER_LOG_LOSS_REL * Math.abs(lnGen), "ln L_gen at x=" + x);
      assertEquals(Double.parseDouble(row[6]), LinearMath.accuracy(c.logTrainLoss(t), 1e-10),
          Tolerances.LINEAR_PAPER_ACCURACY_ABS, "A_tr at x=" + x);
      assertEquals(Double.parseDouble(row[7]), LinearMath.accuracy(c.logGenLoss(t), 1e-10),
          Tolerances.LINEAR_PAPER_ACCURACY_ABS, "A_gen at x=" + x);
    }
  }

  @Test
  void bracketIsSmoothAcrossTheSwitchBetweenDirectAndContinuedFraction() {
    // B(x) = e^(−x) − √(πx) erfc(√x) evaluated both ways just around x = 1 must agree.
    for (double x : new double[] {0.999999, 1.0, 1.000001}) {
      double direct = Math.log(Math.exp(-x) - LinearMath.SQRT_PI * Math.sqrt(x)
          * org.apache.commons.numbers.gamma.Erfc.value(Math.sqrt(x)));
      double fraction = -x + Math.log(0.5 * LinearMath.upperGammaFraction(-0.5, x));
      assertEquals(direct, fraction, 1e-14, "x=" + x);
      assertEquals(direct, LinearMath.logBracket(x), 1e-14, "x=" + x);
    }
    // ... and across the switch from the rational erfcx to the continued fraction at x = 49.
    for (double x : new double[] {1.5, 10, 30, 48.999999, 49.0, 49.000001}) {
      double fraction = -x + Math.log(0.5 * LinearMath.upperGammaFraction(-0.5, x));
      assertEquals(fraction, LinearMath.logBracket(x), 1e-13, "x=" + x);
    }
    // The large-x asymptote B ≈ e^(−x)/(2x)·(1 − 3/(2x)): the continued fraction must follow it.
    double x = 1e8;
    assertEquals(-x - Math.log(2 * x) + Math.log1p(-1.5 / x), LinearMath.logBracket(x), 1e-15 * x);
  }

  @Test
  void neverNanNeverNegativeAccuraciesInUnitIntervalAtExtremes() {
    double[] lambdas = {1e-12, 1e-3, 0.5, 0.999999999, 1.0, 1.000000001, 1.003, 1.1, 4, 1e6, 1e12};
    double[] etas = {1e-12, 0.01, 1, 1e6};
    double[] times = {0, Double.MIN_VALUE, 1e-300, 1e-10, 1, 1e3, 1e9, 1e15, 1e300, Double.MAX_VALUE};
    double[] epss = {Double.MIN_VALUE, 1e-10, 1, 1e300};
    for (double lambda : lambdas) {
      for (double eta : etas) {
        PaperCurves c = new PaperCurves(lambda, eta);
        double previousTrain = Double.POSITIVE_INFINITY;
        for (double t : times) {
          double lt = c.logTrainLoss(t);
          double lg = c.logGenLoss(t);
          String where = "lambda=" + lambda + " eta=" + eta + " t=" + t;
          assertFalse(Double.isNaN(lt), "ln L_tr NaN at " + where);
          assertFalse(Double.isNaN(lg), "ln L_gen NaN at " + where);
          assertTrue(lt <= previousTrain, "L_tr must not increase at " + where);
          previousTrain = lt;
          for (double eps : epss) {
            double at = LinearMath.accuracy(lt, eps);
            double ag = LinearMath.accuracy(lg, eps);
            assertTrue(at >= 0 && at <= 1, "A_tr=" + at + " at " + where + " eps=" + eps);
            assertTrue(ag >= 0 && ag <= 1, "A_gen=" + ag + " at " + where + " eps=" + eps);
          }
        }
      }
    }
  }

  @Test
  void accuracyLimits() {
    assertEquals(0.0, LinearMath.accuracy(Double.POSITIVE_INFINITY, 1e-10));
    assertEquals(1.0, LinearMath.accuracy(Double.NEGATIVE_INFINITY, 1e-10));
    assertEquals(1.0, LinearMath.accuracy(-1e6, 1e-10));
    // L = ε/2 → erf(1)
    assertEquals(0.8427007929497149, LinearMath.accuracy(Math.log(0.5e-10), 1e-10), 1e-15);
  }

  /**
   * The saturation shortcut of accuracyFromHalfLogThreshold (no exp, no erf where the result is 1)
   * gives exactly the bits of the careful path: swept densely through the boundary ln 6.
   */
  @Test
  void saturationShortcutIsBitExact() {
    double h = LinearMath.halfLogThreshold(1e-10);
    for (int i = -200_000; i <= 200_000; i++) {
      double logArg = LinearMath.LOG_SATURATED + i * 1e-14 * (1 + (i & 7));
      double logLoss = 2 * (h - logArg);
      double careful = carefulAccuracy(h, logLoss);
      assertEquals(Double.doubleToLongBits(careful),
          Double.doubleToLongBits(LinearMath.accuracyFromHalfLogThreshold(h, logLoss)), "logLoss " + logLoss);
    }
    for (double logLoss = -60; logLoss < 0; logLoss += 1e-3) {
      assertEquals(Double.doubleToLongBits(carefulAccuracy(h, logLoss)),
          Double.doubleToLongBits(LinearMath.accuracyFromHalfLogThreshold(h, logLoss)), "logLoss " + logLoss);
    }
  }

  /** The accuracy without the shortcut (what accuracyFromHalfLogThreshold computed before it). */
  private static double carefulAccuracy(double h, double logLoss) {
    double arg = Math.exp(h - 0.5 * logLoss);
    if (arg >= 6) {
      return 1.0;
    }
    if (arg < 1e-8) {
      return 1.1283791670955126 * arg;
    }
    double a = org.apache.commons.numbers.gamma.Erf.value(arg);
    return a < 0 ? 0 : Math.min(a, 1.0);
  }

  @Test
  void rejectsMeaninglessParameters() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThrowsIae(() -> new PaperCurves(bad, 0.01));
      assertThrowsIae(() -> new PaperCurves(1.05, bad));
    }
    assertThrowsIae(() -> new PaperCurves(1.05, 0.01).logGenLoss(-1));
    assertThrowsIae(() -> new PaperCurves(1.05, 0.01).logTrainLoss(Double.NaN));
  }

  static void assertThrowsIae(org.junit.jupiter.api.function.Executable e) {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, e);
  }
}
