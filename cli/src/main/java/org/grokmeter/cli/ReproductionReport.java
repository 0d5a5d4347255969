package org.grokmeter.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.numbers.gamma.Erf;
import org.grokmeter.cli.io.RunsTable;
import org.grokmeter.cli.plot.Figure;
import org.grokmeter.cli.plot.FigureGrid;
import org.grokmeter.experiment.ResultStore;
import org.grokmeter.fit.TrendAnalysis;

/**
 * The paper's figures 1–6 and {@code report.md} drawn from sweep folders ({@code runs.csv} plus
 * the curves files): the numbers in the report are computed from the same rows the figures show.
 */
final class ReproductionReport {

  /** Plotting 50 000-point linear curves is pointless; panels get at most this many points. */
  private static final int MAX_PLOT_POINTS = 1000;

  /**
   * One setting's sweep folder.
   *
   * @param amplitude a of the fitted erf (docs/method.md: MLP 1/4, linear 1/2)
   * @param offset b of the fitted erf (MLP 3/4, linear 1/2)
   * @param describe how a run is named in panel titles (its varying parameters)
   */
  record Setting(String name, Path dir, double amplitude, double offset, String timeLabel, List<String> describe) {}

  /** The numbers behind one m-vs-R figure. */
  record Numbers(int runs, int ok, Map<String, Integer> statuses, double[] mRange, double[] relRange,
      double[] absRange, TrendAnalysis rel, TrendAnalysis abs) {}

  private ReproductionReport() {}

  /** Draws figures 1–6 into {@code out/figures} and writes {@code out/report.md}. */
  static void write(Path out, Path linearPaper, Path linearExact, Path mlp, boolean quick, List<String[]> stages,
      java.time.Instant started, double seconds, int threads) throws IOException {
    Path figures = out.resolve("figures");
    Files.createDirectories(figures);
    Setting lin = new Setting("paper mode", linearPaper, 0.5, 0.5, "t (gradient-descent steps)", List.of("lambda"));
    Setting exact = new Setting("exact mode", linearExact, 0.5, 0.5, "t (gradient-descent steps)", List.of("lambda"));
    Setting net = new Setting("MLP", mlp, 0.25, 0.75, "epoch", List.of("input_size", "seed"));

    measuresFigure(figures, "figure1", "Linear setting", List.of(lin, exact), true);
    measuresFigure(figures, "figure2", "MLP", List.of(net), false);
    List<String> linExamples = examplesFigure(figures, "figure3", "Linear setting", lin);
    List<String> mlpExamples = examplesFigure(figures, "figure4", "MLP", net);
    logLogFigure(figures, "figure5", "MLP", net);
    logLogFigure(figures, "figure6", "Linear setting", lin);

    Numbers nLin = numbers(RunsTable.read(linearPaper.resolve("runs.csv")));
    RunsTable exactTable = RunsTable.read(linearExact.resolve("runs.csv"));
    Numbers nExact = numbers(exactTable);
    Numbers nMlp = numbers(RunsTable.read(mlp.resolve("runs.csv")));
    double maxExactVal = Double.NEGATIVE_INFINITY;
    for (double v : exactTable.numbers("max_val_acc")) {
      maxExactVal = Math.max(maxExactVal, v);
    }

    StringBuilder r = new StringBuilder();
    r.append("# Reproduction of \"Measuring Sharpness in Grokking\" (Miller et al., 2024)\n\n");
    r.append("Written by `grokmeter reproduce").append(quick ? " --quick" : "").append("` (started ").append(started)
        .append(String.format(Locale.ROOT, ", this invocation %.1f s wall time on %d threads). ", seconds, threads));
    r.append(quick ? "**Quick mode**: a reduced MLP grid (input sizes 25, 30, …, 45 × seeds 0, 1) and a coarser"
        + " exact-mode time grid; the linear paper-mode sweep is the paper's own. Run without `--quick` for the"
        + " paper's full 63-run MLP sweep.\n\n" : "The paper's settings throughout.\n\n");
    r.append("Every number below is computed from the `runs.csv` files of the stage folders, the same rows the"
        + " figures show. Runs whose status does not start with `ok` (did not grok, fit failed) are counted"
        + " but not plotted or fitted. Trend lines are least squares of log₁₀ R on log₁₀ m.\n\n");
    r.append("| stage | folder | runs | computed now | statuses | wall time now (s) | Σ run time (s) | settings |\n"
        + "|---|---|---|---|---|---|---|---|\n");
    for (String[] s : stages) {
      r.append("| ").append(String.join(" | ", s[0], "`" + s[1] + "/`", s[2], s[3], s[4], s[5], s[6], s[7]))
          .append(" |\n");
    }
    r.append("\n\"Wall time now\" is this invocation's (a resumed reproduction only computes what is missing);"
        + " \"Σ run time\" adds up the `seconds` column, each run's own wall time on one thread, over every"
        + " session that wrote the folder.\n");
    r.append("\n## Figure 1 — linear setting: m against R_rel and R_abs\n\n![Figure 1](figures/figure1.png)\n\n");
    r.append("Paper mode (the late-time asymptotic formulas the paper used), 120 λ evenly spaced in [1.003, 1.1],"
        + " t = linspace(1, 5·10³/(λ−1)², 50 000), fits A(t) = ½·erf(s(t − t*)) + ½; points joined in λ order.\n\n");
    r.append(numbersMarkdown(nLin));
    r.append(String.format(Locale.ROOT, "%nExact mode (Marchenko–Pastur) on the same λ: %d runs, %d with status `ok`;"
        + " statuses: %s. The highest validation accuracy any exact-mode run reaches is %.3g: for λ > 1 the exact"
        + " generalization loss levels off at 1 − 1/λ (0.003 … 0.09 here), far above ε = 1e-10, so validation"
        + " accuracy never rises and there is nothing to fit. The paper's λ > 1 curves exist only in the asymptotic"
        + " formula (see docs/linear-setting.md).%n", nExact.runs(), nExact.ok(), statuses(nExact.statuses()),
        maxExactVal));
    r.append("\n## Figure 2 — MLP: m against R_rel and R_abs\n\n![Figure 2](figures/figure2.png)\n\n");
    r.append("One dot per run; fits with a = 1/4, b = 3/4, t = epoch index. The paper's runs span m ≈ 0.5–12,"
        + " R_rel ≈ 0.3–2.3, R_abs ≈ 3e-4–1.9e-3, both measures falling as m grows.\n\n");
    r.append(numbersMarkdown(nMlp));
    r.append("\n## Figure 3 — linear setting: six example fits\n\n![Figure 3](figures/figure3.png)\n\n");
    r.append("Training (blue) and validation (green) accuracy with the fitted erf curves dashed, for six runs"
        + " spread over m: ").append(String.join("; ", linExamples)).append(".\n");
    r.append("\n## Figure 4 — MLP: six example fits\n\n![Figure 4](figures/figure4.png)\n\n");
    r.append("Training and validation accuracy with the fitted erf curves dashed, six runs spread over m: ")
        .append(String.join("; ", mlpExamples)).append(".\n");
    r.append("\n## Figure 5 — MLP: log–log with the regression line\n\n![Figure 5](figures/figure5.png)\n\n");
    r.append(trendOnly(nMlp));
    r.append("\n## Figure 6 — linear setting: log–log with the regression line\n\n![Figure 6](figures/figure6.png)\n\n");
    r.append(trendOnly(nLin));
    r.append("\nAll figures are also in SVG beside the PNG files (`figures/figureN.svg`).\n");
    r.append("\n## Provenance\n\n| fact | value |\n|---|---|\n");
    org.grokmeter.Provenance.describe(threads).forEach((k, v) -> r.append("| ").append(k).append(" | ")
        .append(v.replace("|", "\\|")).append(" |\n"));
    r.append("\nEach stage folder has its own `provenance.txt` (one section per session that wrote to it),"
        + " `sweep.yaml` (the resolved configuration: re-run any stage with `grokmeter sweep`), `runs.csv` and"
        + " `curves/`.\n");
    Files.writeString(out.resolve("report.md"), r.toString(), StandardCharsets.UTF_8);
  }

  private static String trendOnly(Numbers n) {
    return trendLine("R_rel", n.rel()) + trendLine("R_abs", n.abs());
  }

  static Numbers numbers(RunsTable t) {
    List<Integer> ok = t.ok();
    double[] m = pick(t, "m", ok);
    double[] rel = pick(t, "R_rel", ok);
    double[] abs = pick(t, "R_abs", ok);
    return new Numbers(t.size(), ok.size(), t.statusCounts(), range(m), range(rel), range(abs),
        TrendAnalysis.of(m, rel), TrendAnalysis.of(m, abs));
  }

  /** Figure 1 (linear, points joined in λ order) or 2 (MLP, one dot per run): m vs R_rel and m vs R_abs. */
  static void measuresFigure(Path figures, String base, String title, List<Setting> settings, boolean joined)
      throws IOException {
    Figure rel = new Figure(title + ": relative sharpness", "relative grokking gap m", "R_rel = s_val / s_train");
    Figure abs = new Figure(title + ": absolute sharpness", "relative grokking gap m", "R_abs (max slope of val fit)");
    for (Setting s : settings) {
      RunsTable t = RunsTable.read(s.dir().resolve("runs.csv"));
      List<Integer> ok = t.ok();
      if (ok.isEmpty()) {
        continue;
      }
      double[] m = pick(t, "m", ok);
      if (joined) {
        rel.pointsJoined(s.name(), m, pick(t, "R_rel", ok));
        abs.pointsJoined(s.name(), m, pick(t, "R_abs", ok));
      } else {
        rel.points(s.name(), m, pick(t, "R_rel", ok));
        abs.points(s.name(), m, pick(t, "R_abs", ok));
      }
    }
    FigureGrid.saveBoth(List.of(rel, abs), 2, figures, base);
  }

  /**
   * Figures 5 and 6: log₁₀ R against log₁₀ m with the least-squares line. Plotted as log values on
   * linear axes: a log axis would only label powers of ten, and R_rel spans less than one decade.
   */
  static void logLogFigure(Path figures, String base, String title, Setting s) throws IOException {
    RunsTable t = RunsTable.read(s.dir().resolve("runs.csv"));
    List<Integer> ok = t.ok();
    List<Figure> panels = new ArrayList<>();
    for (String col : List.of("R_rel", "R_abs")) {
      Figure f = new Figure(title + ": log " + col + " vs log m", "log10 m", "log10 " + col);
      double[] m = pick(t, "m", ok);
      double[] r = pick(t, col, ok);
      double[][] pos = positive(m, r);
      if (pos[0].length > 0) {
        double[] lm = new double[pos[0].length];
        double[] lr = new double[pos[0].length];
        for (int i = 0; i < lm.length; i++) {
          lm[i] = Math.log10(pos[0][i]);
          lr[i] = Math.log10(pos[1][i]);
        }
        f.points("runs", lm, lr);
        TrendAnalysis tr = TrendAnalysis.of(m, r);
        if (Double.isFinite(tr.slope())) {
          double[] x = {min(lm), max(lm)};
          double[] y = {tr.intercept() + tr.slope() * x[0], tr.intercept() + tr.slope() * x[1]};
          f.dashed(String.format(Locale.ROOT, "slope %.3f ± %.3f, r = %.3f", tr.slope(), tr.slopeStdErr(),
              tr.pearsonLogLog()), x, y);
        }
      }
      panels.add(f);
    }
    FigureGrid.saveBoth(panels, 2, figures, base);
  }

  /** Figures 3 and 4: six example runs (spread over m) with their fitted erf curves dashed. */
  static List<String> examplesFigure(Path figures, String base, String title, Setting s) throws IOException {
    RunsTable t = RunsTable.read(s.dir().resolve("runs.csv"));
    List<Integer> ok = new ArrayList<>(t.ok());
    List<Integer> chosen = new ArrayList<>();
    ok.removeIf(i -> t.text(i, "curves").isEmpty() || !ResultStore.isCurvesPath(t.text(i, "curves")));
    ok.sort(Comparator.comparingDouble(i -> t.number(i, "m")));
    int k = Math.min(6, ok.size());
    for (int j = 0; j < k; j++) {
      int idx = k == 1 ? 0 : (int) Math.round(j * (ok.size() - 1) / (double) (k - 1));
      if (!chosen.contains(ok.get(idx))) {
        chosen.add(ok.get(idx));
      }
    }
    List<Figure> panels = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int row : chosen) {
      String name = describe(t, row, s.describe());
      names.add(name);
      RunsTable c = RunsTable.read(s.dir().resolve(t.text(row, "curves")));
      String timeCol = c.header().get(0);
      double[] time = c.numbers(timeCol);
      double[] train = c.numbers(column(c, "train"));
      double[] val = c.numbers(column(c, "val"));
      int stride = Math.max(1, time.length / MAX_PLOT_POINTS);
      double[] tt = every(time, stride);
      Figure f = new Figure(String.format(Locale.ROOT, "%s (m = %.3g)", name, t.number(row, "m")), s.timeLabel(),
          "accuracy", 560, 420);
      f.line("train", tt, every(train, stride));
      f.dashedSameColour("train fit", tt, erfCurve(tt, s, t.number(row, "t_star_train"), t.number(row, "s_train")));
      f.line("validation", tt, every(val, stride));
      f.dashedSameColour("val fit", tt, erfCurve(tt, s, t.number(row, "t_star_val"), t.number(row, "s_val")));
      f.legend(panels.isEmpty());
      panels.add(f);
    }
    if (panels.isEmpty()) {
      Figure f = new Figure(title + ": no run with status ok", s.timeLabel(), "accuracy", 560, 420);
      panels.add(f);
    }
    FigureGrid.saveBoth(panels, 3, figures, base);
    return names;
  }

  private static double[] erfCurve(double[] t, Setting s, double tStar, double sharp) {
    double[] y = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      y[i] = s.amplitude() * Erf.value(sharp * (t[i] - tStar)) + s.offset();
    }
    return y;
  }

  private static String column(RunsTable c, String prefix) {
    for (String h : c.header()) {
      if (h.startsWith(prefix) && h.contains("acc")) {
        return h;
      }
    }
    throw new IllegalArgumentException(c.file() + ": no " + prefix + " accuracy column (have " + c.header() + ")");
  }

  private static String describe(RunsTable t, int row, List<String> params) {
    List<String> parts = new ArrayList<>();
    for (String p : params) {
      if (t.has(p)) {
        parts.add(p + " " + t.text(row, p));
      }
    }
    return String.join(", ", parts);
  }

  /** Markdown for one m–R figure's numbers. */
  static String numbersMarkdown(Numbers n) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "- runs: %d, of which %d with status `ok` (plotted); statuses: %s%n",
        n.runs(), n.ok(), statuses(n.statuses())));
    sb.append(String.format(Locale.ROOT, "- m: %s; R_rel: %s; R_abs: %s%n", fmtRange(n.mRange()),
        fmtRange(n.relRange()), fmtRange(n.absRange())));
    sb.append(trendLine("R_rel", n.rel()));
    sb.append(trendLine("R_abs", n.abs()));
    return sb.toString();
  }

  private static String trendLine(String name, TrendAnalysis t) {
    if (!Double.isFinite(t.slope())) {
      return "- " + name + ": fewer than 3 usable runs, no trend\n";
    }
    return String.format(Locale.ROOT,
        "- log₁₀ %s = (%.4f ± %.4f) + (%.4f ± %.4f)·log₁₀ m over %d runs; Pearson r(log m, log %s) = %.4f (p %s);"
            + " r(m, log %s) = %.4f (p %s)%n",
        name, t.intercept(), t.interceptStdErr(), t.slope(), t.slopeStdErr(), t.runs(), name, t.pearsonLogLog(),
        p(t.pValueLogLog()), name, t.pearsonLinLog(), p(t.pValueLinLog()));
  }

  /** A p-value: "= 0.0123", "= 1.2e-20", or "< 1e-300" where even the t tail underflows. */
  static String p(double p) {
    if (Double.isNaN(p)) {
      return "= NaN";
    }
    return p < 1e-300 ? "< 1e-300" : String.format(Locale.ROOT, "= %.3g", p);
  }

  static String statuses(Map<String, Integer> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> parts.add(v + " `" + k + "`"));
    return String.join(", ", parts);
  }

  private static String fmtRange(double[] r) {
    return Double.isNaN(r[0]) ? "no valid runs" : String.format(Locale.ROOT, "%.4g – %.4g", r[0], r[1]);
  }

  static double[] pick(RunsTable t, String col, List<Integer> rows) {
    double[] v = new double[rows.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = t.number(rows.get(i), col);
    }
    return v;
  }

  private static double[] range(double[] v) {
    double lo = Double.NaN;
    double hi = Double.NaN;
    for (double x : v) {
      if (Double.isFinite(x)) {
        lo = Double.isNaN(lo) ? x : Math.min(lo, x);
        hi = Double.isNaN(hi) ? x : Math.max(hi, x);
      }
    }
    return new double[] {lo, hi};
  }

  private static double[][] positive(double[] x, double[] y) {
    List<double[]> keep = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (x[i] > 0 && y[i] > 0 && Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        keep.add(new double[] {x[i], y[i]});
      }
    }
    double[][] out = new double[2][keep.size()];
    for (int i = 0; i < keep.size(); i++) {
      out[0][i] = keep.get(i)[0];
      out[1][i] = keep.get(i)[1];
    }
    return out;
  }

  private static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double x : v) {
      m = Math.min(m, x);
    }
    return m;
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  private static double[] every(double[] v, int stride) {
    if (stride == 1) {
      return v;
    }
    int n = (v.length + stride - 1) / stride;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = v[i * stride];
    }
    if ((n - 1) * stride != v.length - 1) { // keep the last point, by index (never by value)
      double[] ext = java.util.Arrays.copyOf(out, n + 1);
      ext[n] = v[v.length - 1];
      return ext;
    }
    return out;
  }

  static Map<String, String> parseIdentity(Path dir) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : Files.readAllLines(dir.resolve("store.properties"), StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        m.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return m;
  }
}
