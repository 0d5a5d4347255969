package org.grokmeter.cli.plot;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Tick positions and labels, as a paper's figure shows them: linear steps of 1, 2 or 5 × 10ⁿ,
 * labels with just the decimals the step needs ("0.001", never ".001" or "1E-3"), a true minus sign
 * (U+2212), "2×10⁻⁵" where plain decimals would be unreadable, and on log axes every decade
 * labelled ("10⁻³") with unlabelled minor ticks at 2–9 × 10ⁿ; an axis spanning less than two
 * decades labels 1, 2 and 5 × 10ⁿ as well, so it never shows a single label.
 */
public final class Ticks {

  /** One tick: its value on the axis and its label, or null for an unlabelled minor tick. */
  public record Tick(double value, String label) {
    public boolean major() {
      return label != null;
    }
  }

  static final char MINUS = '\u2212';
  static final String TIMES = "\u00d7";
  private static final String SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";
  private static final char SUPERSCRIPT_MINUS = '\u207b';

  /** Plain decimals for labels whose largest magnitude lies in [10⁻³, 10⁵); a power of ten outside. */
  private static final double DECIMAL_MIN = 1e-3;
  private static final double DECIMAL_MAX = 1e5;

  private Ticks() {}

  /**
   * Ticks of a linear axis over [lo, hi]: the smallest step of 1, 2 or 5 × 10ⁿ that gives at most
   * {@code maxTicks} ticks.
   */
  public static List<Tick> linear(double lo, double hi, int maxTicks) {
    double span = hi - lo;
    if (!(span > 0) || !Double.isFinite(span)) {
      return List.of(new Tick(lo, linearLabel(lo, Math.max(Math.abs(lo), 1) / 10, Math.abs(lo))));
    }
    int max = Math.max(2, maxTicks);
    int exp = (int) Math.floor(Math.log10(span / max)) - 1;
    BigDecimal step = null;
    BigDecimal previous = null;
    while (step == null) {
      for (long m : new long[] {1, 2, 5}) {
        BigDecimal s = BigDecimal.valueOf(m).scaleByPowerOfTen(exp);
        long count = count(lo, hi, s.doubleValue());
        if (count <= max) {
          // never fewer than two ticks when a finer step gives them (even one more than asked)
          step = count < 2 && previous != null ? previous : s;
          break;
        }
        previous = s;
      }
      exp++;
    }
    // k·step in decimal arithmetic, so 3 × 0.1 is the tick 0.3 and not 0.30000000000000004
    double stepValue = step.doubleValue();
    long first = (long) Math.ceil(lo / stepValue - 1e-9);
    long last = (long) Math.floor(hi / stepValue + 1e-9);
    double maxAbs = Math.max(Math.abs(first * stepValue), Math.abs(last * stepValue));
    List<Tick> ticks = new ArrayList<>();
    for (long k = first; k <= last; k++) {
      double v = BigDecimal.valueOf(k).multiply(step).doubleValue();
      ticks.add(new Tick(v == 0 ? 0.0 : v, linearLabel(v, stepValue, maxAbs)));
    }
    return ticks;
  }

  private static long count(double lo, double hi, double step) {
    return (long) Math.floor(hi / step + 1e-9) - (long) Math.ceil(lo / step - 1e-9) + 1;
  }

  /** The label of {@code v} on a linear axis with tick spacing {@code step} and largest tick {@code maxAbs}. */
  static String linearLabel(double v, double step, double maxAbs) {
    if (maxAbs >= DECIMAL_MAX || maxAbs < DECIMAL_MIN) {
      if (v == 0) {
        return "0";
      }
      // k×10ⁿ with as many mantissa decimals as the step needs at this tick's exponent
      int e = (int) Math.floor(Math.log10(Math.abs(v)) + 1e-12);
      int decimals = Math.max(0, e - (int) Math.floor(Math.log10(step) + 1e-12));
      return scientific(v, e, decimals);
    }
    int decimals = Math.max(0, -(int) Math.floor(Math.log10(step) + 1e-12));
    return decimal(v, decimals);
  }

  /**
   * Ticks of a log axis over [lo, hi] (both positive): every decade labelled and minor ticks at
   * 2–9 × 10ⁿ; when fewer than two decades fall inside, 2 and 5 × 10ⁿ are labelled as well (and
   * 3, 4, 6, 7, 8, 9 × 10ⁿ when even that leaves fewer than three labels).
   */
  public static List<Tick> log(double lo, double hi) {
    int eLo = (int) Math.floor(Math.log10(lo) + 1e-12);
    int eHi = (int) Math.floor(Math.log10(hi) + 1e-12);
    List<Double> values = new ArrayList<>();
    List<Integer> mantissas = new ArrayList<>();
    for (int e = eLo; e <= eHi; e++) {
      for (int m = 1; m <= 9; m++) {
        double v = BigDecimal.valueOf(m).scaleByPowerOfTen(e).doubleValue();
        if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12)) {
          values.add(v);
          mantissas.add(m);
        }
      }
    }
    int decades = 0;
    int onesTwosFives = 0;
    for (int m : mantissas) {
      decades += m == 1 ? 1 : 0;
      onesTwosFives += m == 1 || m == 2 || m == 5 ? 1 : 0;
    }
    boolean[] labelled = new boolean[10];
    labelled[1] = true;
    if (decades < 2) {
      labelled[2] = labelled[5] = true;
      if (onesTwosFives < 3) {
        java.util.Arrays.fill(labelled, true);
      }
    }
    // many decades: minor ticks would only grey the axis
    boolean minor = eHi - eLo <= 8;
    double maxAbs = 0;
    double minAbs = Double.POSITIVE_INFINITY;
    for (int i = 0; i < values.size(); i++) {
      if (labelled[mantissas.get(i)]) {
        maxAbs = Math.max(maxAbs, values.get(i));
        minAbs = Math.min(minAbs, values.get(i));
      }
    }
    boolean decimal = minAbs >= DECIMAL_MIN && maxAbs < DECIMAL_MAX;
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      double v = values.get(i);
      int m = mantissas.get(i);
      if (labelled[m]) {
        int e = (int) Math.floor(Math.log10(v) + 1e-12);
        ticks.add(new Tick(v, decimal ? decimal(v, Math.max(0, -e)) : m == 1 ? power(e) : scientific(v, e, 0)));
      } else if (minor) {
        ticks.add(new Tick(v, null));
      }
    }
    return ticks;
  }

  /**
   * {@code v} rounded to at most {@code digits} significant digits, trailing zeros dropped, for titles
   * and legends: "1.0804", "1.003", "2.1×10⁻⁵", "−0.59".
   */
  public static String number(double v, int digits) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "\u221e" : MINUS + "\u221e";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(v).round(new java.math.MathContext(digits, RoundingMode.HALF_EVEN));
    double r = rounded.doubleValue();
    double a = Math.abs(r);
    int e = (int) Math.floor(Math.log10(a) + 1e-12);
    if (a >= DECIMAL_MAX || a < DECIMAL_MIN) {
      return scientific(r, e, Math.max(0, digits - 1));
    }
    // significant digits, not fixed decimals: "1.003", not "1.0030"
    String plain = rounded.stripTrailingZeros().toPlainString();
    return signed(plain);
  }

  /** "10⁻³", "10⁰", "10⁴". */
  static String power(int e) {
    return "10" + superscript(e);
  }

  static String superscript(int e) {
    StringBuilder b = new StringBuilder();
    String digits = Integer.toString(Math.abs(e));
    if (e < 0) {
      b.append(SUPERSCRIPT_MINUS);
    }
    for (char c : digits.toCharArray()) {
      b.append(SUPERSCRIPTS.charAt(c - '0'));
    }
    return b.toString();
  }

  /** {@code v} as mantissa×10ᵉ with {@code decimals} mantissa decimals, trailing zeros dropped ("2×10⁻⁵", "2.5×10⁸"). */
  private static String scientific(double v, int e, int decimals) {
    BigDecimal mantissa = new BigDecimal(v).scaleByPowerOfTen(-e).setScale(decimals, RoundingMode.HALF_EVEN)
        .stripTrailingZeros();
    if (mantissa.abs().compareTo(BigDecimal.TEN) >= 0) { // 9.99 rounded up to 10
      mantissa = mantissa.scaleByPowerOfTen(-1).stripTrailingZeros();
      e++;
    }
    return signed(mantissa.toPlainString()) + TIMES + power(e);
  }

  /** {@code v} with exactly {@code decimals} decimals and a true minus sign ("0.001", "−0.25", "1500"). */
  static String decimal(double v, int decimals) {
    String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    if (s.startsWith("-") && new BigDecimal(s).signum() == 0) {
      s = s.substring(1); // no "−0.0"
    }
    return signed(s);
  }

  private static String signed(String s) {
    return s.startsWith("-") ? MINUS + s.substring(1) : s;
  }
}
