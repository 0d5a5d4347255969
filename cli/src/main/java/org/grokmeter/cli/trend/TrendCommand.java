package org.grokmeter.cli.trend;

import org.grokmeter.UserInputException;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.grokmeter.cli.io.Log;
import org.grokmeter.cli.io.CsvRecords;
import org.grokmeter.cli.io.LogSource;
import org.grokmeter.fit.TrendAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code grokmeter trend}: the paper's trend analysis (SPEC §1, Figures 5 and 6) on any table of runs
 * with {@code m}, {@code R_rel} and {@code R_abs} columns — {@code grokmeter fit} output, a sweep's
 * runs.csv, or a table of one's own. Per group and measure: the least-squares line log₁₀R = intercept +
 * slope·log₁₀m with standard errors, Pearson's r of log m with log R and its p-value, and the paper's
 * correlation of m with log R beside it.
 */
@Command(
    name = "trend",
    header = "The paper's trend of R_rel and R_abs against m over any set of runs (fit output, runs.csv, ...).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Reads tables of runs with columns m, R_rel and R_abs (CSV; a sweep folder means its runs.csv; - is"
            + " standard input) and prints, per group and measure, the log-log regression log10 R = intercept +"
            + " slope * log10 m with standard errors, Pearson's r of log m and log R with its p-value, and the"
            + " paper's correlation of m with log R (r_m_log_R, p_m_log_R).",
        "Rows with an empty m, or a status column that is not ok/converged, are skipped and counted on stderr;"
            + " runs with m or R not positive are left out and counted in 'excluded'."
    },
    footer = {
        "",
        "Examples:",
        "  grokmeter fit --percent logs/*.csv > fits.csv && grokmeter trend fits.csv",
        "  grokmeter trend --group-by weight_decay --figures figs/ mlp-out/",
        "",
        "Exit codes: 0 ok, 2 bad input (file, line, column named)."
    })
public final class TrendCommand implements Callable<Integer> {

  /** Columns of the output, in order. */
  public static final List<String> HEADER = List.of("group", "measure", "n", "slope", "slope_se", "intercept",
      "intercept_se", "r", "p", "r_m_log_R", "p_m_log_R", "excluded");

  @Parameters(paramLabel = "FILE", arity = "1..*",
      description = "Tables of runs (CSV), sweep folders (their runs.csv), or - for standard input.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--group-by", paramLabel = "COL",
      description = "One trend per value of this column (for example weight_decay or seed).")
  String groupBy;

  @Option(names = "--figures", paramLabel = "DIR",
      description = "Also draw Figures 2 and 5 for these runs (PNG and SVG), one series per group.")
  Path figures;

  @Option(names = "--max-bytes", paramLabel = "N", defaultValue = "1073741824",
      description = "Cap on the bytes read from one input (default ${DEFAULT-VALUE}).")
  long maxBytes;

  @Spec
  CommandSpec spec;

  /** The runs of one group: m, R_rel, R_abs. */
  public record Group(String name, double[] m, double[] relative, double[] absolute) {}

  @Override
  public Integer call() {
    if (maxBytes < 1) {
      throw new UserInputException("--max-bytes: must be >= 1, got " + maxBytes);
    }
    Map<String, List<double[]>> groups = new LinkedHashMap<>();
    for (Path f : files) {
      read(f, groups);
    }
    List<Group> sets = new ArrayList<>();
    for (Map.Entry<String, List<double[]>> e : groups.entrySet()) {
      List<double[]> runs = e.getValue();
      sets.add(new Group(e.getKey(), runs.stream().mapToDouble(r -> r[0]).toArray(),
          runs.stream().mapToDouble(r -> r[1]).toArray(), runs.stream().mapToDouble(r -> r[2]).toArray()));
    }
    if (sets.isEmpty()) {
      Log.info("trend: no usable runs");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(String.join(",", HEADER) + "\n");
    for (Group g : sets) {
      row(out, g.name(), "R_rel", TrendAnalysis.of(g.m(), g.relative()));
      row(out, g.name(), "R_abs", TrendAnalysis.of(g.m(), g.absolute()));
    }
    out.flush();
    if (figures != null) {
      TrendFigures.write(sets, groupBy, figures);
      Log.info("trend: figures in " + figures);
    }
    return 0;
  }

  private static void row(PrintWriter out, String group, String measure, TrendAnalysis t) {
    List<String> cells = List.of(csv(group), measure, Integer.toString(t.runs()), num(t.slope()),
        num(t.slopeStdErr()), num(t.intercept()), num(t.interceptStdErr()), num(t.pearsonLogLog()),
        num(t.pValueLogLog()), num(t.pearsonLinLog()), num(t.pValueLinLog()), Integer.toString(t.excluded()));
    out.print(String.join(",", cells) + "\n");
  }

  private static String num(double v) {
    return Double.toString(v);
  }

  private static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** A status that means the run's fits are good: ok, ok_auto_start, converged, converged_auto_start. */
  static boolean okStatus(String status) {
    String s = status.strip().toLowerCase(Locale.ROOT);
    return s.equals("ok") || s.startsWith("ok_") || s.equals("converged") || s.startsWith("converged_");
  }

  private void read(Path file, Map<String, List<double[]>> groups) {
    String display = file.toString();
    Path path = file;
    if (!display.equals(LogSource.STDIN) && Files.isDirectory(file)) {
      path = file.resolve("runs.csv");
      display = path.toString();
      if (!Files.exists(path)) {
        throw new UserInputException(file + ": a folder without runs.csv");
      }
    }
    int used = 0;
    int emptyM = 0;
    Map<String, Integer> badStatus = new LinkedHashMap<>();
    try (LogSource src = LogSource.open(path, display, maxBytes);
         CsvRecords csv = new CsvRecords(src.stream(), display)) {
      List<String> header = csv.next();
      if (header == null) {
        throw new UserInputException(display + ": empty file (no header row)");
      }
      header = header.stream().map(String::strip).toList();
      for (int i = 0; i < header.size(); i++) {
        int first = header.indexOf(header.get(i));
        if (first != i && !header.get(i).isEmpty()) {
          throw new UserInputException(display + ": line 1: column " + (i + 1) + " is named '" + header.get(i)
              + "' like column " + (first + 1) + "; column names must be unique");
        }
      }
      int m = column(header, "m", display);
      int rel = column(header, "R_rel", display);
      int abs = column(header, "R_abs", display);
      int status = header.indexOf("status");
      int group = groupBy == null ? -1 : column(header, groupBy, display);
      List<String> rec;
      while ((rec = csv.next()) != null) {
        long line = csv.line();
        if (rec.size() != header.size()) {
          throw new UserInputException(display + ": line " + line + ": " + rec.size() + " fields, but the header has "
              + header.size());
        }
        if (status >= 0 && !okStatus(rec.get(status))) {
          String s = rec.get(status).strip();
          String kind = s.isEmpty() ? "(empty)" : s.replaceFirst(":.*", "");
          badStatus.merge(kind, 1, Integer::sum);
          continue;
        }
        if (rec.get(m).isBlank()) {
          emptyM++;
          continue;
        }
        double[] run = {number(rec, m, header, display, line), number(rec, rel, header, display, line),
            number(rec, abs, header, display, line)};
        String g = group < 0 ? "all" : rec.get(group).strip();
        groups.computeIfAbsent(g, k -> new ArrayList<>()).add(run);
        used++;
      }
    }
    StringBuilder note = new StringBuilder("trend: " + display + ": " + used + " runs");
    if (emptyM > 0 || !badStatus.isEmpty()) {
      List<String> parts = new ArrayList<>();
      if (emptyM > 0) {
        parts.add(emptyM + " with an empty m");
      }
      badStatus.forEach((k, v) -> parts.add(v + " with status " + k));
      note.append("; skipped ").append(String.join(", ", parts));
    }
    Log.info(note.toString());
  }

  private static int column(List<String> header, String name, String display) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new UserInputException(display + ": line 1: no column '" + name + "' (columns: "
          + String.join(", ", header.size() > 30 ? header.subList(0, 30) : header) + (header.size() > 30 ? ", …" : "")
          + ")");
    }
    return i;
  }

  /** An empty R is NaN (left out of the regression and counted as excluded); text is an error. */
  private static double number(List<String> rec, int col, List<String> header, String display, long line) {
    String cell = rec.get(col).strip();
    if (cell.isEmpty()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw new UserInputException(display + ": line " + line + ", column " + (col + 1) + " (" + header.get(col)
          + "): '" + (cell.length() > 40 ? cell.substring(0, 37) + "..." : cell) + "' is not a number");
    }
  }
}
