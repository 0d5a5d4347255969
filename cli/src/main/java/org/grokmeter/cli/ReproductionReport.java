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
import org.grokmeter.cli.plot.GrokkingFigures;
import org.grokmeter.cli.plot.Ticks;
import org.grokmeter.experiment.ResultStore;
import org.grokmeter.fit.TrendAnalysis;

/**
 * The paper's figures 1–6 and {@code report.md} drawn from sweep folders ({@code runs.csv} plus
 * the curves files): the numbers in the report are computed from the same rows the figures show.
 */
final class ReproductionReport {

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

  static Setting linear(Path dir, String name) {
    return new Setting(name, dir, 0.5, 0.5, "t (gradient-descent steps)", List.of("lambda"));
  }

  static Setting mlp(Path dir) {
    return new Setting("MLP", dir, 0.25, 0.75, "epoch", List.of("input_size", "seed"));
  }

  /**
   * Draws the figures that stage {@code stage} completes (0: linear paper mode, 1: exact mode,
   * 2: MLP), so {@code reproduce} can draw them while the next stage computes. Each figure is
   * drawn by exactly one call, so the files do not depend on when it runs.
   */
  static void drawAfterStage(int stage, Path out, Path linearPaper, Path linearExact, Path mlp) throws IOException {
    Path figures = out.resolve("figures");
    Files.createDirectories(figures);
    Setting lin = linear(linearPaper, "paper mode");
    Setting net = mlp(mlp);
    switch (stage) {
      case 0 -> {
        examplesFigure(lin).save(figures, "figure3");
        GrokkingFigures.logLog(runs(lin)).save(figures, "figure6");
      }
      case 1 -> {
        List<GrokkingFigures.Run> both = new ArrayList<>(runs(lin));
        both.addAll(runs(linear(linearExact, "exact mode")));
        GrokkingFigures.measures(both, true).save(figures, "figure1");
      }
      case 2 -> {
        List<GrokkingFigures.Run> runs = runs(net);
        GrokkingFigures.measures(runs, false).save(figures, "figure2");
        examplesFigure(net).save(figures, "figure4");
        GrokkingFigures.logLog(runs).save(figures, "figure5");
      }
      default -> throw new IllegalArgumentException("no stage " + stage);
    }
  }

  /** Writes {@code out/report.md}; the figures are drawn by {@link #drawAfterStage}. */
  static void write(Path out, Path linearPaper, Path linearExact, Path mlp, boolean quick, List<String[]> stages,
      java.time.Instant started, double seconds, int threads) throws IOException {
    List<String> linExamples = exampleNames(linear(linearPaper, "paper mode"));
    List<String> mlpExamples = exampleNames(mlp(mlp));

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
        + " figures show. Runs whose status does not start with `ok` (did not grok, fit failed) are counted,"
        + " drawn as crosses where they have positive m and R, and left out of every trend. Trend lines are least squares of log₁₀ R on log₁₀ m.\n\n");
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
    r.append("Training (blue) and validation (orange) accuracy with the fitted erf curves (black, dashed), for six runs"
        + " spread over m: ").append(String.join("; ", linExamples)).append(".\n");
    r.append("\n## Figure 4 — MLP: six example fits\n\n![Figure 4](figures/figure4.png)\n\n");
    r.append("Training (blue) and validation (orange) accuracy with the fitted erf curves (black, dashed), six runs"
        + " spread over m: ")
        .append(String.join("; ", mlpExamples)).append(".\n");
    r.append("\n## Figure 5 — MLP: log–log with the regression line\n\n![Figure 5](figures/figure5.png)\n\n");
    r.append(trendOnly(nMlp));
    r.append("\n## Figure 6 — linear setting: log–log with the regression line\n\n![Figure 6](figures/figure6.png)\n\n");
    r.append(trendOnly(nLin));
    r.append("\nEvery figure is also in SVG and PDF beside the PNG (`figures/figureN.svg`, `.pdf`), with the data it"
        + " plots in `figures/figureN.csv` (panel, axis names, series, style, x, y).\n");
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

  /** A setting's runs as the sharpness figures take them: one group, runs that did not grok marked. */
  static List<GrokkingFigures.Run> runs(Setting s) throws IOException {
    RunsTable t = RunsTable.read(s.dir().resolve("runs.csv"));
    List<GrokkingFigures.Run> runs = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      runs.add(new GrokkingFigures.Run(t.number(i, "m"), t.number(i, "R_rel"), t.number(i, "R_abs"), s.name(),
          GrokkingFigures.exclusion(t.text(i, "status"))));
    }
    return runs;
  }

  /** The rows of up to six runs with status ok and a curves file, spread evenly over m. */
  private static List<Integer> examples(RunsTable t) {
    List<Integer> ok = new ArrayList<>(t.ok());
    ok.removeIf(i -> t.text(i, "curves").isEmpty() || !ResultStore.isCurvesPath(t.text(i, "curves")));
    ok.sort(Comparator.comparingDouble(i -> t.number(i, "m")));
    List<Integer> chosen = new ArrayList<>();
    for (int idx : GrokkingFigures.spread(ok.size(), 6)) {
      if (!chosen.contains(ok.get(idx))) {
        chosen.add(ok.get(idx));
      }
    }
    return chosen;
  }

  /** How the report names the example runs of Figures 3 and 4. */
  static List<String> exampleNames(Setting s) throws IOException {
    RunsTable t = RunsTable.read(s.dir().resolve("runs.csv"));
    List<String> names = new ArrayList<>();
    for (int row : examples(t)) {
      names.add(describe(t, row, s.describe()));
    }
    return names;
  }

  /** Figures 3 and 4: six example runs (spread over m) with their fitted erf curves dashed. */
  static Figure examplesFigure(Setting s) throws IOException {
    RunsTable t = RunsTable.read(s.dir().resolve("runs.csv"));
    // the MLP's runs share one epoch range; the linear λ's time scales differ a thousandfold
    Figure f = new Figure(3).shareY().oneLegend();
    if (s.describe().contains("seed")) {
      f.shareX();
    }
    for (int row : examples(t)) {
      RunsTable c = RunsTable.read(s.dir().resolve(t.text(row, "curves")));
      double[] time = c.numbers(c.header().get(0));
      double[] train = c.numbers(column(c, "train"));
      double[] val = c.numbers(column(c, "val"));
      GrokkingFigures.accuracyPanel(f.panel(), describe(t, row, s.describe()) + ", m = "
              + Ticks.number(t.number(row, "m"), 3), s.timeLabel(), time, train, val, time,
          erfCurve(time, s, t.number(row, "t_star_train"), t.number(row, "s_train")),
          erfCurve(time, s, t.number(row, "t_star_val"), t.number(row, "s_val")));
    }
    if (t.ok().isEmpty()) {
      f.panel().x(s.timeLabel()).y(GrokkingFigures.ACCURACY).note("no run with status ok");
    }
    return f;
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

  /** A run's name in the paper's symbols, rounded: "λ = 1.0804", "n = 28, seed 2". */
  private static String describe(RunsTable t, int row, List<String> params) {
    List<String> parts = new ArrayList<>();
    for (String p : params) {
      if (t.has(p)) {
        parts.add(switch (p) {
          case "lambda" -> "λ = " + Ticks.number(t.number(row, p), 5);
          case "input_size" -> "n = " + t.text(row, p);
          default -> p + " " + t.text(row, p);
        });
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
