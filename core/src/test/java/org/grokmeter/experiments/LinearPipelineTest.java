package org.grokmeter.experiments;

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
import org.grokmeter.fit.FitStatus;
import org.grokmeter.linear.LeviCurves;
import org.junit.jupiter.api.Test;

class LinearPipelineTest {

  @Test
  void paperModeFitsMatchScipyOnThePapersGrid() throws IOException {
    // lambda,t_star_train,s_train,t_star_val,s_val,m,R_rel,R_abs — scipy curve_fit, tight tolerances.
    List<String[]> rows = scipyFits();
    assertEquals(3, rows.size());
    double[] paperLambdas = LinearPipeline.lambdaGrid(1.003, 1.1, 120);
    for (String[] row : rows) {
      double lambda = Double.parseDouble(row[0]);
      // the fixture's λ are points of the paper's 120-point grid
      boolean onGrid = false;
      for (double l : paperLambdas) {
        onGrid |= Math.abs(l - lambda) <= 1e-15 * lambda;
      }
      assertTrue(onGrid, "lambda " + lambda + " not on the paper's grid");
      LinearPipeline.Run r = LinearPipeline.run(LinearPipeline.Options.paper(), lambda);
      assertEquals("ok", r.status());
      assertEquals(FitStatus.CONVERGED, r.train().status(), "paper start must converge at lambda=" + lambda);
      assertEquals(FitStatus.CONVERGED, r.val().status(), "paper start must converge at lambda=" + lambda);
      double[] ours = {r.train().jumpTime(), r.train().sharpness(), r.val().jumpTime(), r.val().sharpness(),
          r.measures().relativeGap(), r.measures().relativeSharpness(), r.measures().absoluteSharpness()};
      String[] names = {"t_star_train", "s_train", "t_star_val", "s_val", "m", "R_rel", "R_abs"};
      for (int i = 0; i < ours.length; i++) {
        double expected = Double.parseDouble(row[i + 1]);
        assertEquals(expected, ours[i], Tolerances.LINEAR_PAPER_FIT_REL * Math.abs(expected),
            names[i] + " at lambda=" + lambda);
      }
    }
  }

  @Test
  void exactModeDoesNotGrokAboveOneButDoesBelow() {
    LinearPipeline.Options o = LinearPipeline.Options.paper().withMode(LeviCurves.Mode.EXACT).withSamples(5000);
    LinearPipeline.Run above = LinearPipeline.run(o, 1.05);
    double maxVal = 0;
    for (double a : above.curves().valAccuracy()) {
      maxVal = Math.max(maxVal, a);
    }
    // L_gen ≥ 1 − 1/λ ≈ 0.048 ⇒ A_val ≤ erf(√(1e-10/0.095)) ≈ 3.7e-5.
    assertTrue(maxVal < 4e-5, "max validation accuracy " + maxVal);
    assertFalse(above.valid(), "status " + above.status());
    LinearPipeline.Run below = LinearPipeline.run(o, 0.9);
    assertTrue(below.valid(), "status " + below.status());
    assertTrue(below.measures().relativeGap() > 0, "m " + below.measures().relativeGap());
  }

  /** The rows of {@code linear/scipy_fits.csv} (header skipped). */
  private static List<String[]> scipyFits() throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        LinearPipelineTest.class.getResourceAsStream("/linear/scipy_fits.csv"), StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          rows.add(line.split(","));
        }
      }
    }
    return rows;
  }
}
