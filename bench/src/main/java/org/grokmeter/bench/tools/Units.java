package org.grokmeter.bench.tools;

import java.util.Map;

/** JMH score units: which direction is better, and conversion between time units. */
public final class Units {

  private static final Map<String, Double> SECONDS = Map.of(
      "ns", 1e-9, "us", 1e-6, "ms", 1e-3, "s", 1.0, "min", 60.0, "hr", 3600.0, "day", 86400.0);

  private Units() {}

  /**
   * True when a higher score is better (throughput, {@code ops/time}); false for time per
   * operation (avgt, sample, ss). The unit decides; the mode is the fallback for unknown units.
   */
  public static boolean higherIsBetter(String mode, String unit) {
    if (unit.startsWith("ops/")) {
      return true;
    }
    if (unit.endsWith("/op")) {
      return false;
    }
    return "thrpt".equals(mode);
  }

  /**
   * The factor that converts a score in {@code from} into {@code to}, e.g. 1000 from ms/op to us/op.
   *
   * @throws BadInputException when the units are not both known JMH time units of the same kind
   */
  public static double factor(String from, String to) {
    if (from.equals(to)) {
      return 1.0;
    }
    if (from.startsWith("ops/") && to.startsWith("ops/")) {
      return seconds(to.substring(4), to) / seconds(from.substring(4), from);
    }
    if (from.endsWith("/op") && to.endsWith("/op")) {
      return seconds(from.substring(0, from.length() - 3), from)
          / seconds(to.substring(0, to.length() - 3), to);
    }
    throw new BadInputException("units '" + from + "' and '" + to + "' cannot be converted");
  }

  /** Seconds per operation for a score in a time-per-op unit, or per ops/time unit. */
  public static double secondsPerOp(double score, String unit) {
    if (unit.startsWith("ops/")) {
      return seconds(unit.substring(4), unit) / score;
    }
    if (unit.endsWith("/op")) {
      return score * seconds(unit.substring(0, unit.length() - 3), unit);
    }
    throw new BadInputException("unit '" + unit + "' is neither ops/time nor time/op");
  }

  private static double seconds(String timeUnit, String whole) {
    Double s = SECONDS.get(timeUnit);
    if (s == null) {
      throw new BadInputException("unknown time unit in '" + whole + "'");
    }
    return s;
  }
}
