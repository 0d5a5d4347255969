package org.grokmeter.cli.plot;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;

/**
 * What a figure draws on, in points (1/72 in) with the origin at the top left: one implementation
 * per output format ({@link PngCanvas}, {@link SvgCanvas}, {@link PdfCanvas}), so every format shows
 * the same layout. Lines are single paths (a dash pattern runs on along the whole curve).
 */
interface Canvas {

  /** A polyline of the first {@code n} points; a NaN coordinate lifts the pen. {@code dash} null: solid. */
  void polyline(double[] x, double[] y, int n, Color colour, double width, double[] dash);

  /** {@code n} separate straight segments (x1, y1, x2, y2 each) stroked as one path: ticks, crosses. */
  void segments(double[] xy, int n, Color colour, double width);

  /** Circles of radius {@code r}: filled when {@code fill} is not null, outlined when {@code edge} is not null. */
  void circles(double[] x, double[] y, int n, double r, Color fill, Color edge, double edgeWidth);

  /** A rectangle, filled and/or outlined (either colour may be null). */
  void rect(double x, double y, double w, double h, Color fill, Color stroke, double width);

  /**
   * Marked-up text ({@link Text#parse}) starting at ({@code x}, {@code y}) on its baseline;
   * {@code vertical} turns it 90° counter-clockwise about that point (a y-axis label).
   */
  void text(String markup, double x, double y, double size, boolean vertical, Color colour);

  /** Restricts drawing to a rectangle until {@link #unclip()}. */
  void clip(double x, double y, double w, double h);

  void unclip();

  /** Writes the finished figure to {@code out} (the caller closes it). */
  void finish(OutputStream out) throws IOException;
}
