package org.grokmeter.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.grokmeter.Tolerances;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** Finite-difference checks, in double, of the whole network's back-propagation (every parameter). */
class ReferenceMlpGradientTest {

  @Test
  void backPropagationMatchesCentralDifferences() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
    int n = 6;
    int hidden = 9;
    int classes = 3; // more than 2 so every softmax term is exercised
    MlpParams p = MlpParams.init(n, hidden, classes, rng);
    ReferenceMlp m = ReferenceMlp.of(p);
    int rows = 5;
    double[][] x = new double[rows][n];
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < n; j++) {
        x[i][j] = rng.nextBoolean() ? 1 : 0;
      }
      y[i] = rng.nextInt(classes);
    }
    ReferenceMlp.Gradients g = m.gradients(x, y);
    assertEquals(m.loss(x, y), g.loss(), 1e-14);

    double scale = 0;
    for (double[] r : g.w1()) {
      for (double v : r) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    int active = 0;
    for (int j = 0; j < n; j++) {
      for (int c = 0; c < hidden; c++) {
        final int jj = j;
        final int cc = c;
        check(() -> m.loss(x, y), v -> m.w1[jj][cc] = v, m.w1[jj][cc], g.w1()[j][c], scale, "w1[" + j + "][" + c + "]");
        if (g.w1()[j][c] != 0) {
          active++;
        }
      }
    }
    assertTrue(active > n * hidden / 4, "too few non-zero gradients to be a meaningful check: " + active);
    for (int c = 0; c < hidden; c++) {
      final int cc = c;
      check(() -> m.loss(x, y), v -> m.b1[cc] = v, m.b1[cc], g.b1()[c], scale, "b1[" + c + "]");
    }
    for (int o = 0; o < classes; o++) {
      for (int c = 0; c < hidden; c++) {
        final int oo = o;
        final int cc = c;
        check(() -> m.loss(x, y), v -> m.w2[oo][cc] = v, m.w2[oo][cc], g.w2()[o][c], scale, "w2[" + o + "][" + c + "]");
      }
    }
  }

  @Test
  void sgdStepMovesAgainstTheGradientWithWeightDecay() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
    MlpParams p = MlpParams.init(4, 5, 2, rng);
    ReferenceMlp m = ReferenceMlp.of(p);
    double[][] x = {{1, 0, 1, 1}, {0, 1, 1, 0}};
    int[] y = {0, 1};
    ReferenceMlp.Gradients g = m.gradients(x, y);
    double w = m.w1[0][0];
    double b = m.b1[3];
    double v = m.w2[1][2];
    m.step(x, y, 0.1, 0.01);
    assertEquals(w - 0.1 * (g.w1()[0][0] + 0.01 * w), m.w1[0][0], 1e-15);
    assertEquals(b - 0.1 * (g.b1()[3] + 0.01 * b), m.b1[3], 1e-15);
    assertEquals(v - 0.1 * (g.w2()[1][2] + 0.01 * v), m.w2[1][2], 1e-15);
  }

  private interface Setter {
    void set(double v);
  }

  private static void check(DoubleSupplier loss, Setter set, double value, double analytic, double scale, String what) {
    double h = Tolerances.MLP_FINITE_DIFFERENCE_STEP;
    set.set(value + h);
    double up = loss.getAsDouble();
    set.set(value - h);
    double down = loss.getAsDouble();
    set.set(value);
    double numeric = (up - down) / (2 * h);
    assertEquals(numeric, analytic, Tolerances.MLP_FINITE_DIFFERENCE_RELATIVE * Math.max(scale, 1e-3), what);
  }
}
