package org.grokmeter.experiment;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One parameter an {@link Experiment} accepts: its column name in {@code runs.csv} (e.g.
 * {@code input_size}), the key that gives its values in a sweep file and, in kebab case, on the
 * command line (e.g. {@code input_sizes} / {@code --input-sizes}), its type, default and the values
 * it allows.
 *
 * <p>Every value is reduced to a <em>canonical string</em> before it is used anywhere: integers in
 * decimal, doubles as {@link Double#toString(double)} (the shortest string that parses back to the
 * same double), strings as given. Run keys are hashes of these strings, so {@code 0.01}, {@code 1e-2}
 * and {@code 0.010} name the same run.
 *
 * <p>Instances are immutable; the {@code with…}-style methods return copies.
 */
public record Parameter(String name, String key, Type type, String defaultValue, double min,
    boolean minExclusive, double max, List<String> choices, String description, List<String> defaultList) {

  /** The value types a parameter may have. */
  public enum Type { INT, LONG, DOUBLE, STRING }

  /** Values one axis may have: ranges, lists and spaced ranges are refused beyond it. */
  public static final int MAX_VALUES = 1_000_000;

  /** Plain decimal numbers; Double.parseDouble would also take hex floats, "NaN" and "Infinity". */
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  /** Strings are restricted so that a value can never smuggle a path or a CSV delimiter. */
  private static final Pattern SAFE_STRING = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]*");

  public Parameter {
    Objects.requireNonNull(type, "type");
    if (!NAME.matcher(name).matches() || !NAME.matcher(key).matches()) {
      throw new IllegalArgumentException("parameter name and key must be snake_case: " + name + ", " + key);
    }
    choices = List.copyOf(choices);
    defaultList = defaultList == null ? null : List.copyOf(defaultList);
    description = description == null ? "" : description;
    if (defaultValue != null) {
      // a default must itself be a valid value; canonicalise it once here
      defaultValue = canonicalize(type, defaultValue, name, key, min, minExclusive, max, choices);
    }
  }

  /** An integer parameter (Java {@code int}). */
  public static Parameter integer(String name, String key, Integer defaultValue) {
    return new Parameter(name, key, Type.INT, defaultValue == null ? null : defaultValue.toString(),
        Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, List.of(), "", null);
  }

  /** A 64-bit integer parameter, e.g. a seed. */
  public static Parameter longInteger(String name, String key, Long defaultValue) {
    return new Parameter(name, key, Type.LONG, defaultValue == null ? null : defaultValue.toString(),
        Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, List.of(), "", null);
  }

  /** A finite double parameter. */
  public static Parameter real(String name, String key, Double defaultValue) {
    return new Parameter(name, key, Type.DOUBLE, defaultValue == null ? null : Double.toString(defaultValue),
        Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, List.of(), "", null);
  }

  /** A word chosen from a fixed list (e.g. a mode). */
  public static Parameter choice(String name, String key, String defaultValue, String... choices) {
    return new Parameter(name, key, Type.STRING, defaultValue, Double.NEGATIVE_INFINITY, false,
        Double.POSITIVE_INFINITY, List.of(choices), "", null);
  }

  /** Values must be {@code >= bound}. */
  public Parameter atLeast(double bound) {
    return new Parameter(name, key, type, defaultValue, bound, false, max, choices, description, defaultList);
  }

  /** Values must be {@code > 0}. */
  public Parameter positive() {
    return new Parameter(name, key, type, defaultValue, 0, true, max, choices, description, defaultList);
  }

  /** Values must be {@code <= bound}. */
  public Parameter atMost(double bound) {
    return new Parameter(name, key, type, defaultValue, min, minExclusive, bound, choices, description, defaultList);
  }

  public Parameter describedAs(String text) {
    return new Parameter(name, key, type, defaultValue, min, minExclusive, max, choices, text, defaultList);
  }

  /**
   * Several default values, as command-line text ({@code "25:45"}, {@code "0,1,2"}): the grid a
   * sweep gets when it does not mention this parameter (e.g. the paper's input sizes and seeds).
   */
  public Parameter withDefaults(String text) {
    return withDefaults(parseList(text));
  }

  /** Several default values (each checked and canonicalised), e.g. from {@link #linspace}. */
  public Parameter withDefaults(List<?> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(key + ": empty default list");
    }
    List<String> canon = values.stream().map(this::canonical).toList();
    return new Parameter(name, key, type, defaultValue, min, minExclusive, max, choices, description, canon);
  }

  /** The values used when a sweep does not give this parameter. */
  public List<String> defaults() {
    if (defaultList != null) {
      return defaultList;
    }
    if (defaultValue == null) {
      throw new IllegalArgumentException(key + ": required (no default)");
    }
    return List.of(defaultValue);
  }

  /** The command-line spelling of the key, e.g. {@code --input-sizes}. */
  public String option() {
    return "--" + key.replace('_', '-');
  }

  /**
   * Canonical string of one raw value (a {@link Number}, or a {@link String} as typed on the command
   * line or in a file). Throws {@link IllegalArgumentException} with one line naming the key and the
   * value when the value has the wrong type or is out of range.
   */
  public String canonical(Object raw) {
    return canonicalize(type, raw, name, key, min, minExclusive, max, choices);
  }

  /**
   * Expands one axis given as text: {@code A:B} (inclusive integer range), {@code A:B:STEP}
   * (integers), a comma list (whose elements may be ranges), or a single value. Doubles take comma lists or single values; use
   * {@link #linspace} for evenly spaced doubles.
   */
  public List<String> parseList(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      throw new IllegalArgumentException(key + ": empty list");
    }
    List<String> out = new ArrayList<>();
    for (String part : t.split(",", -1)) {
      String el = part.strip();
      if (el.isEmpty()) {
        throw new IllegalArgumentException(key + ": empty element in '" + text + "'");
      }
      if ((type == Type.INT || type == Type.LONG) && el.contains(":")) {
        expandRange(el, out);
      } else {
        out.add(canonical(el));
      }
      if (out.size() > MAX_VALUES) {
        throw new IllegalArgumentException(key + ": '" + text + "' has more than " + MAX_VALUES + " values");
      }
    }
    return out;
  }

  private void expandRange(String text, List<String> out) {
    String[] p = text.split(":", -1);
    if (p.length < 2 || p.length > 3) {
      throw new IllegalArgumentException(key + ": bad range '" + text + "' (want A:B or A:B:STEP)");
    }
    long a = parseLong(p[0]);
    long b = parseLong(p[1]);
    long step = p.length == 3 ? parseLong(p[2]) : 1;
    if (step <= 0) {
      throw new IllegalArgumentException(key + ": range step must be positive in '" + text + "'");
    }
    if (b < a) {
      throw new IllegalArgumentException(key + ": empty range '" + text + "'");
    }
    // b - a can exceed Long.MAX_VALUE (e.g. -9e18:9e18) and a + k*step can pass b: count in
    // unsigned arithmetic and step by index, so no sum ever wraps
    long count = Long.divideUnsigned(b - a, step);
    if (Long.compareUnsigned(count, MAX_VALUES) >= 0) {
      throw new IllegalArgumentException(key + ": range '" + text + "' has more than " + MAX_VALUES + " values");
    }
    for (long k = 0; k <= count; k++) {
      out.add(canonical(a + k * step));
    }
  }

  /** {@code points} evenly spaced doubles from {@code from} to {@code to}, both included (numpy's linspace). */
  public List<String> linspace(double from, double to, int points) {
    if (points < 1) {
      throw new IllegalArgumentException(key + ": points must be at least 1, got " + points);
    }
    if (points > MAX_VALUES) {
      throw new IllegalArgumentException(key + ": more than " + MAX_VALUES + " points");
    }
    List<String> out = new ArrayList<>(points);
    if (points == 1) {
      out.add(canonical(from));
      return out;
    }
    double step = (to - from) / (points - 1);
    for (int i = 0; i < points - 1; i++) {
      out.add(canonical(from + i * step));
    }
    out.add(canonical(to));
    return out;
  }

  private long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + s.strip() + "' is not an integer");
    }
  }

  private static String canonicalize(Type type, Object raw, String name, String key, double min,
      boolean minExclusive, double max, List<String> choices) {
    if (raw == null) {
      throw new IllegalArgumentException(key + ": missing value");
    }
    String shown = raw instanceof String s && !NUMBER.matcher(s.strip()).matches() ? "'" + s + "'"
        : String.valueOf(raw).strip();
    switch (type) {
      case INT, LONG -> {
        long v;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
          v = ((Number) raw).longValue();
        } else if (raw instanceof BigInteger b) {
          try {
            v = b.longValueExact();
          } catch (ArithmeticException e) {
            throw new IllegalArgumentException(key + ": " + shown + " is out of range");
          }
        } else if (raw instanceof String s) {
          try {
            v = Long.parseLong(s.strip());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": " + shown + " is not an integer");
          }
        } else {
          throw new IllegalArgumentException(key + ": " + shown + " is not an integer");
        }
        if (type == Type.INT && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
          throw new IllegalArgumentException(key + ": " + shown + " is out of range");
        }
        checkRange(key, shown, v, min, minExclusive, max);
        return Long.toString(v);
      }
      case DOUBLE -> {
        double v;
        if (raw instanceof Number n && !(raw instanceof BigDecimal)) {
          v = n.doubleValue();
        } else if (raw instanceof BigDecimal b) {
          v = b.doubleValue();
        } else if (raw instanceof String s) {
          String t = s.strip();
          // Double.parseDouble accepts hex floats and "NaN"; a parameter accepts plain decimals only
          if (!NUMBER.matcher(t).matches()) {
            throw new IllegalArgumentException(key + ": " + shown + " is not a number");
          }
          v = Double.parseDouble(t);
        } else {
          throw new IllegalArgumentException(key + ": " + shown + " is not a number");
        }
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException(key + ": " + shown + " is not finite");
        }
        checkRange(key, shown, v, min, minExclusive, max);
        return Double.toString(v == 0.0 ? 0.0 : v); // -0.0 and 0.0 are one run
      }
      case STRING -> {
        if (!(raw instanceof String s)) {
          throw new IllegalArgumentException(key + ": " + shown + " is not a word");
        }
        String v = s.strip().toLowerCase(Locale.ROOT);
        if (!choices.isEmpty() && !choices.contains(v)) {
          throw new IllegalArgumentException(key + ": " + shown + " is not one of " + String.join(", ", choices));
        }
        if (!SAFE_STRING.matcher(v).matches() || v.length() > 64) {
          throw new IllegalArgumentException(key + ": " + shown + " may only contain letters, digits, '_', '.', '+', '-'");
        }
        return v;
      }
      default -> throw new AssertionError(type);
    }
  }

  private static void checkRange(String key, String shown, double v, double min, boolean minExclusive, double max) {
    if (minExclusive ? !(v > min) : !(v >= min)) {
      throw new IllegalArgumentException(key + ": " + shown + " must be " + (minExclusive ? "> " : ">= ") + fmt(min));
    }
    if (!(v <= max)) {
      throw new IllegalArgumentException(key + ": " + shown + " must be <= " + fmt(max));
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
