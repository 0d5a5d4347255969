package org.grokmeter.fit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one schema of fit results in tables: the column names and cell formats that {@code grokmeter fit}
 * and the experiments' runs.csv share, so the same quantity has the same name everywhere.
 *
 * <p>Names: a quantity of one curve ends in {@code _train} or {@code _val} ({@code t_star_val}); its
 * standard error adds {@code _se} ({@code t_star_val_se}), its interval {@code _lo}/{@code _hi}; threshold
 * times are {@code t_first_<curve>} (first time at or above the threshold) and
 * {@code t_stable_<curve>} (held for k evaluations). Cells: an undefined value (a failed fit's
 * measures and errors, a threshold never reached) is {@code null} here and an empty cell in CSV
 * ({@code null} in JSON); counts are integers; other numbers are {@link Double#toString} (round-trip).
 *
 * <p>A run's measures m, R_rel, R_abs and their errors are undefined unless both fits converged; a
 * curve's errors and intervals are undefined unless its fit converged (its t* and s stay, to show
 * where the fit went).
 */
public final class FitColumns {

  /** How many columns per curve. */
  public enum Detail {
    /** Status, t*, s and their errors, start, iterations, threshold times (the experiments' runs.csv). */
    SUMMARY,
    /** Everything a fit reports: intervals, a, b, ν, R², χ², AIC/BIC, error model (grokmeter fit). */
    FULL
  }

  private FitColumns() {}

  /** t*, s of both curves and m, R_rel, R_abs (null where a curve is absent or a measure undefined). */
  public static Map<String, Object> measures(FitResult train, FitResult val, GrokkingMeasures g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("t_star_train", train == null ? null : train.jumpTime());
    m.put("s_train", train == null ? null : train.sharpness());
    m.put("t_star_val", val == null ? null : val.jumpTime());
    m.put("s_val", val == null ? null : val.sharpness());
    boolean ok = g != null && g.valid();
    m.put("m", ok ? g.relativeGap() : null);
    m.put("R_rel", ok ? g.relativeSharpness() : null);
    m.put("R_abs", ok ? g.absoluteSharpness() : null);
    return m;
  }

  /** The measures' standard errors, then each curve's columns at the given detail. */
  public static Map<String, Object> details(FitResult train, FitResult val, GrokkingMeasures g,
      ThresholdTimes thrTrain, ThresholdTimes thrVal, Detail detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    boolean ok = g != null && g.valid();
    m.put("m_se", ok ? g.relativeGapStdErr() : null);
    m.put("R_rel_se", ok ? g.relativeSharpnessStdErr() : null);
    m.put("R_abs_se", ok ? g.absoluteSharpnessStdErr() : null);
    if (detail == Detail.FULL) {
      // the wider of the two fits' quantiles; m and R_rel on the log scale of their ratios
      double q = ok ? Math.max(train.tQuantile(), val.tQuantile()) : Double.NaN;
      m.put("m_lo", ok ? g.relativeGapLow(q) : null);
      m.put("m_hi", ok ? g.relativeGapHigh(q) : null);
      m.put("R_rel_lo", ok ? g.relativeSharpnessLow(q) : null);
      m.put("R_rel_hi", ok ? g.relativeSharpnessHigh(q) : null);
      m.put("R_abs_lo", ok ? g.absoluteSharpness() - val.tQuantile() * g.absoluteSharpnessStdErr() : null);
      m.put("R_abs_hi", ok ? g.absoluteSharpness() + val.tQuantile() * g.absoluteSharpnessStdErr() : null);
    }
    curve(m, "train", train, thrTrain, detail);
    curve(m, "val", val, thrVal, detail);
    return m;
  }

  /** The column names of {@link #all} at this detail (without the optional bootstrap columns). */
  public static List<String> names(Detail detail) {
    return List.copyOf(all(null, null, null, null, null, detail).keySet());
  }

  /** {@link #measures} followed by {@link #details}. */
  public static Map<String, Object> all(FitResult train, FitResult val, GrokkingMeasures g, ThresholdTimes thrTrain,
      ThresholdTimes thrVal, Detail detail) {
    Map<String, Object> m = measures(train, val, g);
    m.putAll(details(train, val, g, thrTrain, thrVal, detail));
    return m;
  }

  private static void curve(Map<String, Object> m, String side, FitResult f, ThresholdTimes thr, Detail detail) {
    boolean none = f == null;
    boolean ok = !none && f.status().isConverged();
    boolean full = detail == Detail.FULL;
    m.put("status_" + side, none ? null : f.status().token());
    if (full) {
      m.put("form_" + side, none ? null : f.form().token());
    }
    m.put("t_star_" + side + "_se", ok ? f.jumpTimeStdErr() : null);
    m.put("s_" + side + "_se", ok ? f.sharpnessStdErr() : null);
    if (full) {
      m.put("t_star_" + side + "_lo", ok ? f.jumpTimeLow() : null);
      m.put("t_star_" + side + "_hi", ok ? f.jumpTimeHigh() : null);
      m.put("s_" + side + "_lo", ok ? f.sharpnessLow() : null);
      m.put("s_" + side + "_hi", ok ? f.sharpnessHigh() : null);
      m.put("a_" + side, none ? null : f.amplitude());
      m.put("a_" + side + "_se", ok ? f.amplitudeStdErr() : null);
      m.put("b_" + side, none ? null : f.offset());
      m.put("b_" + side + "_se", ok ? f.offsetStdErr() : null);
      m.put("nu_" + side, none ? null : f.shape());
      m.put("nu_" + side + "_se", ok ? f.shapeStdErr() : null);
      m.put("max_slope_" + side, none ? null : f.maxSlope());
      m.put("max_slope_" + side + "_se", ok ? f.maxSlopeStdErr() : null);
      m.put("rss_" + side, none ? null : f.rss());
      m.put("r2_" + side, none ? null : f.rSquared());
      m.put("aic_" + side, none ? null : f.aic());
      m.put("bic_" + side, none ? null : f.bic());
      m.put("points_" + side, none ? null : (long) f.points());
      m.put("errors_" + side, none ? null : f.errors().token());
      m.put("rho_" + side, none || f.influence() == null ? null : f.influence().residualAutocorrelation());
    }
    m.put("start_" + side, none ? null : f.startSource().token());
    m.put("iterations_" + side, none ? null : (long) f.iterations());
    m.put("t_first_" + side, thr == null ? null : time(thr.firstAbove()));
    m.put("t_stable_" + side, thr == null ? null : time(thr.stableAbove()));
    if (full && f != null && f.bootstrap() != null) {
      Bootstrap b = f.bootstrap();
      m.put("boot_n_" + side, (long) b.converged());
      m.put("t_star_" + side + "_boot_se", b.jumpTimeStdErr());
      m.put("s_" + side + "_boot_se", b.sharpnessStdErr());
      m.put("t_star_" + side + "_boot_lo", b.jumpTimeLow());
      m.put("t_star_" + side + "_boot_hi", b.jumpTimeHigh());
      m.put("s_" + side + "_boot_lo", b.sharpnessLow());
      m.put("s_" + side + "_boot_hi", b.sharpnessHigh());
    }
  }

  /** A recorded time: an integer when it is one (epochs, steps), else the double; null when NaN. */
  public static Object time(double t) {
    if (!Double.isFinite(t)) {
      return null;
    }
    if (t == Math.rint(t) && Math.abs(t) < 0x1p53) {
      return (long) t;
    }
    return t;
  }

  /**
   * The CSV text of a value: empty for null and non-finite numbers, integers in decimal, other
   * doubles by {@link Double#toString} (round-trip), text as is.
   */
  public static String cell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? Double.toString(d) : "";
    }
    if (v instanceof Float f) {
      return Float.isFinite(f) ? Float.toString(f) : "";
    }
    return v.toString();
  }

  /** Every value of {@code row} as {@link #cell} text, in order. */
  public static Map<String, String> cells(Map<String, Object> row) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : row.entrySet()) {
      out.put(e.getKey(), cell(e.getValue()));
    }
    return out;
  }
}
