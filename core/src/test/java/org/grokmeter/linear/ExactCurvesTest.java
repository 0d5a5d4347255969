package org.grokmeter.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.grokmeter.Tolerances;
import org.junit.jupiter.api.Test;

class ExactCurvesTest {

  @Test
  void besselI1eMatchesScipy() throws IOException {
    List<String[]> rows = PaperCurvesTest.csv("i1e.csv");
    assertTrue(rows.size() > 20);
    for (String[] row : rows) {
      double y = Double.parseDouble(row[0]);
      double expected = Double.parseDouble(row[1]);
      assertEquals(expected, LinearMath.besselI1e(y), Tolerances.LINEAR_BESSEL_REL * expected, "I1e(" + y + ")");
    }
  }

  @Test
  void matchesIndependentQuadratureOfTheMarchenkoPasturDensity() throws IOException {
    // lambda,eta,t,ln_train_loss,ln_gen_loss_bulk — scipy quad over the MP density itself.
    List<String[]> rows = PaperCurvesTest.csv("exact_mp_quad.csv");
    assertTrue(rows.size() > 50);
    for (String[] row : rows) {
      double lambda = Double.parseDouble(row[0]);
      double eta = Double.parseDouble(row[1]);
      double t = Double.parseDouble(row[2]);
      ExactCurves c = new ExactCurves(lambda, eta);
      double lnTr = Double.parseDouble(row[3]);
      double lnBulk = Double.parseDouble(row[4]);
      double bulk = Math.exp(lnBulk);
      double atom = lambda > 1 ? 1 - 1 / lambda : 0;
      // ln(atom + bulk) without underflow
      double lnGen = atom == 0 ? lnBulk : Math.log(atom) + Math.log1p(bulk / atom);
      String where = "lambda=" + lambda + " t=" + t;
      double tol = Tolerances.LINEAR_EXACT_LOG_LOSS_ABS * Math.max(1, Math.abs(lnTr));
      assertEquals(lnTr, c.logTrainLoss(t), tol, "ln L_tr " + where);
      assertEquals(lnGen, c.logGenLoss(t), Tolerances.LINEAR_EXACT_LOG_LOSS_ABS * Math.max(1, Math.abs(lnGen)),
          "ln L_gen " + where);
    }
  }

  @Test
  void gridEvaluationEqualsPointwise() {
    for (double lambda : new double[] {0.5, 1.003, 1.1}) {
      ExactCurves c = new ExactCurves(lambda, 0.01);
      double tMax = 5e3 / ((lambda - 1) * (lambda - 1));
      int n = 2001;
      double[] t = new double[n];
      for (int i = 0; i < n; i++) {
        t[i] = 1 + (tMax - 1) * i / (n - 1);
      }
      double[] lt = new double[n];
      double[] lg = new double[n];
      c.evaluate(t, lt, lg);
      for (int i = 0; i < n; i += 97) {
        assertEquals(c.logTrainLoss(t[i]), lt[i], 0.0);
        assertEquals(c.logGenLoss(t[i]), lg[i], 1e-12 * Math.max(1, Math.abs(lg[i])), "lambda=" + lambda + " t=" + t[i]);
      }
    }
  }

  @Test
  void startsAtOneAndLevelsOffAtTheZeroModeMass() {
    for (double lambda : new double[] {0.3, 0.9, 1.0, 1.003, 1.1, 3.0}) {
      ExactCurves c = new ExactCurves(lambda, 0.01);
      // E[ν] = 1 and E[1] = 1 under Marchenko–Pastur.
      assertEquals(0.0, c.logTrainLoss(0), 1e-15);
      assertEquals(0.0, c.logGenLoss(0), 1e-12, "lambda=" + lambda);
      double late = c.logGenLoss(1e12);
      if (lambda > 1) {
        assertEquals(Math.log(1 - 1 / lambda), late, 1e-6, "lambda=" + lambda);
      } else if (lambda < 1) {
        assertTrue(late < -20, "lambda=" + lambda + " late ln L_gen " + late);
      }
      assertFalse(Double.isNaN(c.logTrainLoss(1e300)));
    }
  }

  @Test
  void agreesWithThePaperFormulaAtLateTimes() {
    // docs/method.md, exact mode: λ = 0.9, t = 1e5: exact L_tr 3.2130e-11, paper mode 3.2132e-11.
    assertEquals(3.2130e-11, Math.exp(new ExactCurves(0.9, 0.01).logTrainLoss(1e5)), 0.0001e-11);
    assertEquals(3.2132e-11, Math.exp(new PaperCurves(0.9, 0.01).logTrainLoss(1e5)), 0.0001e-11);
  }
}
