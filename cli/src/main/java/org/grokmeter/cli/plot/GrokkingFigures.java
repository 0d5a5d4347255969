package org.grokmeter.cli.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.grokmeter.fit.TrendAnalysis;

/**
 * The paper's figure kinds, for every command that draws them ({@code mlp}, {@code linear},
 * {@code reproduce}, {@code trend}): sharpness against the relative grokking gap (Figures 1 and 2),
 * the same on log–log axes with the least-squares line (Figures 5 and 6), and accuracy curves with
 * their fitted S-curves (Figures 3 and 4).
 */
public final class GrokkingFigures {

  /**
   * One run as the sharpness figures need it.
   *
   * @param group the series it belongs to (a colour and a legend entry), or null for one series
   * @param excluded null for a run that grokked and fitted (it enters the trend), else why not
   *     ("did not grok"): such runs are drawn as crosses, never hidden, and left out of the trend
   */
  public record Run(double m, double rRel, double rAbs, String group, String excluded) {}

  public static final String M = "relative grokking gap m";
  public static final String R_REL = "relative sharpness R_{rel}";
  public static final String R_ABS = "absolute sharpness R_{abs}";
  public static final String ACCURACY = "accuracy";

  private GrokkingFigures() {}

  /**
   * Writes {@code dir/<measures>.*} (m against R_rel and R_abs, Figures 1 and 2) and
   * {@code dir/<logLog>.*} (Figures 5 and 6), each PNG, SVG, PDF and CSV.
   *
   * @param joined join each group's points in their order (a sweep over λ) instead of dots per run
   */
  public static void sharpness(List<Run> runs, boolean joined, Path dir, String measures, String logLog) {
    measures(runs, joined).save(dir, measures);
    logLog(runs).save(dir, logLog);
  }

  /** m against R_rel and against R_abs, side by side; R's axis turns logarithmic where it spans decades. */
  public static Figure measures(List<Run> runs, boolean joined) {
    Figure f = new Figure(2).shareX();
    Panel rel = f.panel().x(M).y(R_REL, Panel.Scale.AUTO);
    Panel abs = f.panel().x(M).y(R_ABS, Panel.Scale.AUTO);
    for (boolean relative : new boolean[] {true, false}) {
      Panel p = relative ? rel : abs;
      for (Map.Entry<String, List<Run>> g : groups(runs, true).entrySet()) {
        double[][] xy = xy(g.getValue(), relative);
        p.series(g.getKey(), xy[0], xy[1], joined ? Panel.Style.JOINED : Panel.Style.POINTS, null);
      }
      for (Map.Entry<String, List<Run>> g : excluded(runs).entrySet()) {
        double[][] xy = xy(g.getValue(), relative);
        p.marked(g.getKey(), xy[0], xy[1]);
      }
      noteIfEmpty(p, runs);
    }
    return f;
  }

  /** log R against log m with the least-squares line of each group (over its runs that grokked). */
  public static Figure logLog(List<Run> runs) {
    Figure f = new Figure(2).shareX();
    Panel rel = f.panel().x(M, Panel.Scale.LOG).y(R_REL, Panel.Scale.LOG);
    Panel abs = f.panel().x(M, Panel.Scale.LOG).y(R_ABS, Panel.Scale.LOG);
    Map<String, List<Run>> groups = groups(runs, true);
    for (boolean relative : new boolean[] {true, false}) {
      Panel p = relative ? rel : abs;
      int colour = 0;
      for (Map.Entry<String, List<Run>> g : groups.entrySet()) {
        double[][] xy = xy(g.getValue(), relative);
        java.awt.Color c = Figure.PALETTE[colour++ % Figure.PALETTE.length];
        TrendAnalysis t = TrendAnalysis.of(xy[0], xy[1]);
        double[][] line = line(t, xy[0]);
        String trend = line == null ? null
            : "slope " + Ticks.decimal(t.slope(), 3) + ", r = " + Ticks.decimal(t.pearsonLogLog(), 3);
        if (groups.size() == 1) {
          p.series(g.getKey(), xy[0], xy[1], Panel.Style.POINTS, c);
          if (line != null) {
            p.series(trend, line[0], line[1], Panel.Style.FIT, null);
          }
        } else {
          // one legend entry per group (the legend keeps the first series of a name): its colour marks
          // both its dots and its line, and the CSV names both
          String name = g.getKey() + (line == null ? "" : ": slope " + Ticks.decimal(t.slope(), 3));
          p.series(name, xy[0], xy[1], Panel.Style.POINTS, c);
          if (line != null) {
            p.series(name, line[0], line[1], Panel.Style.FIT, c);
          }
        }
      }
      for (Map.Entry<String, List<Run>> g : excluded(runs).entrySet()) {
        double[][] xy = xy(g.getValue(), relative);
        p.marked(g.getKey(), xy[0], xy[1]);
      }
      noteIfEmpty(p, runs);
    }
    return f;
  }

  /** The least-squares line log₁₀ R = a + b·log₁₀ m over the positive range of m, or null. */
  private static double[][] line(TrendAnalysis t, double[] m) {
    if (!Double.isFinite(t.slope())) {
      return null;
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (double v : m) {
      if (v > 0 && Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (!(lo <= hi)) {
      return null;
    }
    return new double[][] {{lo, hi}, {Math.pow(10, t.intercept() + t.slope() * Math.log10(lo)),
        Math.pow(10, t.intercept() + t.slope() * Math.log10(hi))}};
  }

  private static void noteIfEmpty(Panel p, List<Run> runs) {
    if (p.isEmpty()) {
      p.note(runs.isEmpty() ? "no runs" : "no run has finite m and R (see runs.csv status)");
    }
  }

  /**
   * Why a run with this {@code runs.csv} status is left out of the trend, as a legend says it; null
   * for the statuses that start with {@code ok}.
   */
  public static String exclusion(String status) {
    if (status.startsWith("ok")) {
      return null;
    }
    return status.contains("did_not") ? "did not grok" : "fit failed";
  }

  /** The included runs by group, in first-seen order; a null group is "runs". */
  private static Map<String, List<Run>> groups(List<Run> runs, boolean included) {
    Map<String, List<Run>> g = new LinkedHashMap<>();
    for (Run r : runs) {
      if ((r.excluded() == null) == included) {
        g.computeIfAbsent(r.group() == null ? "runs" : r.group(), k -> new ArrayList<>()).add(r);
      }
    }
    return g;
  }

  /**
   * The excluded runs by reason (and group, where there are several), those with positive m and R
   * only: a fit to a curve that never rose gives a negative or zero gap, which is no point on these axes.
   */
  private static Map<String, List<Run>> excluded(List<Run> runs) {
    boolean severalGroups = runs.stream().map(Run::group).distinct().count() > 1;
    Map<String, List<Run>> g = new LinkedHashMap<>();
    for (Run r : runs) {
      if (r.excluded() != null && r.m() > 0 && r.rRel() > 0 && r.rAbs() > 0 && Double.isFinite(r.m())
          && Double.isFinite(r.rRel()) && Double.isFinite(r.rAbs())) {
        String key = r.excluded() + (severalGroups && r.group() != null ? " (" + r.group() + ")" : "");
        g.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
      }
    }
    return g;
  }

  private static double[][] xy(List<Run> runs, boolean relative) {
    double[] x = new double[runs.size()];
    double[] y = new double[runs.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = runs.get(i).m();
      y[i] = relative ? runs.get(i).rRel() : runs.get(i).rAbs();
    }
    return new double[][] {x, y};
  }

  /**
   * One example run: training and validation accuracy with their fitted S-curves (dashed).
   * Either fit may be null (it did not converge): then only the data are drawn.
   */
  public static void accuracyPanel(Panel p, String title, String timeLabel, double[] t, double[] train,
                                   double[] val, double[] fitTime, double[] trainFit, double[] valFit) {
    p.title(title).x(timeLabel).y(ACCURACY);
    if (train != null) {
      p.line("train", t, train);
    }
    if (val != null) {
      p.line("validation", t, val);
    }
    if (trainFit != null && converged(trainFit)) {
      p.series("erf fit", fitTime, trainFit, Panel.Style.FIT, null);
    }
    if (valFit != null && converged(valFit)) {
      p.series("erf fit", fitTime, valFit, Panel.Style.FIT, null);
    }
  }

  private static boolean converged(double[] fit) {
    for (double v : fit) {
      if (Double.isFinite(v)) {
        return true;
      }
    }
    return false;
  }

  /** Indices of up to {@code k} of {@code n} items in order, spread evenly (first and last included). */
  public static int[] spread(int n, int k) {
    int count = Math.min(k, n);
    int[] idx = new int[count];
    for (int i = 0; i < count; i++) {
      idx[i] = count == 1 ? 0 : (int) Math.round(i * (n - 1) / (double) (count - 1));
    }
    return idx;
  }
}
