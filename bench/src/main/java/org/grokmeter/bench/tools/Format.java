package org.grokmeter.bench.tools;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/** Number and table formatting shared by the tools. */
final class Format {

  private Format() {}

  /** Four significant digits, plain notation for everyday magnitudes. */
  static String num(double x) {
    if (Double.isNaN(x)) {
      return "NaN";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (x == 0) {
      return "0";
    }
    double a = Math.abs(x);
    if (a >= 1e7 || a < 1e-3) {
      return String.format(Locale.ROOT, "%.3e", x);
    }
    return new BigDecimal(x).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  /** Signed percentage with one decimal: {@code +4.2%}. */
  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%+.1f%%", 100 * fraction);
  }

  /** Score with its error bar: {@code 12.34 ± 0.5}, or {@code 12.34 ± ?} without an interval. */
  static String withError(double score, double lower, double upper) {
    if (!Double.isFinite(lower) || !Double.isFinite(upper)) {
      return num(score) + " ± ?";
    }
    return withHalfWidth(score, (upper - lower) / 2);
  }

  /**
   * The usual scientific rounding: the half-width to two significant digits and the value to the
   * same decimal place, so no digit is printed that the measurement cannot support.
   */
  static String withHalfWidth(double value, double half) {
    double a = Math.abs(value);
    if (!(half > 0) || !Double.isFinite(half) || a >= 1e7 || (a < 1e-3 && a != 0)) {
      return num(value) + " ± " + (Double.isFinite(half) ? num(Math.abs(half)) : "?");
    }
    BigDecimal e = new BigDecimal(half).round(new MathContext(2));
    if (e.precision() < 2) {
      e = e.setScale(e.scale() + 2 - e.precision());  // 2 -> 2.0, 0.5 -> 0.50
    }
    BigDecimal v = new BigDecimal(value).setScale(e.scale(), RoundingMode.HALF_EVEN);
    return plain(v) + " ± " + plain(e);
  }

  private static String plain(BigDecimal d) {
    return d.toPlainString();
  }

  /** A plain-text table with left-aligned columns separated by two spaces. */
  static String text(List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = header.get(c).length();
      for (List<String> row : rows) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    appendText(sb, header, width);
    for (List<String> row : rows) {
      appendText(sb, row, width);
    }
    return sb.toString();
  }

  private static void appendText(StringBuilder sb, List<String> cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      line.append(cells.get(c));
      if (c + 1 < cells.size()) {
        line.append(" ".repeat(width[c] - cells.get(c).length() + 2));
      }
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  /** A GitHub-flavoured Markdown table; numeric-looking columns are right-aligned. */
  static String markdown(List<String> header, List<List<String>> rows, boolean[] rightAlign) {
    StringBuilder sb = new StringBuilder();
    sb.append("| ").append(String.join(" | ", header.stream().map(Format::cell).toList())).append(" |\n");
    sb.append('|');
    for (int c = 0; c < header.size(); c++) {
      sb.append(rightAlign != null && rightAlign[c] ? "---:|" : "---|");
    }
    sb.append('\n');
    for (List<String> row : rows) {
      sb.append("| ").append(String.join(" | ", row.stream().map(Format::cell).toList())).append(" |\n");
    }
    return sb.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|");
  }
}
