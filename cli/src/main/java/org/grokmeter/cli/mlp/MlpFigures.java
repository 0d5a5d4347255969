package org.grokmeter.cli.mlp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.grokmeter.cli.io.RunsTable;
import org.grokmeter.cli.plot.Figure;
import org.grokmeter.fit.TrendAnalysis;

/**
 * The MLP figures of the paper (PNG and SVG): Figure 2 (m against R_rel and R_abs, one dot per run),
 * Figure 4 (six example runs with their fitted erf curves dashed) and Figure 5 (the log–log plots with
 * the least-squares regression line). Only runs that grokked and whose fits converged are drawn.
 */
final class MlpFigures {

  private MlpFigures() {}

  static void write(List<MlpReport.Row> rows, TrendAnalysis rel, TrendAnalysis abs, Path outDir) throws IOException {
    List<MlpReport.Row> usable = rows.stream().filter(MlpReport.Row::usable).toList();
    double[] m = usable.stream().mapToDouble(MlpReport.Row::m).toArray();
    double[] rRel = usable.stream().mapToDouble(MlpReport.Row::rRel).toArray();
    double[] rAbs = usable.stream().mapToDouble(MlpReport.Row::rAbs).toArray();
    Path dir = outDir.resolve("figures");

    measures("Relative sharpness (MLP, " + usable.size() + " runs)", "R_rel", m, rRel)
        .saveBoth(dir, "figure2_relative_sharpness");
    measures("Absolute sharpness (MLP, " + usable.size() + " runs)", "R_abs", m, rAbs)
        .saveBoth(dir, "figure2_absolute_sharpness");

    logLog("Relative sharpness, log-log", "R_rel", m, rRel, rel, dir, "figure5_relative_sharpness_loglog");
    logLog("Absolute sharpness, log-log", "R_abs", m, rAbs, abs, dir, "figure5_absolute_sharpness_loglog");

    List<MlpReport.Row> examples = examples(usable, 6);
    for (int i = 0; i < examples.size(); i++) {
      MlpReport.Row r = examples.get(i);
      if (r.curves() == null) {
        continue;
      }
      exampleFit(r).saveBoth(dir, String.format(Locale.ROOT, "figure4_fit_%d_n%d_seed%d", i + 1, r.inputSize(),
          r.seed()));
    }
  }

  private static Figure measures(String title, String yLabel, double[] m, double[] r) {
    Figure f = new Figure(title, "Relative grokking gap m", yLabel);
    if (m.length == 0) {
      // XChart cannot draw an empty series: one placeholder point, and the legend says why
      return f.legend(true).points("no usable runs (see runs.csv status)", new double[] {0}, new double[] {0});
    }
    return f.legend(false).points("runs", m, r);
  }

  /** Up to k runs spread evenly over the range of m (by rank), smallest gap first. */
  static List<MlpReport.Row> examples(List<MlpReport.Row> usable, int k) {
    List<MlpReport.Row> sorted = new ArrayList<>(usable);
    sorted.sort(Comparator.comparingDouble(MlpReport.Row::m));
    List<MlpReport.Row> out = new ArrayList<>();
    if (sorted.isEmpty()) {
      return out;
    }
    int count = Math.min(k, sorted.size());
    for (int i = 0; i < count; i++) {
      int idx = count == 1 ? 0 : (int) Math.round(i * (sorted.size() - 1) / (double) (count - 1));
      out.add(sorted.get(idx));
    }
    return out;
  }

  private static Figure exampleFit(MlpReport.Row r) throws IOException {
    RunsTable c = RunsTable.read(r.curves());
    double[] t = c.numbers("epoch");
    int points = Math.min(400, t.length);
    double[] tf = new double[points];
    double[] yt = new double[points];
    double[] yv = new double[points];
    for (int i = 0; i < points; i++) {
      tf[i] = points == 1 ? 0 : i * (t.length - 1) / (double) (points - 1);
      yt[i] = r.trainFit(tf[i]);
      yv[i] = r.valFit(tf[i]);
    }
    String title = String.format(Locale.ROOT, "n = %d, seed %d: m = %.2f, R_rel = %.2f, R_abs = %.2e",
        r.inputSize(), r.seed(), r.m(), r.rRel(), r.rAbs());
    Figure f = new Figure(title, "Epoch", "Accuracy").yRange(0.4, 1.02)
        .line("train", t, c.numbers("train_acc")).dashedSameColour("train fit", tf, yt)
        .line("validation", t, c.numbers("val_acc")).dashedSameColour("validation fit", tf, yv);
    // the curves end at the top right: keep the legend out of their way
    f.chart().getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
    return f;
  }

  private static void logLog(String title, String yLabel, double[] m, double[] r, TrendAnalysis trend, Path dir,
                             String name) {
    List<double[]> kept = new ArrayList<>();
    for (int i = 0; i < m.length; i++) {
      if (m[i] > 0 && r[i] > 0 && Double.isFinite(m[i]) && Double.isFinite(r[i])) {
        kept.add(new double[] {m[i], r[i]});
      }
    }
    double[] x = kept.stream().mapToDouble(p -> p[0]).toArray();
    double[] y = kept.stream().mapToDouble(p -> p[1]).toArray();
    // a p-value that underflows to 0 is below double resolution, not zero
    String p = trend.pValueLogLog() == 0 ? "p < 1e-300" : String.format(Locale.ROOT, "p = %.2g", trend.pValueLogLog());
    Figure f = new Figure(String.format(Locale.ROOT, "%s: slope %.3f, r = %.3f (%s)", title, trend.slope(),
        trend.pearsonLogLog(), p), "Relative grokking gap m", yLabel).logX().logY();
    if (x.length == 0) {
      // an empty log chart cannot be drawn; a placeholder point keeps the file there and honest
      f.legend(true).points("no usable runs", new double[] {1}, new double[] {1});
    } else {
      f.points("runs", x, y);
      if (Double.isFinite(trend.slope())) {
        double lo = java.util.Arrays.stream(x).min().orElse(1);
        double hi = java.util.Arrays.stream(x).max().orElse(1);
        double[] lx = {lo, hi};
        double[] ly = {Math.pow(10, trend.intercept() + trend.slope() * Math.log10(lo)),
            Math.pow(10, trend.intercept() + trend.slope() * Math.log10(hi))};
        f.line("log10 R = " + String.format(Locale.ROOT, "%.3f %+.3f log10 m", trend.intercept(), trend.slope()),
            lx, ly);
      }
    }
    f.saveBoth(dir, name);
  }
}
