package org.grokmeter.cli.plot;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.util.Matrix;

/**
 * A figure as a one-page vector PDF (Apache PDFBox): paths for lines and markers, real text in
 * DejaVu Sans embedded as a subset (only the glyphs used), so the file is small, searchable and
 * prints as drawn anywhere.
 */
final class PdfCanvas implements Canvas {

  /** Control-point distance of a cubic Bézier quarter circle. */
  private static final double KAPPA = 0.5522847498307936;

  /**
   * Held from a PDF's start to its last byte: the parsed font is shared (parsing it per figure cost
   * more than drawing) and reads its tables lazily, which is not thread-safe.
   */
  static final Object FONT_LOCK = new Object();
  private static TrueTypeFont parsed;

  private final PDDocument doc;
  private final PDPageContentStream cs;
  private final PDType0Font font;
  private final double height;
  private boolean clipped;

  PdfCanvas(double width, double height, long documentId) {
    this.height = height;
    try {
      doc = new PDDocument();
      // a fixed document id: the trailer's /ID derives from it, not from the clock (same figure, same bytes)
      doc.setDocumentId(documentId);
      PDPage page = new PDPage(new PDRectangle((float) width, (float) height));
      doc.addPage(page);
      font = PDType0Font.load(doc, parsedFont(), true);
      cs = new PDPageContentStream(doc, page);
      cs.setLineJoinStyle(1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a PDF: " + e.getMessage(), e);
    }
  }

  private static TrueTypeFont parsedFont() throws IOException {
    synchronized (FONT_LOCK) {
      if (parsed == null) {
        parsed = new TTFParser().parse(new RandomAccessReadBuffer(withoutTable(Text.fontBytes(), "GSUB")));
      }
      return parsed;
    }
  }

  /**
   * The font file without one table. PDFBox applies a font's glyph substitutions (GSUB) to every
   * string it shows, rebuilding regular expressions each time: that was a third of a PDF's cost.
   * Without them the PDF shows the same glyphs as the PNG (Java2D substitutes none) and as the
   * widths the layout measured.
   */
  static byte[] withoutTable(byte[] font, String tag) {
    int tables = ((font[4] & 0xff) << 8) | (font[5] & 0xff);
    byte[] name = tag.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 0; i < tables; i++) {
      int at = 12 + 16 * i;
      if (java.util.Arrays.equals(font, at, at + 4, name, 0, 4)) {
        // the directory loses the record; the table data stay where they are (offsets are absolute)
        byte[] out = font.clone();
        System.arraycopy(font, at + 16, out, at, 16 * (tables - 1 - i));
        java.util.Arrays.fill(out, 12 + 16 * (tables - 1), 12 + 16 * tables, (byte) 0);
        out[4] = (byte) ((tables - 1) >>> 8);
        out[5] = (byte) (tables - 1);
        return out;
      }
    }
    return font;
  }

  private float fx(double x) {
    return (float) x;
  }

  private float fy(double y) {
    return (float) (height - y);
  }

  private void stroke(Color colour, double width, double[] dash, int cap) throws IOException {
    cs.setStrokingColor(colour);
    cs.setLineWidth((float) width);
    cs.setLineCapStyle(cap);
    if (dash == null) {
      cs.setLineDashPattern(new float[0], 0);
    } else {
      float[] d = new float[dash.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) dash[i];
      }
      cs.setLineDashPattern(d, 0);
    }
  }

  @Override
  public void polyline(double[] x, double[] y, int n, Color colour, double width, double[] dash) {
    try {
      stroke(colour, width, dash, dash == null ? 1 : 0);
      boolean down = false;
      boolean any = false;
      for (int i = 0; i < n; i++) {
        if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
          down = false;
        } else if (down) {
          cs.lineTo(fx(x[i]), fy(y[i]));
        } else {
          cs.moveTo(fx(x[i]), fy(y[i]));
          down = any = true;
        }
      }
      if (any) {
        cs.stroke();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void segments(double[] xy, int n, Color colour, double width) {
    if (n == 0) {
      return;
    }
    try {
      stroke(colour, width, null, 0);
      for (int i = 0; i < n; i++) {
        cs.moveTo(fx(xy[4 * i]), fy(xy[4 * i + 1]));
        cs.lineTo(fx(xy[4 * i + 2]), fy(xy[4 * i + 3]));
      }
      cs.stroke();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void circles(double[] x, double[] y, int n, double r, Color fill, Color edge, double edgeWidth) {
    if (n == 0) {
      return;
    }
    try {
      if (fill != null) {
        cs.setNonStrokingColor(fill);
      }
      if (edge != null) {
        stroke(edge, edgeWidth, null, 0);
      }
      for (int i = 0; i < n; i++) {
        circle(x[i], fy(y[i]), r);
        if (fill != null && edge != null) {
          cs.fillAndStroke();
        } else if (fill != null) {
          cs.fill();
        } else {
          cs.stroke();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void circle(double cx, double cy, double r) throws IOException {
    double k = KAPPA * r;
    cs.moveTo((float) (cx + r), (float) cy);
    cs.curveTo((float) (cx + r), (float) (cy + k), (float) (cx + k), (float) (cy + r), (float) cx, (float) (cy + r));
    cs.curveTo((float) (cx - k), (float) (cy + r), (float) (cx - r), (float) (cy + k), (float) (cx - r), (float) cy);
    cs.curveTo((float) (cx - r), (float) (cy - k), (float) (cx - k), (float) (cy - r), (float) cx, (float) (cy - r));
    cs.curveTo((float) (cx + k), (float) (cy - r), (float) (cx + r), (float) (cy - k), (float) (cx + r), (float) cy);
    cs.closePath();
  }

  @Override
  public void rect(double x, double y, double w, double h, Color fill, Color stroke, double width) {
    try {
      if (fill != null) {
        cs.setNonStrokingColor(fill);
      }
      if (stroke != null) {
        stroke(stroke, width, null, 0);
      }
      cs.addRect(fx(x), fy(y + h), (float) w, (float) h);
      if (fill != null && stroke != null) {
        cs.fillAndStroke();
      } else if (fill != null) {
        cs.fill();
      } else if (stroke != null) {
        cs.stroke();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void text(String markup, double x, double y, double size, boolean vertical, Color colour) {
    try {
      cs.beginText();
      cs.setNonStrokingColor(colour);
      cs.setTextMatrix(vertical ? new Matrix(0, 1, -1, 0, fx(x), fy(y)) : Matrix.getTranslateInstance(fx(x), fy(y)));
      for (Text.Run r : Text.parse(markup)) {
        cs.setFont(font, (float) Text.runSize(r, size));
        cs.setTextRise((float) Text.rise(r, size));
        cs.showText(r.text());
      }
      cs.endText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void clip(double x, double y, double w, double h) {
    unclip();
    try {
      cs.saveGraphicsState();
      cs.addRect(fx(x), fy(y + h), (float) w, (float) h);
      cs.clip();
      clipped = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void unclip() {
    if (clipped) {
      try {
        cs.restoreGraphicsState();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      clipped = false;
    }
  }

  @Override
  public void finish(OutputStream out) throws IOException {
    unclip();
    cs.close();
    // a stream, not the file: PDFBox warns on overwriting a file, and redrawing a figure overwrites it
    try (doc) {
      doc.save(out);
    }
  }
}
