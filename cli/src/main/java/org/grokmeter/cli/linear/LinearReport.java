package org.grokmeter.cli.linear;

import org.grokmeter.UserInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.grokmeter.cli.io.Log;
import org.grokmeter.cli.io.RunsTable;
import org.grokmeter.cli.io.SweepOutputs;
import org.grokmeter.cli.plot.Figure;
import org.grokmeter.cli.plot.GrokkingFigures;
import org.grokmeter.cli.plot.Panel;
import org.grokmeter.cli.plot.Ticks;
import org.grokmeter.experiment.ResultStore;
import org.grokmeter.experiment.SweepSpec;
import org.grokmeter.experiments.LinearExperiment;
import org.grokmeter.fit.TrendAnalysis;

/**
 * What {@code grokmeter linear} writes once its result store holds every λ, all of it read back
 * from the store ({@code runs.csv} and the curves files), so a resumed or merged folder gets the
 * same files as an uninterrupted one: {@code trend.csv} (R_rel and R_abs against m over the runs
 * with status {@code ok}, in λ order), {@code config.txt} and, unless disabled, {@code figures/}
 * (PNG, SVG, PDF and the CSV of each figure's data). The store itself holds {@code runs.csv} (one row per λ, in λ order),
 * {@code curves/<mode>_lambda_<λ>.csv} (the curves and the fitted S-curves, thinned to
 * {@code --curve-points} rows; the fits used every grid point) and {@code provenance.txt}.
 */
public final class LinearReport {

  /** The provenance key that records {@code --curve-points} (only the curves files depend on it). */
  public static final String CURVE_POINTS = "curve_points";


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
    SweepOutputs.writeText(dir.resolve("trend.csv"), SweepOutputs.trendCsv(trends[0], trends[1]));
    SweepOutputs.writeText(dir.resolve("config.txt"), config(spec, curvePoints));
    String mode = spec.axes().get("mode").get(0);
    if (figures) {
      figures(rows, mode, Double.parseDouble(spec.axes().get("eps").get(0)), dir.resolve("figures"));
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

  /**
   * The figures, each as PNG, SVG, PDF and CSV: {@code m_vs_R} (Figure 1), {@code loglog_m_vs_R}
   * (Figure 6), {@code example_fits} (Figure 3: six λ spread over the sweep) and {@code losses}
   * (why accuracy rises or not: the log losses against ln ε).
   */
  private static void figures(List<Row> rows, String mode, double eps, Path dir) throws IOException {
    List<GrokkingFigures.Run> runs = new ArrayList<>();
    for (Row r : rows) {
      runs.add(new GrokkingFigures.Run(r.m(), r.rRel(), r.rAbs(), mode + " mode", GrokkingFigures.exclusion(r.status())));
    }
    // Figure 3 (six curves files to read) on a second thread while the sharpness figures and then
    // the losses are drawn here: each figure is written by one thread only, so the files do not
    // depend on the timing; a curves file both figures show is read once
    java.util.Map<Row, Curves> read = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.FutureTask<Void> curves = new java.util.concurrent.FutureTask<>(() -> {
      exampleFits(rows, read).save(dir, "example_fits");
      return null;
    });
    Thread t = new Thread(curves, "linear-figures");
    t.setDaemon(true);
    t.start();
    GrokkingFigures.sharpness(runs, true, dir, "m_vs_R", "loglog_m_vs_R");
    losses(rows, eps, read).save(dir, "losses");
    try {
      curves.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while drawing the figures", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static Curves curves(Row r, java.util.Map<Row, Curves> read) throws IOException {
    try {
      return read.computeIfAbsent(r, row -> {
        try {
          return row.readCurves();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Six λ spread over the sweep: accuracy against t with the fitted erf curves. */
  private static Figure exampleFits(List<Row> runs, java.util.Map<Row, Curves> read) throws IOException {
    Figure f = new Figure(3).shareY().oneLegend();
    for (int i : GrokkingFigures.spread(runs.size(), 6)) {
      Row r = runs.get(i);
      Curves c = curves(r, read);
      if (c.t().length == 0) {
        continue; // a run that failed with an error has no curves
      }
      String title = "λ = " + Ticks.number(r.lambda(), 5)
          + (r.valid() ? ", m = " + Ticks.number(r.m(), 3) : ": " + r.status().replace('_', ' '));
      GrokkingFigures.accuracyPanel(f.panel(), title, "t (gradient-descent steps)", c.t(), c.trainAccuracy(),
          c.valAccuracy(), c.t(), c.trainFit(), c.valFit());
    }
    if (runs.isEmpty()) {
      f.panel().x("t (gradient-descent steps)").y(GrokkingFigures.ACCURACY).note("no runs");
    }
    return f;
  }

  /** ln L_tr and ln L_gen of three λ against t (log axis), with the threshold ln ε: why accuracy rises or not. */
  private static Figure losses(List<Row> runs, double eps, java.util.Map<Row, Curves> read) throws IOException {
    Figure f = new Figure(1).panelSize(4.6, 3.2);
    Panel p = f.panel().x("t (gradient-descent steps)", Panel.Scale.LOG).y("ln loss");
    double tEnd = 2;
    for (int i : GrokkingFigures.spread(runs.size(), 3)) {
      Row r = runs.get(i);
      Curves c = curves(r, read);
      if (c.t().length == 0) {
        continue;
      }
      tEnd = Math.max(tEnd, c.t()[c.t().length - 1]);
      String l = Ticks.number(r.lambda(), 5);
      p.line("ln L_{tr}, λ = " + l, c.t(), c.logTrainLoss());
      p.line("ln L_{gen}, λ = " + l, c.t(), c.logValLoss());
    }
    p.fit("ln ε (accuracy threshold)", new double[] {1, tEnd}, new double[] {Math.log(eps), Math.log(eps)});
    return f;
  }
}
