package org.grokmeter.cli.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.grokmeter.fit.TrendAnalysis;

/**
 * What the experiment commands ({@code mlp}, {@code linear}) write beside a finished result store:
 * whole files written atomically, and {@code trend.csv}.
 */
public final class SweepOutputs {

  private SweepOutputs() {}

  /** Writes via a temporary file and an atomic move, so a reader never sees half a file. */
  public static void writeText(Path path, String text) {
    try {
      Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(text);
      }
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /** The columns of every experiment's {@code trend.csv}. */
  public static final String TREND_HEADER = "measure,runs,excluded,slope,slope_se,intercept,intercept_se,"
      + "pearson_log_m_log_R,p_log_m_log_R,pearson_m_log_R,p_m_log_R";

  /**
   * {@code trend.csv}: one row per measure (R_rel, R_abs) with the log–log least-squares line and
   * both Pearson correlations, under {@link #TREND_HEADER} for every experiment (standard errors end
   * in {@code _se}, as in runs.csv).
   */
  public static String trendCsv(TrendAnalysis relative, TrendAnalysis absolute) {
    StringBuilder b = new StringBuilder(TREND_HEADER).append('\n');
    String[] names = {"R_rel", "R_abs"};
    TrendAnalysis[] trends = {relative, absolute};
    for (int i = 0; i < 2; i++) {
      TrendAnalysis t = trends[i];
      b.append(names[i]).append(',').append(t.runs()).append(',').append(t.excluded()).append(',')
          .append(t.slope()).append(',').append(t.slopeStdErr()).append(',').append(t.intercept()).append(',')
          .append(t.interceptStdErr()).append(',').append(t.pearsonLogLog()).append(',').append(t.pValueLogLog())
          .append(',').append(t.pearsonLinLog()).append(',').append(t.pValueLinLog()).append('\n');
    }
    return b.toString();
  }
}
