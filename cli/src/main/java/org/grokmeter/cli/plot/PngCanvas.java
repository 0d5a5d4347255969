package org.grokmeter.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.OutputStream;

/** A figure as a PNG, drawn with Java2D at {@code dpi} and encoded by {@link PngWriter}. */
final class PngCanvas implements Canvas {

  private final BufferedImage image;
  private final Graphics2D g;

  PngCanvas(double width, double height, double dpi) {
    double scale = dpi / 72;
    image = new BufferedImage((int) Math.ceil(width * scale), (int) Math.ceil(height * scale),
        BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.scale(scale, scale);
  }

  private static BasicStroke stroke(double width, double[] dash) {
    if (dash == null) {
      return new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }
    float[] d = new float[dash.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) dash[i];
    }
    return new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, d, 0f);
  }

  @Override
  public void polyline(double[] x, double[] y, int n, Color colour, double width, double[] dash) {
    Path2D.Double p = new Path2D.Double(Path2D.WIND_NON_ZERO, n);
    boolean down = false;
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
        down = false;
      } else if (down) {
        p.lineTo(x[i], y[i]);
      } else {
        p.moveTo(x[i], y[i]);
        down = true;
      }
    }
    g.setColor(colour);
    g.setStroke(stroke(width, dash));
    g.draw(p);
  }

  @Override
  public void segments(double[] xy, int n, Color colour, double width) {
    Path2D.Double p = new Path2D.Double(Path2D.WIND_NON_ZERO, 2 * n);
    for (int i = 0; i < n; i++) {
      p.moveTo(xy[4 * i], xy[4 * i + 1]);
      p.lineTo(xy[4 * i + 2], xy[4 * i + 3]);
    }
    g.setColor(colour);
    g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
    g.draw(p);
  }

  @Override
  public void circles(double[] x, double[] y, int n, double r, Color fill, Color edge, double edgeWidth) {
    Ellipse2D.Double e = new Ellipse2D.Double();
    g.setStroke(new BasicStroke((float) edgeWidth));
    for (int i = 0; i < n; i++) {
      e.setFrame(x[i] - r, y[i] - r, 2 * r, 2 * r);
      if (fill != null) {
        g.setColor(fill);
        g.fill(e);
      }
      if (edge != null) {
        g.setColor(edge);
        g.draw(e);
      }
    }
  }

  @Override
  public void rect(double x, double y, double w, double h, Color fill, Color stroke, double width) {
    Rectangle2D.Double r = new Rectangle2D.Double(x, y, w, h);
    if (fill != null) {
      g.setColor(fill);
      g.fill(r);
    }
    if (stroke != null) {
      g.setColor(stroke);
      g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
      g.draw(r);
    }
  }

  @Override
  public void text(String markup, double x, double y, double size, boolean vertical, Color colour) {
    AffineTransform saved = g.getTransform();
    g.translate(x, y);
    if (vertical) {
      g.rotate(-Math.PI / 2);
    }
    g.setColor(colour);
    double at = 0;
    for (Text.Run r : Text.parse(markup)) {
      double s = Text.runSize(r, size);
      g.setFont(Text.font(s));
      g.drawString(r.text(), (float) at, (float) -Text.rise(r, size));
      at += Text.advance(r.text(), s);
    }
    g.setTransform(saved);
  }

  @Override
  public void clip(double x, double y, double w, double h) {
    g.setClip(new Rectangle2D.Double(x, y, w, h));
  }

  @Override
  public void unclip() {
    g.setClip(null);
  }

  @Override
  public void finish(OutputStream out) throws IOException {
    g.dispose();
    // TYPE_INT_RGB is one int per pixel, 0xRRGGBB, in a single bank
    SinglePixelPackedSampleModel sm = (SinglePixelPackedSampleModel) image.getSampleModel();
    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    PngWriter.write(pixels, 0, sm.getScanlineStride(), image.getWidth(), image.getHeight(), out);
  }
}
