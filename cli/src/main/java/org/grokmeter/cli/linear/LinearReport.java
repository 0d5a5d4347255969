package org.grokmeter.cli.linear;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.grokmeter.Provenance;
import org.grokmeter.cli.Log;
import org.grokmeter.cli.plot.Figure;
import org.grokmeter.fit.FitResult;
import org.grokmeter.fit.TrendAnalysis;
import org.grokmeter.linear.LeviCurves;
import org.grokmeter.linear.LinearPipeline;
import org.knowm.xchart.BitmapEncoder;

/**
 * The linear setting's sweep over λ and everything it writes — reusable: {@code grokmeter linear}
 * calls {@link #execute}, and so can {@code grokmeter reproduce}.
 *
 * <p>Output folder: {@code runs.csv} (one row per λ, in λ order), {@code curves/lambda_NNN.csv}
 * (the curves and the fitted S-curves, thinned to {@code curvePoints} rows; the fits used every
 * grid point), {@code trend.csv}, {@code config.txt}, {@code provenance.txt} and, unless disabled,
 * {@code figures/} (PNG and SVG).
 */
public final class LinearReport {

  /** The paper's λ grid. */
  public static final double PAPER_LAMBDA_MIN = 1.003;
  public static final double PAPER_LAMBDA_MAX = 1.1;
  public static final int PAPER_POINTS = 120;

  static final String RUNS_HEADER = "lambda,t_star_train,s_train,t_star_val,s_val,m,R_rel,R_abs,status,"
      + "mode,effective_lambda,n_train,t_star_train_se,s_train_se,t_star_val_se,s_val_se,m_se,R_rel_se,R_abs_se,"
      + "status_train,status_val,start_train,start_val,iterations_train,iterations_val,"
      + "max_train_acc,max_val_acc,final_log_train_loss,final_log_val_loss";

  private LinearReport() {}

  /**
   * What to run and what to write.
   *
   * @param options the pipeline's options (mode, η, ε, samples, simulation sizes)
   * @param lambdas the λ values, in the order of runs.csv
   * @param figures whether to draw the figures
   * @param curvePoints rows per curves file (0 = every grid point)
   */
  public record Settings(LinearPipeline.Options options, double[] lambdas, boolean figures, int curvePoints) {
    public Settings {
      if (lambdas.length == 0) {
        throw new IllegalArgumentException("no lambda to run");
      }
      if (curvePoints < 0) {
        throw new IllegalArgumentException("curve points must be >= 0, got " + curvePoints);
      }
    }

    /** The paper's run (Figure 1): paper mode, λ = linspace(1.003, 1.1, 120), figures on. */
    public static Settings paper() {
      return new Settings(LinearPipeline.Options.paper(),
          LinearPipeline.lambdaGrid(PAPER_LAMBDA_MIN, PAPER_LAMBDA_MAX, PAPER_POINTS), true, 2000);
    }
  }

  /** The runs in λ order and the two trends (R_rel, R_abs against m). */
  public record Result(List<LinearPipeline.Run> runs, TrendAnalysis relative, TrendAnalysis absolute, double seconds) {}

  /** Runs every λ on {@code threads} threads and writes the folder {@code out}. */
  public static Result execute(Settings s, Path out, int threads) {
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(out.resolve("curves"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output folder " + out + ": " + e.getMessage(), e);
    }
    writeText(out.resolve("config.txt"), config(s));
    StringBuilder prov = new StringBuilder();
    for (Map.Entry<String, String> e : Provenance.describe(threads).entrySet()) {
      prov.append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    prov.append("mode=").append(LinearPipeline.modeName(s.options().mode())).append('\n');
    writeText(out.resolve("provenance.txt"), prov.toString());

    int total = s.lambdas().length;
    int[] done = {0};
    List<LinearPipeline.Run> runs = LinearPipeline.runAll(s.options(), s.lambdas(), threads, r -> {
      done[0]++;
      String line = String.format(Locale.ROOT, "lambda %s: %s (%d/%d, %.0f s)", r.lambda(), r.status(), done[0], total,
          (System.nanoTime() - t0) * 1e-9);
      // progress on stderr about every tenth of the sweep (every run with --verbose)
      if (done[0] % Math.max(1, total / 10) == 0 || done[0] == total) {
        Log.info(line);
      } else {
        Log.debug(line);
      }
    });
    StringBuilder csv = new StringBuilder(RUNS_HEADER).append('\n');
    for (int i = 0; i < runs.size(); i++) {
      LinearPipeline.Run r = runs.get(i);
      csv.append(row(r, s.options().mode())).append('\n');
      writeText(out.resolve("curves").resolve(curveName(i)), curveCsv(r, s.curvePoints()));
    }
    writeText(out.resolve("runs.csv"), csv.toString());
    TrendAnalysis[] trends = LinearPipeline.trends(runs);
    writeText(out.resolve("trend.csv"), trendCsv(trends));
    long t1 = System.nanoTime();
    if (s.figures()) {
      figures(runs, trends, s.options(), out.resolve("figures"));
    }
    long ok = runs.stream().filter(LinearPipeline.Run::valid).count();
    long t2 = System.nanoTime();
    double seconds = (t2 - t0) * 1e-9;
    Log.info(String.format(Locale.ROOT, "linear (%s): %d of %d lambda values fitted in %.2f s -> %s",
        LinearPipeline.modeName(s.options().mode()), ok, runs.size(), seconds, out));
    Log.debug(String.format(Locale.ROOT, "linear: compute and CSV %.2f s, figures %.2f s (wall)",
        (t1 - t0) * 1e-9, (t2 - t1) * 1e-9));
    return new Result(runs, trends[0], trends[1], seconds);
  }

  static String curveName(int index) {
    return String.format(Locale.ROOT, "lambda_%03d.csv", index);
  }

  private static String config(Settings s) {
    LinearPipeline.Options o = s.options();
    double[] l = s.lambdas();
    StringBuilder b = new StringBuilder();
    b.append("mode=").append(LinearPipeline.modeName(o.mode())).append('\n');
    b.append("lambda_min=").append(l[0]).append('\n');
    b.append("lambda_max=").append(l[l.length - 1]).append('\n');
    b.append("points=").append(l.length).append('\n');
    b.append("eta=").append(o.eta()).append('\n');
    b.append("eps=").append(o.eps()).append('\n');
    b.append("samples=").append(o.samples()).append('\n');
    b.append("time_grid=linspace(1, 5e3/(lambda-1)^2, samples)\n");
    b.append("fit=erf, a=b=1/2, start s=1/t_max, t*=t_max/5, automatic fallback start\n");
    if (o.mode() == LeviCurves.Mode.SIMULATE) {
      b.append("dim=").append(o.dim()).append('\n');
      b.append("outputs=").append(o.outputs()).append('\n');
      b.append("validation_samples=").append(o.validationSamples()).append('\n');
      b.append("seed=").append(o.seed()).append('\n');
      b.append("weight_decay=").append(o.weightDecay()).append('\n');
      b.append("train_accuracy=fraction of the N_tr training samples with squared error < eps\n");
      b.append("val_accuracy=fraction of validation_samples fresh Gaussian samples with squared error < eps\n");
      b.append("dynamics=gradient descent, exact in the eigenbasis of Sigma_tr (spectral path)\n");
    }
    b.append("curve_points=").append(s.curvePoints()).append('\n');
    return b.toString();
  }

  private static String row(LinearPipeline.Run r, LeviCurves.Mode mode) {
    FitResult tr = r.train();
    FitResult va = r.val();
    var m = r.measures();
    double maxTrain = max(r.curves().trainAccuracy());
    double maxVal = max(r.curves().valAccuracy());
    int n = r.curves().t().length;
    Object[] cells = {r.lambda(), tr.jumpTime(), tr.sharpness(), va.jumpTime(), va.sharpness(),
        m.relativeGap(), m.relativeSharpness(), m.absoluteSharpness(), r.status(),
        LinearPipeline.modeName(mode), r.effectiveLambda(), r.trainSize(),
        tr.jumpTimeStdErr(), tr.sharpnessStdErr(), va.jumpTimeStdErr(), va.sharpnessStdErr(),
        m.relativeGapStdErr(), m.relativeSharpnessStdErr(), m.absoluteSharpnessStdErr(),
        tr.status().token(), va.status().token(), tr.startSource().name().toLowerCase(Locale.ROOT),
        va.startSource().name().toLowerCase(Locale.ROOT), tr.iterations(), va.iterations(),
        maxTrain, maxVal, r.curves().logTrainLoss()[n - 1], r.curves().logValLoss()[n - 1]};
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(cells[i]);
    }
    return b.toString();
  }

  private static double max(double[] a) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : a) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static int[] thinned(int n, int points) {
    if (points == 0 || n <= points) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] idx = new int[points];
    for (int i = 0; i < points; i++) {
      idx[i] = (int) Math.round((double) i * (n - 1) / (points - 1));
    }
    return idx;
  }

  private static String curveCsv(LinearPipeline.Run r, int points) {
    LinearPipeline.Curves c = r.curves();
    StringBuilder b = new StringBuilder("t,log_train_loss,log_val_loss,train_acc,val_acc,train_fit,val_fit\n");
    boolean trainOk = r.train().status().isConverged();
    boolean valOk = r.val().status().isConverged();
    double[] cells = new double[7];
    for (int i : thinned(c.t().length, points)) {
      curveRow(b, r, i, trainOk, valOk, cells);
    }
    return b.toString();
  }

  /**
   * One row of a curves file. The seven numbers go through one append(double) in a loop: seven
   * inlined copies of the shortest-repr conversion made this a 47 kB, 0.5 s C2 compilation.
   */
  private static void curveRow(StringBuilder b, LinearPipeline.Run r, int i, boolean trainOk, boolean valOk,
                               double[] cells) {
    LinearPipeline.Curves c = r.curves();
    double t = c.t()[i];
    cells[0] = t;
    cells[1] = c.logTrainLoss()[i];
    cells[2] = c.logValLoss()[i];
    cells[3] = c.trainAccuracy()[i];
    cells[4] = c.valAccuracy()[i];
    cells[5] = trainOk ? r.train().value(t) : Double.NaN;
    cells[6] = valOk ? r.val().value(t) : Double.NaN;
    for (int k = 0; k < cells.length; k++) {
      appendCell(b, cells[k], k == cells.length - 1 ? '\n' : ',');
    }
  }

  private static void appendCell(StringBuilder b, double v, char separator) {
    b.append(v).append(separator);
  }

  private static String trendCsv(TrendAnalysis[] trends) {
    StringBuilder b = new StringBuilder("measure,runs,excluded,slope,slope_se,intercept,intercept_se,"
        + "pearson_log_m_log_R,p_log_m_log_R,pearson_m_log_R,p_m_log_R\n");
    String[] names = {"R_rel", "R_abs"};
    for (int i = 0; i < 2; i++) {
      TrendAnalysis t = trends[i];
      b.append(names[i]).append(',').append(t.runs()).append(',').append(t.excluded()).append(',')
          .append(t.slope()).append(',').append(t.slopeStdErr()).append(',').append(t.intercept()).append(',')
          .append(t.interceptStdErr()).append(',').append(t.pearsonLogLog()).append(',').append(t.pValueLogLog())
          .append(',').append(t.pearsonLinLog()).append(',').append(t.pValueLinLog()).append('\n');
    }
    return b.toString();
  }

  /** Writes via a temporary file and an atomic move, so a reader never sees half a file. */
  static void writeText(Path path, String text) {
    try {
      Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(text);
      }
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- figures

  /** Points per plotted curve of the example-fit figures (an S-curve over 640 px: a segment every ~2.7 px). */
  static final int EXAMPLE_POINTS = 240;
  /** Points per plotted curve of the loss figure (log t axis, 800 px). */
  static final int LOSS_POINTS = 400;

  /**
   * Draws every figure, one after the other. Drawing them on two threads was tried and did not
   * shorten the figure phase (it is bound by Java2D/XChart class initialisation and JIT warm-up;
   * docs/performance.md, "Linear setting").
   */
  private static void figures(List<LinearPipeline.Run> runs, TrendAnalysis[] trends, LinearPipeline.Options o, Path dir) {
    String mode = LinearPipeline.modeName(o.mode());
    List<double[]> valid = new ArrayList<>();
    for (LinearPipeline.Run r : runs) {
      if (r.valid()) {
        valid.add(new double[] {r.measures().relativeGap(), r.measures().relativeSharpness(), r.measures().absoluteSharpness()});
      }
    }
    double[] m = column(valid, 0);
    double[] rel = column(valid, 1);
    double[] abs = column(valid, 2);
    String note = " (" + mode + " mode, " + valid.size() + " of " + runs.size() + " lambda fitted)";
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
    exampleFits(runs, mode, dir);
    losses(runs, o, mode, dir);
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
  private static void exampleFits(List<LinearPipeline.Run> runs, String mode, Path dir) {
    int n = runs.size();
    int k = Math.min(6, n);
    List<BufferedImage> panels = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      int i = k == 1 ? 0 : (int) Math.round((double) j * (n - 1) / (k - 1));
      LinearPipeline.Run r = runs.get(i);
      int[] idx = thinned(r.curves().t().length, EXAMPLE_POINTS);
      double[] t = new double[idx.length];
      double[] tr = new double[idx.length];
      double[] va = new double[idx.length];
      double[] ftr = new double[idx.length];
      double[] fva = new double[idx.length];
      for (int q = 0; q < idx.length; q++) {
        t[q] = r.curves().t()[idx[q]];
        tr[q] = r.curves().trainAccuracy()[idx[q]];
        va[q] = r.curves().valAccuracy()[idx[q]];
        ftr[q] = r.train().value(t[q]);
        fva[q] = r.val().value(t[q]);
      }
      Figure f = new Figure(String.format(Locale.ROOT, "lambda = %.4f (%s mode): %s", r.lambda(), mode, r.status()),
          "t (gradient-descent steps)", "accuracy", 640, 440).yRange(-0.02, 1.02);
      f.chart().getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
      f.line("train", t, tr);
      if (r.train().status().isConverged()) {
        f.dashedSameColour("train fit", t, ftr);
      }
      f.line("validation", t, va);
      if (r.val().status().isConverged()) {
        f.dashedSameColour("validation fit", t, fva);
      }
      f.saveBoth(dir, "example_fit_" + (j + 1));
      panels.add(BitmapEncoder.getBufferedImage(f.chart()));
    }
    composePanel(panels, dir.resolve("example_fits.png"));
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
  private static void losses(List<LinearPipeline.Run> runs, LinearPipeline.Options o, String mode, Path dir) {
    int n = runs.size();
    int k = Math.min(3, n);
    Figure f = new Figure("log losses (" + mode + " mode) and the threshold ln eps", "t (gradient-descent steps)",
        "natural log of loss", 800, 560);
    f.chart().getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    double tEnd = 0;
    for (int j = 0; j < k; j++) {
      int i = k == 1 ? 0 : (int) Math.round((double) j * (n - 1) / (k - 1));
      LinearPipeline.Run r = runs.get(i);
      int[] idx = thinned(r.curves().t().length, LOSS_POINTS);
      double[] t = new double[idx.length];
      double[] lt = new double[idx.length];
      double[] lg = new double[idx.length];
      for (int q = 0; q < idx.length; q++) {
        t[q] = r.curves().t()[idx[q]];
        lt[q] = r.curves().logTrainLoss()[idx[q]];
        lg[q] = r.curves().logValLoss()[idx[q]];
      }
      tEnd = Math.max(tEnd, t[t.length - 1]);
      String l = String.format(Locale.ROOT, "%.4f", r.lambda());
      f.line("ln L_tr, lambda " + l, t, lt);
      f.dashedSameColour("ln L_gen, lambda " + l, t, lg);
    }
    f.line("ln eps", new double[] {1, tEnd}, new double[] {Math.log(o.eps()), Math.log(o.eps())});
    f.logX();
    f.saveBoth(dir, "losses");
  }
}
