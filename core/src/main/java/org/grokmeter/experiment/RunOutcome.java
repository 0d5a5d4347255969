package org.grokmeter.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What one run produced: the values of the experiment's result columns, a status ({@code ok}
 * unless the experiment says otherwise, e.g. {@code did_not_grok}), and named curves (columns of
 * equal length, written to {@code curves/<label>.csv}).
 *
 * <p>Values are stored as the strings written to the CSV: doubles as {@link Double#toString}
 * (round-trip), floats as {@link Float#toString}, integers in decimal.
 */
public final class RunOutcome {

  static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

  private final Map<String, String> values;
  private final String status;
  private final Map<String, Object> curves;
  private final int curveLength;

  private RunOutcome(Builder b) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
    this.status = b.status;
    this.curves = Collections.unmodifiableMap(new LinkedHashMap<>(b.curves));
    this.curveLength = b.curveLength;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Result column → CSV text. */
  public Map<String, String> values() {
    return values;
  }

  public String status() {
    return status;
  }

  /** Curve name → primitive array ({@code double[]}, {@code float[]}, {@code int[]} or {@code long[]}). */
  public Map<String, Object> curves() {
    return curves;
  }

  /** Length shared by all curves (0 when there are none). */
  public int curveLength() {
    return curveLength;
  }

  /** Builds a {@link RunOutcome}; not thread-safe. */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Object> curves = new LinkedHashMap<>();
    private String status = "ok";
    private int curveLength = -1;

    private Builder() {}

    public Builder put(String column, double value) {
      return putText(column, Double.toString(value));
    }

    public Builder put(String column, float value) {
      return putText(column, Float.toString(value));
    }

    public Builder put(String column, long value) {
      return putText(column, Long.toString(value));
    }

    public Builder put(String column, int value) {
      return putText(column, Integer.toString(value));
    }

    /** A text value (one line; CSV quoting is the store's job). */
    public Builder put(String column, String value) {
      return putText(column, Sweep.oneLine(value));
    }

    private Builder putText(String column, String text) {
      if (values.putIfAbsent(column, text) != null) {
        throw new IllegalArgumentException("result column '" + column + "' set twice");
      }
      return this;
    }

    /** The run's status, e.g. {@code ok}, {@code did_not_grok}, {@code fit_failed}. */
    public Builder status(String value) {
      String s = Sweep.oneLine(value);
      if (s.isEmpty()) {
        throw new IllegalArgumentException("empty status");
      }
      status = s;
      return this;
    }

    public Builder curve(String name, double[] values) {
      return addCurve(name, values, values.length);
    }

    public Builder curve(String name, float[] values) {
      return addCurve(name, values, values.length);
    }

    public Builder curve(String name, int[] values) {
      return addCurve(name, values, values.length);
    }

    public Builder curve(String name, long[] values) {
      return addCurve(name, values, values.length);
    }

    private Builder addCurve(String name, Object array, int length) {
      if (!COLUMN.matcher(name).matches()) {
        throw new IllegalArgumentException("bad curve name '" + name + "'");
      }
      if (curveLength >= 0 && length != curveLength) {
        throw new IllegalArgumentException("curve '" + name + "' has " + length + " points, the others "
            + curveLength);
      }
      if (curves.putIfAbsent(name, array) != null) {
        throw new IllegalArgumentException("curve '" + name + "' set twice");
      }
      curveLength = length;
      return this;
    }

    public RunOutcome build() {
      if (curveLength < 0) {
        curveLength = 0;
      }
      return new RunOutcome(this);
    }
  }
}
