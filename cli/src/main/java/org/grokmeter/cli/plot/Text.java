package org.grokmeter.cli.plot;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.font.FontRenderContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure text: one font (DejaVu Sans, matplotlib's default, shipped in the jar so every machine
 * draws and measures the same glyphs and the PDF can embed it) and a small markup for sub- and
 * superscripts: {@code R_{rel}}, {@code t^{*}}. Greek letters and other symbols are plain Unicode.
 */
final class Text {

  /** One stretch of text at one level: 0 on the baseline, −1 subscript, +1 superscript. */
  record Run(String text, int level) {}

  /** Sub- and superscripts: this fraction of the font size, shifted by these fractions of it. */
  static final double SCRIPT_SCALE = 0.7;
  static final double SUPER_RISE = 0.36;
  static final double SUB_DROP = 0.18;

  private static final String RESOURCE = "DejaVuSans.ttf";
  private static final FontRenderContext MEASURE = new FontRenderContext(null, true, true);
  /** Measured at a large size and scaled: advances are linear in the size with fractional metrics. */
  private static final float MEASURE_SIZE = 100f;

  private static volatile Font base;
  private static volatile byte[] bytes;

  private Text() {}

  /** The font file, for the PDF to embed. */
  static byte[] fontBytes() {
    byte[] b = bytes;
    if (b == null) {
      synchronized (Text.class) {
        if (bytes == null) {
          try (InputStream in = Text.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException("font resource " + RESOURCE + " missing from the jar");
            }
            bytes = in.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read font " + RESOURCE, e);
          }
        }
        b = bytes;
      }
    }
    return b;
  }

  /** The font at {@code size} points. */
  static Font font(double size) {
    Font f = base;
    if (f == null) {
      synchronized (Text.class) {
        if (base == null) {
          try {
            base = Font.createFont(Font.TRUETYPE_FONT, new java.io.ByteArrayInputStream(fontBytes()));
          } catch (FontFormatException | IOException e) {
            throw new IllegalStateException("cannot load font " + RESOURCE + ": " + e.getMessage(), e);
          }
        }
        f = base;
      }
    }
    return f.deriveFont((float) size);
  }

  /** Parses the markup: {@code _{…}} and {@code ^{…}} (one level, no nesting); a lone _ or ^ is literal. */
  static List<Run> parse(String s) {
    List<Run> runs = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if ((c == '_' || c == '^') && i + 1 < s.length() && s.charAt(i + 1) == '{') {
        int close = s.indexOf('}', i + 2);
        if (close > 0) {
          if (cur.length() > 0) {
            runs.add(new Run(cur.toString(), 0));
            cur.setLength(0);
          }
          runs.add(new Run(s.substring(i + 2, close), c == '_' ? -1 : 1));
          i = close + 1;
          continue;
        }
      }
      cur.append(c);
      i++;
    }
    if (cur.length() > 0) {
      runs.add(new Run(cur.toString(), 0));
    }
    return runs;
  }

  /** The text without markup (for CSV headers and accessibility titles). */
  static String plain(String s) {
    StringBuilder b = new StringBuilder();
    for (Run r : parse(s)) {
      b.append(r.text());
    }
    return b.toString();
  }

  static double runSize(Run r, double size) {
    return r.level() == 0 ? size : size * SCRIPT_SCALE;
  }

  /** Baseline shift of a run, upwards positive. */
  static double rise(Run r, double size) {
    return r.level() > 0 ? size * SUPER_RISE : r.level() < 0 ? -size * SUB_DROP : 0;
  }

  /** Advance width in points of plain text at {@code size}. */
  static double advance(String s, double size) {
    Font f = font(MEASURE_SIZE);
    return f.getStringBounds(s, MEASURE).getWidth() * size / MEASURE_SIZE;
  }

  /** Advance width in points of marked-up text at {@code size}. */
  static double width(String markup, double size) {
    double w = 0;
    for (Run r : parse(markup)) {
      w += advance(r.text(), runSize(r, size));
    }
    return w;
  }

  /** Cap height (digits, capitals) as a fraction of the size: centres labels on ticks. */
  static final double CAP_HEIGHT = 0.73;
  /** Descender depth as a fraction of the size. */
  static final double DESCENT = 0.24;
}
