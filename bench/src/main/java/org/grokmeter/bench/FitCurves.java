package org.grokmeter.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.apache.commons.numbers.gamma.Erf;
import org.apache.commons.numbers.gamma.Erfcx;

/**
 * The curves of the fitter benchmark, identical to what bench/peers/scipy_fit.py fits:
 * the real 3000-epoch MLP run curves_37_0 (PyTorch; bench/src/main/resources/fit/) and the
 * 50 000-point paper-mode linear curves at λ = 1.05 (docs/method.md, paper mode; log-space closed forms).
 */
public final class FitCurves {
  /** λ of the linear benchmark curve. */
  public static final double LAMBDA = 1.05;
  private static final double ETA = 0.01;
  private static final double EPSILON = 1e-10;

  private FitCurves() {
  }

  /** Columns epoch, train_acc, val_acc of the MLP fixture. */
  public static double[][] mlp() {
    try (InputStream raw = FitCurves.class.getResourceAsStream("/fit/curves_37_0.csv.gz");
       BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
           StandardCharsets.UTF_8))) {
      List<double[]> rows = new ArrayList<>();
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        String[] c = line.split(",");
        rows.add(new double[] {Double.parseDouble(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[2])});
      }
      double[][] out = new double[3][rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        for (int j = 0; j < 3; j++) {
          out[j][i] = rows.get(i)[j];
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** t = linspace(1, 5e3/(λ−1)², 50 000), train and validation accuracy. */
  public static double[][] linear() {
    int n = 50_000;
    double stop = 5e3 / ((LAMBDA - 1) * (LAMBDA - 1));
    double[] t = new double[n];
    double[] tr = new double[n];
    double[] gen = new double[n];
    double step = (stop - 1) / (n - 1);
    double r = Math.sqrt(LAMBDA) - 1;
    for (int i = 0; i < n; i++) {
      t[i] = i == n - 1 ? stop : 1 + i * step;
      double x = 4 * r * r * ETA * t[i];
      double lnTr = -x - Math.log(16 * Math.sqrt(Math.PI)) - 0.75 * Math.log(LAMBDA)
          - 1.5 * Math.log(ETA) - 1.5 * Math.log(t[i]);
      double u = Math.sqrt(x);
      double lnGen = -x + Math.log(1 - Math.sqrt(Math.PI) * u * Erfcx.value(u))
          - Math.log(2 * Math.sqrt(Math.PI)) - 0.75 * Math.log(LAMBDA) - 0.5 * Math.log(ETA * t[i]);
      tr[i] = Erf.value(Math.exp(0.5 * (Math.log(EPSILON / 2) - lnTr)));
      gen[i] = Erf.value(Math.exp(0.5 * (Math.log(EPSILON / 2) - lnGen)));
    }
    return new double[][] {t, tr, gen};
  }
}
