package org.grokmeter.cli.linear;

import org.grokmeter.UserInputException;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.grokmeter.cli.io.Log;
import org.grokmeter.cli.io.RunsTable;
import org.grokmeter.cli.io.SweepOutputs;
import org.grokmeter.cli.plot.Figure;
import org.grokmeter.experiment.ResultStore;
import org.grokmeter.experiment.SweepSpec;
import org.grokmeter.experiments.LinearExperiment;
import org.grokmeter.fit.TrendAnalysis;
import org.knowm.xchart.BitmapEncoder;

/**
 * What {@code grokmeter linear} writes once its result store holds every λ, all of it read back
 * from the store ({@code runs.csv} and the curves files), so a resumed or merged folder gets the
 * same files as an uninterrupted one: {@code trend.csv} (R_rel and R_abs against m over the runs
 * with status {@code ok}, in λ order), {@code config.txt} and, unless disabled, {@code figures/}
 * (PNG and SVG). The store itself holds {@code runs.csv} (one row per λ, in λ order),
 * {@code curves/<mode>_lambda_<λ>.csv} (the curves and the fitted S-curves, thinned to
 * {@code --curve-points} rows; the fits used every grid point) and {@code provenance.txt}.
 */
public final class LinearReport {

  /** The provenance key that records {@code --curve-points} (only the curves files depend on it). */
  public static final String CURVE_POINTS = "curve_points";

  static final String TREND_HEADER = "measure,runs,excluded,slope,slope_se,intercept,intercept_se,"
      + "pearson_log_m_log_R,p_log_m_log_R,pearson_m_log_R,p_m_log_R";

  /**
   * One finished λ as the store holds it; the doubles are written round-trip, so they are the
   * values the run computed, to the bit.
   *
   * @param curves the run's curves file, or null when it has none (a run that failed with an error)
   */
  record Row(double lambda, String status, double m, double rRel, double rAbs, Path curves) {

    /** Both fits converged: the measures mean what they say (the trend and the m–R figures use it). */
    boolean valid() {
      return status.equals("ok");
    }

    /** The run's curves file: t, log losses, accuracies and both fitted curves (NaN where a fit failed). */
    Curves readCurves() throws IOException {
      if (curves == null) {
        return new Curves(new double[0], new double[0], new double[0], new double[0], new double[0], new double[0],
            new double[0]);
      }
      RunsTable c = RunsTable.read(curves);
      return new Curves(c.numbers("t"), c.numbers("log_train_loss"), c.numbers("log_val_loss"),
          c.numbers("train_acc"), c.numbers("val_acc"), c.numbers("train_fit"), c.numbers("val_fit"));
    }
  }

  /** One curves file's columns. */
  record Curves(double[] t, double[] logTrainLoss, double[] logValLoss, double[] trainAccuracy,
                double[] valAccuracy, double[] trainFit, double[] valFit) {}

  private LinearReport() {}

  /** Writes trend.csv, config.txt and (if asked) the figures into the complete store {@code dir}. */
  public static void write(Path dir, SweepSpec spec, int curvePoints, boolean figures) throws IOException {
    long t0 = System.nanoTime();
    List<Row> rows = read(dir);
    TrendAnalysis[] trends = trends(rows);
    SweepOutputs.writeText(dir.resolve("trend.csv"), SweepOutputs.trendCsv(TREND_HEADER, trends[0], trends[1]));
    SweepOutputs.writeText(dir.resolve("config.txt"), config(spec, curvePoints));
    String mode = spec.axes().get("mode").get(0);
    if (figures) {
      figures(rows, trends, mode, Double.parseDouble(spec.axes().get("eps").get(0)), dir.resolve("figures"));
    }
    long ok = rows.stream().filter(Row::valid).count();
    Log.info(String.format(Locale.ROOT, "linear (%s): %d of %d lambda values fitted; trend.csv%s in %s (%.2f s)",
        mode, ok, rows.size(), figures ? " and figures/" : "", dir, (System.nanoTime() - t0) * 1e-9));
  }

  /** The store's rows, in λ order. */
  static List<Row> read(Path dir) throws IOException {
    RunsTable t = RunsTable.read(dir.resolve(ResultStore.RUNS));
    List<Row> rows = new ArrayList<>(t.size());
    for (int i = 0; i < t.size(); i++) {
      String curves = t.text(i, "curves");
      rows.add(new Row(t.number(i, "lambda"), t.text(i, "status"), t.number(i, "m"), t.number(i, "R_rel"),
          t.number(i, "R_abs"), ResultStore.isCurvesPath(curves) && !curves.isEmpty() ? dir.resolve(curves) : null));
    }
    rows.sort((a, b) -> Double.compare(a.lambda(), b.lambda()));
    return rows;
  }

  /** Trends of R_rel and R_abs against m over the valid runs, in λ order. */
  static TrendAnalysis[] trends(List<Row> rows) {
    List<Row> valid = rows.stream().filter(Row::valid).toList();
    double[] m = valid.stream().mapToDouble(Row::m).toArray();
    double[] rel = valid.stream().mapToDouble(Row::rRel).toArray();
    double[] abs = valid.stream().mapToDouble(Row::rAbs).toArray();
    return new TrendAnalysis[] {TrendAnalysis.of(m, rel), TrendAnalysis.of(m, abs)};
  }

  /**
   * Refuses to add runs to a folder whose earlier sessions wrote curves files with another
   * {@code --curve-points}: the rows would agree, the curves files would not. Sessions that did
   * not record it ({@code grokmeter sweep}, {@code reproduce}) used {@value LinearExperiment#CURVE_ROWS}.
   */
  public static void checkCurvePoints(Path dir, int curvePoints) throws IOException {
    Path provenance = dir.resolve(ResultStore.PROVENANCE);
    if (!Files.isRegularFile(dir.resolve(ResultStore.IDENTITY)) || !Files.isRegularFile(provenance)) {
      return;
    }
    Set<Integer> used = new TreeSet<>();
    Integer session = null;
    for (String line : Files.readAllLines(provenance, StandardCharsets.UTF_8)) {
      if (line.startsWith("[session ")) {
        if (session != null) {
          used.add(session);
        }
        session = LinearExperiment.CURVE_ROWS;
      } else if (session != null && line.startsWith(CURVE_POINTS + ": ")) {
        try {
          session = Integer.parseInt(line.substring(CURVE_POINTS.length() + 2).strip());
        } catch (NumberFormatException e) {
          throw new UserInputException(provenance + ": malformed line '" + line + "'");
        }
      }
    }
    if (session != null) {
      used.add(session);
    }
    used.remove(curvePoints);
    if (!used.isEmpty()) {
      throw new UserInputException(dir + " holds curves files written with --curve-points " + used.iterator().next()
          + "; resume it with that value, or choose another --out folder");
    }
  }

  /** The resolved settings and how the curves and fits are made. */
  private static String config(SweepSpec spec, int curvePoints) {
    List<String> lambdas = spec.axes().get("lambda");
    String mode = one(spec, "mode");
    StringBuilder b = new StringBuilder();
    b.append("mode=").append(mode).append('\n');
    b.append("lambda_min=").append(Double.parseDouble(lambdas.get(0))).append('\n');
    b.append("lambda_max=").append(Double.parseDouble(lambdas.get(lambdas.size() - 1))).append('\n');
    b.append("points=").append(lambdas.size()).append('\n');
    b.append("eta=").append(Double.parseDouble(one(spec, "eta"))).append('\n');
    b.append("eps=").append(Double.parseDouble(one(spec, "eps"))).append('\n');
    b.append("samples=").append(one(spec, "samples")).append('\n');
    b.append("time_grid=linspace(1, 5e3/(lambda-1)^2, samples)\n");
    b.append("fit=erf, a=b=1/2, start s=1/t_max, t*=t_max/5, automatic fallback start\n");
    if (mode.equals("simulate")) {
      b.append("dim=").append(one(spec, "dim")).append('\n');
      b.append("outputs=").append(one(spec, "outputs")).append('\n');
      b.append("validation_samples=").append(one(spec, "val_samples")).append('\n');
      b.append("seed=").append(one(spec, "seed")).append('\n');
      b.append("weight_decay=").append(Double.parseDouble(one(spec, "weight_decay"))).append('\n');
      b.append("train_accuracy=fraction of the N_tr training samples with squared error < eps\n");
      b.append("val_accuracy=fraction of validation_samples fresh Gaussian samples with squared error < eps\n");
      b.append("dynamics=gradient descent, exact in the eigenbasis of Sigma_tr (spectral path)\n");
    }
    b.append("curve_points=").append(curvePoints).append('\n');
    return b.toString();
  }

  private static String one(SweepSpec spec, String name) {
    return String.join(",", spec.axes().get(name));
  }

  // ---------------------------------------------------------------- figures

  /** Points per plotted curve of the example-fit figures (an S-curve over 640 px: a segment every ~2.7 px). */
  static final int EXAMPLE_POINTS = 240;
  /** Points per plotted curve of the loss figure (log t axis, 800 px). */
  static final int LOSS_POINTS = 400;

  /**
   * Draws every figure, one after the other: two threads do not shorten the figure phase (measured;
   * it is bound by Java2D/XChart class initialisation and JIT warm-up;
   * docs/performance.md, "Linear setting").
   */
  private static void figures(List<Row> rows, TrendAnalysis[] trends, String mode, double eps, Path dir)
      throws IOException {
    List<Row> valid = rows.stream().filter(Row::valid).toList();
    double[] m = valid.stream().mapToDouble(Row::m).toArray();
    double[] rel = valid.stream().mapToDouble(Row::rRel).toArray();
    double[] abs = valid.stream().mapToDouble(Row::rAbs).toArray();
    String note = " (" + mode + " mode, " + valid.size() + " of " + rows.size() + " lambda fitted)";
    Figure fRel = new Figure("Relative sharpness vs relative grokking gap" + note, "m (relative grokking gap)", "R_rel");
    Figure fAbs = new Figure("Absolute sharpness vs relative grokking gap" + note, "m (relative grokking gap)", "R_abs");
    if (valid.isEmpty()) {
      // an honest empty figure: XChart needs one point, the legend says why there are none
      String why = "no lambda with both fits converged (see runs.csv status)";
      fRel.points(why, new double[] {0}, new double[] {0});
      fAbs.points(why, new double[] {0}, new double[] {0});
    } else {
      fRel.legend(false).pointsJoined("R_rel", m, rel);
      fAbs.legend(false).pointsJoined("R_abs", m, abs);
    }
    fRel.saveBoth(dir, "m_vs_R_rel");
    fAbs.saveBoth(dir, "m_vs_R_abs");
    logLog(m, rel, trends[0], "R_rel", note, dir, "loglog_m_vs_R_rel");
    logLog(m, abs, trends[1], "R_abs", note, dir, "loglog_m_vs_R_abs");
    exampleFits(rows, mode, dir);
    losses(rows, eps, mode, dir);
  }

  private static double[] column(List<double[]> rows, int c) {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i)[c];
    }
    return out;
  }

  private static void logLog(double[] m, double[] r, TrendAnalysis t, String name, String note, Path dir, String base) {
    List<double[]> pos = new ArrayList<>();
    for (int i = 0; i < m.length; i++) {
      if (m[i] > 0 && r[i] > 0 && Double.isFinite(m[i]) && Double.isFinite(r[i])) {
        pos.add(new double[] {m[i], r[i]});
      }
    }
    Figure f = new Figure(name + " vs m, log-log" + note, "m", name).logX().logY();
    if (pos.size() < 3 || !Double.isFinite(t.slope())) {
      // nothing to regress: draw an empty, honest figure
      f.points("no runs with m > 0 and " + name + " > 0", new double[] {1}, new double[] {1});
      f.saveBoth(dir, base);
      return;
    }
    double[] x = column(pos, 0);
    double[] y = column(pos, 1);
    f.points(name, x, y);
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (double v : x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    double[] lx = {lo, hi};
    double[] ly = {Math.pow(10, t.intercept() + t.slope() * Math.log10(lo)), Math.pow(10, t.intercept() + t.slope() * Math.log10(hi))};
    f.line(String.format(Locale.ROOT, "log10 %s = %.3f %+.3f log10 m (r = %.3f)", name, t.intercept(), t.slope(),
        t.pearsonLogLog()), lx, ly);
    f.chart().getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
    f.saveBoth(dir, base);
  }

  /** Six λ spread over the sweep: one figure each (data solid, fits dashed) plus a 3×2 PNG panel. */
  private static void exampleFits(List<Row> runs, String mode, Path dir) throws IOException {
    int n = runs.size();
    int k = Math.min(6, n);
    List<BufferedImage> panels = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      int i = k == 1 ? 0 : (int) Math.round((double) j * (n - 1) / (k - 1));
      Row r = runs.get(i);
      Curves c = r.readCurves();
      if (c.t().length == 0) {
        continue; // a run that failed with an error has no curves
      }
      int[] idx = LinearExperiment.thinned(c.t().length, EXAMPLE_POINTS);
      double[] t = new double[idx.length];
      double[] tr = new double[idx.length];
      double[] va = new double[idx.length];
      double[] ftr = new double[idx.length];
      double[] fva = new double[idx.length];
      for (int q = 0; q < idx.length; q++) {
        t[q] = c.t()[idx[q]];
        tr[q] = c.trainAccuracy()[idx[q]];
        va[q] = c.valAccuracy()[idx[q]];
        ftr[q] = c.trainFit()[idx[q]];
        fva[q] = c.valFit()[idx[q]];
      }
      Figure f = new Figure(String.format(Locale.ROOT, "lambda = %.4f (%s mode): %s", r.lambda(), mode, r.status()),
          "t (gradient-descent steps)", "accuracy", 640, 440).yRange(-0.02, 1.02);
      f.chart().getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
      f.line("train", t, tr);
      if (converged(ftr)) {
        f.dashedSameColour("train fit", t, ftr);
      }
      f.line("validation", t, va);
      if (converged(fva)) {
        f.dashedSameColour("validation fit", t, fva);
      }
      f.saveBoth(dir, "example_fit_" + (j + 1));
      panels.add(BitmapEncoder.getBufferedImage(f.chart()));
    }
    composePanel(panels, dir.resolve("example_fits.png"));
  }

  /** The curves file holds a fitted curve only where the fit converged (NaN otherwise). */
  private static boolean converged(double[] fit) {
    return fit.length > 0 && !Double.isNaN(fit[0]);
  }

  /** The six example figures side by side in one PNG (3 columns). */
  private static void composePanel(List<BufferedImage> panels, Path file) {
    if (panels.isEmpty()) {
      return;
    }
    int w = panels.get(0).getWidth();
    int h = panels.get(0).getHeight();
    int cols = Math.min(3, panels.size());
    int rows = (panels.size() + cols - 1) / cols;
    BufferedImage all = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, all.getWidth(), all.getHeight());
    for (int i = 0; i < panels.size(); i++) {
      g.drawImage(panels.get(i), (i % cols) * w, (i / cols) * h, null);
    }
    g.dispose();
    try {
      ImageIO.write(all, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** ln L_gen and ln L_tr of the six example λ against t, with the ε threshold: why accuracy rises or not. */
  private static void losses(List<Row> runs, double eps, String mode, Path dir) throws IOException {
    int n = runs.size();
    int k = Math.min(3, n);
    Figure f = new Figure("log losses (" + mode + " mode) and the threshold ln eps", "t (gradient-descent steps)",
        "natural log of loss", 800, 560);
    f.chart().getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    double tEnd = 0;
    for (int j = 0; j < k; j++) {
      int i = k == 1 ? 0 : (int) Math.round((double) j * (n - 1) / (k - 1));
      Row r = runs.get(i);
      Curves c = r.readCurves();
      if (c.t().length == 0) {
        continue;
      }
      int[] idx = LinearExperiment.thinned(c.t().length, LOSS_POINTS);
      double[] t = new double[idx.length];
      double[] lt = new double[idx.length];
      double[] lg = new double[idx.length];
      for (int q = 0; q < idx.length; q++) {
        t[q] = c.t()[idx[q]];
        lt[q] = c.logTrainLoss()[idx[q]];
        lg[q] = c.logValLoss()[idx[q]];
      }
      tEnd = Math.max(tEnd, t[t.length - 1]);
      String l = String.format(Locale.ROOT, "%.4f", r.lambda());
      f.line("ln L_tr, lambda " + l, t, lt);
      f.dashedSameColour("ln L_gen, lambda " + l, t, lg);
    }
    f.line("ln eps", new double[] {1, Math.max(tEnd, 2)}, new double[] {Math.log(eps), Math.log(eps)});
    f.logX();
    f.saveBoth(dir, "losses");
  }
}
