package org.grokmeter.cli.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;

/**
 * A figure as SVG, written directly: text stays {@code <text>} (searchable, editable), each curve
 * is one {@code <path>} with its dash pattern, coordinates in points with two decimals.
 */
final class SvgCanvas implements Canvas {

  private final StringBuilder b = new StringBuilder(1 << 16);
  private int clips;
  private boolean clipped;

  SvgCanvas(double width, double height) {
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
    num(width).append("pt\" height=\"");
    num(height).append("pt\" viewBox=\"0 0 ");
    num(width).append(' ');
    num(height).append("\" font-family=\"'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif\">\n");
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
  }

  /** Two decimals, no exponent, no locale: 1/100 pt is far below what any viewer shows. */
  private StringBuilder num(double v) {
    long c = Math.round(v * 100);
    if (c < 0) {
      b.append('-');
      c = -c;
    }
    b.append(c / 100);
    long frac = c % 100;
    if (frac != 0) {
      b.append('.').append(frac / 10);
      if (frac % 10 != 0) {
        b.append(frac % 10);
      }
    }
    return b;
  }

  private StringBuilder colour(Color c) {
    return b.append(String.format("#%06x", c.getRGB() & 0xffffff));
  }

  @Override
  public void polyline(double[] x, double[] y, int n, Color colour, double width, double[] dash) {
    b.append("<path fill=\"none\" stroke=\"");
    colour(colour).append("\" stroke-width=\"");
    num(width).append("\" stroke-linejoin=\"round\"");
    if (dash != null) {
      b.append(" stroke-dasharray=\"");
      for (int i = 0; i < dash.length; i++) {
        num(dash[i]).append(i + 1 < dash.length ? " " : "");
      }
      b.append('"');
    } else {
      b.append(" stroke-linecap=\"round\"");
    }
    b.append(" d=\"");
    boolean down = false;
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
        down = false;
        continue;
      }
      b.append(down ? 'L' : 'M');
      num(x[i]).append(' ');
      num(y[i]);
      down = true;
    }
    b.append("\"/>\n");
  }

  @Override
  public void segments(double[] xy, int n, Color colour, double width) {
    if (n == 0) {
      return;
    }
    b.append("<path fill=\"none\" stroke=\"");
    colour(colour).append("\" stroke-width=\"");
    num(width).append("\" d=\"");
    for (int i = 0; i < n; i++) {
      b.append('M');
      num(xy[4 * i]).append(' ');
      num(xy[4 * i + 1]).append('L');
      num(xy[4 * i + 2]).append(' ');
      num(xy[4 * i + 3]);
    }
    b.append("\"/>\n");
  }

  @Override
  public void circles(double[] x, double[] y, int n, double r, Color fill, Color edge, double edgeWidth) {
    if (n == 0) {
      return;
    }
    b.append("<g fill=\"");
    if (fill == null) {
      b.append("none");
    } else {
      colour(fill);
    }
    b.append('"');
    if (edge != null) {
      b.append(" stroke=\"");
      colour(edge).append("\" stroke-width=\"");
      num(edgeWidth).append('"');
    }
    b.append(">\n");
    for (int i = 0; i < n; i++) {
      b.append("<circle cx=\"");
      num(x[i]).append("\" cy=\"");
      num(y[i]).append("\" r=\"");
      num(r).append("\"/>\n");
    }
    b.append("</g>\n");
  }

  @Override
  public void rect(double x, double y, double w, double h, Color fill, Color stroke, double width) {
    b.append("<rect x=\"");
    num(x).append("\" y=\"");
    num(y).append("\" width=\"");
    num(w).append("\" height=\"");
    num(h).append("\" fill=\"");
    if (fill == null) {
      b.append("none");
    } else {
      colour(fill);
    }
    b.append('"');
    if (stroke != null) {
      b.append(" stroke=\"");
      colour(stroke).append("\" stroke-width=\"");
      num(width).append('"');
    }
    b.append("/>\n");
  }

  @Override
  public void text(String markup, double x, double y, double size, boolean vertical, Color colour) {
    b.append("<text x=\"");
    num(x).append("\" y=\"");
    num(y).append("\" font-size=\"");
    num(size).append("\" fill=\"");
    colour(colour).append('"');
    if (vertical) {
      b.append(" transform=\"rotate(-90 ");
      num(x).append(' ');
      num(y).append(")\"");
    }
    b.append(" xml:space=\"preserve\">");
    double shift = 0; // the baseline offset in effect, downwards positive (SVG's dy)
    for (Text.Run r : Text.parse(markup)) {
      double want = -Text.rise(r, size);
      if (r.level() == 0 && want == shift) {
        escape(r.text());
        continue;
      }
      b.append("<tspan dy=\"");
      num(want - shift).append("\" font-size=\"");
      num(Text.runSize(r, size)).append("\">");
      escape(r.text());
      b.append("</tspan>");
      shift = want;
    }
    b.append("</text>\n");
  }

  private void escape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        default -> b.append(c);
      }
    }
  }

  @Override
  public void clip(double x, double y, double w, double h) {
    unclip();
    int id = ++clips;
    b.append("<clipPath id=\"c").append(id).append("\">");
    rect(x, y, w, h, Color.BLACK, null, 0);
    b.append("</clipPath>\n<g clip-path=\"url(#c").append(id).append(")\">\n");
    clipped = true;
  }

  @Override
  public void unclip() {
    if (clipped) {
      b.append("</g>\n");
      clipped = false;
    }
  }

  @Override
  public void finish(OutputStream out) throws IOException {
    unclip();
    b.append("</svg>\n");
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
  }
}
