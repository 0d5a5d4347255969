package org.grokmeter.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One x–y figure drawn with XChart and saved as PNG and/or SVG. The few styles grokmeter's figures
 * need: points, points joined by lines, solid and dashed curves; optional log axes.
 */
public final class Figure {

  /** Colour cycle shared by all figures (matplotlib's "tab10", so figures read like the paper's). */
  public static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf)};

  private static final BasicStroke DASHED =
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f);

  private final XYChart chart;
  private int seriesCount;

  public Figure(String title, String xLabel, String yLabel) {
    this(title, xLabel, yLabel, 800, 600);
  }

  public Figure(String title, String xLabel, String yLabel, int width, int height) {
    chart = new XYChartBuilder().width(width).height(height).title(title)
        .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    Styler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.InsideNE);
    styler.setAntiAlias(true);
    chart.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
  }

  public Figure logX() {
    chart.getStyler().setXAxisLogarithmic(true);
    return this;
  }

  public Figure logY() {
    chart.getStyler().setYAxisLogarithmic(true);
    return this;
  }

  public Figure yRange(double min, double max) {
    chart.getStyler().setYAxisMin(min);
    chart.getStyler().setYAxisMax(max);
    return this;
  }

  public Figure legend(boolean visible) {
    chart.getStyler().setLegendVisible(visible);
    return this;
  }

  /** Markers only, one dot per point. */
  public Figure points(String name, double[] x, double[] y) {
    XYSeries s = add(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.CIRCLE);
    return this;
  }

  /** Markers joined by straight lines (the paper's linear-setting figures). */
  public Figure pointsJoined(String name, double[] x, double[] y) {
    XYSeries s = add(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.CIRCLE);
    return this;
  }

  /** A solid curve without markers. */
  public Figure line(String name, double[] x, double[] y) {
    XYSeries s = add(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
    return this;
  }

  /** A dashed curve without markers (fitted S-curves). */
  public Figure dashed(String name, double[] x, double[] y) {
    XYSeries s = add(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineStyle(DASHED);
    return this;
  }

  /** A dashed curve in the colour of the series drawn just before it (fit next to its data). */
  public Figure dashedSameColour(String name, double[] x, double[] y) {
    Color previous = PALETTE[(seriesCount - 1 + PALETTE.length) % PALETTE.length];
    XYSeries s = add(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineStyle(DASHED);
    s.setLineColor(previous);
    return this;
  }

  private XYSeries add(String name, double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
    }
    XYSeries s = chart.addSeries(name, x, y);
    Color c = PALETTE[seriesCount % PALETTE.length];
    s.setLineColor(c);
    s.setMarkerColor(c);
    s.setLineWidth(1.8f);
    seriesCount++;
    return s;
  }

  /** The underlying chart, for the rare figure that needs more. */
  public XYChart chart() {
    return chart;
  }

  /** Saves to {@code path}; the format follows the extension (.png or .svg). */
  public void save(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (name.endsWith(".png")) {
        BitmapEncoder.saveBitmapWithDPI(chart, path.toString(), BitmapEncoder.BitmapFormat.PNG, 144);
      } else if (name.endsWith(".svg")) {
        VectorGraphicsEncoder.saveVectorGraphic(chart, path.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      } else {
        throw new IllegalArgumentException("figure file '" + path + "' must end in .png or .svg");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write figure " + path + ": " + e.getMessage(), e);
    }
  }

  /** Saves {@code base}.png and {@code base}.svg (every figure of a reproduction comes in both). */
  public void saveBoth(Path dir, String baseName) {
    save(dir.resolve(baseName + ".png"));
    save(dir.resolve(baseName + ".svg"));
  }
}
