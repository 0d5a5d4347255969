package org.grokmeter.cli.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * One x–y panel of a {@link Figure}: axes, series, an optional title. Labels take the markup of
 * {@link Text} ({@code R_{rel}}, {@code t^{*}}) and any Unicode symbol (λ, ε).
 */
public final class Panel {

  /** How an axis maps values: linear, logarithmic, or logarithmic only when the data span more than two decades. */
  public enum Scale { LINEAR, LOG, AUTO }

  /** How a series is drawn. */
  public enum Style {
    /** One filled dot per point (one run each). */
    POINTS,
    /** Dots joined by straight lines (a sweep over a parameter, in its order). */
    JOINED,
    /** A solid curve (measured data), thinned to what the pixels show. */
    LINE,
    /** A fitted curve: dashed, in a colour that stands out from the data (black unless given). */
    FIT,
    /** Runs that are shown but set apart, e.g. those that did not grok: crosses. */
    MARKED
  }

  /** One series; {@code colour} null takes the next colour of the cycle (or the style's own). */
  record Series(String name, double[] x, double[] y, Style style, Color colour) {}

  String title;
  String xLabel = "";
  String yLabel = "";
  Scale xScale = Scale.LINEAR;
  Scale yScale = Scale.LINEAR;
  double[] xLimits;
  double[] yLimits;
  String note;
  final List<Series> series = new ArrayList<>();

  Panel() {}

  public Panel title(String title) {
    this.title = title;
    return this;
  }

  public Panel x(String label, Scale scale) {
    this.xLabel = label;
    this.xScale = scale;
    return this;
  }

  public Panel y(String label, Scale scale) {
    this.yLabel = label;
    this.yScale = scale;
    return this;
  }

  public Panel x(String label) {
    return x(label, Scale.LINEAR);
  }

  public Panel y(String label) {
    return y(label, Scale.LINEAR);
  }

  /** Fixed x range (no automatic padding). */
  public Panel xLimits(double lo, double hi) {
    xLimits = new double[] {lo, hi};
    return this;
  }

  /** Fixed y range (no automatic padding). */
  public Panel yLimits(double lo, double hi) {
    yLimits = new double[] {lo, hi};
    return this;
  }

  /** A line of text in the middle of the plot area, e.g. why it is empty. */
  public Panel note(String note) {
    this.note = note;
    return this;
  }

  public Panel points(String name, double[] x, double[] y) {
    return series(name, x, y, Style.POINTS, null);
  }

  public Panel joined(String name, double[] x, double[] y) {
    return series(name, x, y, Style.JOINED, null);
  }

  public Panel line(String name, double[] x, double[] y) {
    return series(name, x, y, Style.LINE, null);
  }

  public Panel fit(String name, double[] x, double[] y) {
    return series(name, x, y, Style.FIT, null);
  }

  public Panel marked(String name, double[] x, double[] y) {
    return series(name, x, y, Style.MARKED, null);
  }

  /** Any series; x and y must have the same length. {@code name} null keeps it out of the legend. */
  public Panel series(String name, double[] x, double[] y, Style style, Color colour) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length
          + " y values");
    }
    series.add(new Series(name, x.clone(), y.clone(), style, colour));
    return this;
  }

  /** No series has a point with finite x and y (a point a linear axis could show). */
  boolean isEmpty() {
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
          return false;
        }
      }
    }
    return true;
  }
}
