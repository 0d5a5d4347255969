package org.grokmeter.cli.trend;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.grokmeter.cli.plot.Figure;
import org.grokmeter.fit.TrendAnalysis;

/**
 * Figures 2 and 5 of the paper for any set of runs, one series per group: m against R_rel and R_abs,
 * and the same on log–log axes with each group's least-squares line. Drawn with the figure layer of
 * {@code cli/plot}; {@link #write} is the one entry point the trend command calls.
 */
final class TrendFigures {

  private TrendFigures() {}

  static void write(List<TrendCommand.Group> groups, String groupColumn, Path dir) {
    for (boolean relative : new boolean[] {true, false}) {
      String measure = relative ? "R_rel" : "R_abs";
      String name = relative ? "relative" : "absolute";
      Figure linear = new Figure((relative ? "Relative" : "Absolute") + " sharpness", "Relative grokking gap m",
          measure);
      Figure logLog = new Figure((relative ? "Relative" : "Absolute") + " sharpness, log-log",
          "Relative grokking gap m", measure).logX().logY();
      int drawn = 0;
      for (TrendCommand.Group g : groups) {
        double[] r = relative ? g.relative() : g.absolute();
        double[][] kept = positive(g.m(), r);
        if (kept[0].length == 0) {
          continue;
        }
        String label = groupColumn == null ? "runs" : groupColumn + " = " + g.name();
        linear.points(label, kept[0], kept[1]);
        TrendAnalysis t = TrendAnalysis.of(g.m(), r);
        logLog.points(label + " (n = " + t.runs() + ")", kept[0], kept[1]);
        if (Double.isFinite(t.slope())) {
          double lo = Arrays.stream(kept[0]).min().orElse(1);
          double hi = Arrays.stream(kept[0]).max().orElse(1);
          logLog.dashedSameColour(String.format(Locale.ROOT, "%s: slope %.3f, r = %.3f", label, t.slope(),
              t.pearsonLogLog()), new double[] {lo, hi}, new double[] {
                  Math.pow(10, t.intercept() + t.slope() * Math.log10(lo)),
                  Math.pow(10, t.intercept() + t.slope() * Math.log10(hi))});
        }
        drawn++;
      }
      if (drawn == 0) {
        // a chart cannot be drawn empty: one placeholder point, and the legend says why
        linear.legend(true).points("no usable runs", new double[] {1}, new double[] {1});
        logLog.legend(true).points("no usable runs", new double[] {1}, new double[] {1});
      }
      linear.saveBoth(dir, "figure2_" + name + "_sharpness");
      logLog.saveBoth(dir, "figure5_" + name + "_sharpness_loglog");
    }
  }

  /** The runs with positive, finite m and R (the ones a log axis can show). */
  private static double[][] positive(double[] m, double[] r) {
    int n = 0;
    double[] x = new double[m.length];
    double[] y = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      if (m[i] > 0 && r[i] > 0 && Double.isFinite(m[i]) && Double.isFinite(r[i])) {
        x[n] = m[i];
        y[n] = r[i];
        n++;
      }
    }
    return new double[][] {Arrays.copyOf(x, n), Arrays.copyOf(y, n)};
  }
}
