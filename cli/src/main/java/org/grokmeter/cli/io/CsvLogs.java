package org.grokmeter.cli.io;

import org.grokmeter.UserInputException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CSV logs, streamed: the header is read, the wanted columns are chosen, and each row then adds its
 * non-empty wanted cells to their series. Rows that share a time value merge (Lightning writes train
 * and val metrics on separate rows at the same step); an empty cell drops that point from that series
 * only (W&amp;B history exports are sparse); a series' time must strictly increase.
 */
final class CsvLogs {

  private CsvLogs() {}

  /** A log with a time column and named value columns. */
  static CurveFiles.Columns read(LogSource src, List<CurveFiles.Want> wants, CurveFiles.Options options) {
    try (CsvRecords csv = new CsvRecords(src.stream(), src.display())) {
      Header h = header(csv, src.display());
      int time = timeColumn(h, options.timeColumn(), List.of());
      Map<String, Integer> roles = new LinkedHashMap<>();
      List<String> firstNames = new ArrayList<>();
      for (CurveFiles.Want w : wants) {
        Integer col = null;
        for (String name : w.names()) {
          col = h.find(name);
          if (col != null) {
            break;
          }
        }
        if (col == null && w.explicit()) {
          throw h.noColumn(w.names().get(0));
        }
        if (col != null) {
          roles.put(w.role(), col);
        }
        if (!w.names().isEmpty()) {
          firstNames.add("'" + w.names().get(0) + "'");
        }
      }
      if (roles.isEmpty()) {
        throw new UserInputException(src.display() + ": line 1: no column " + String.join(" or ", firstNames)
            + " (columns: " + CurveFiles.list(h.names) + "); name them with --train/--val");
      }
      int[] cols = roles.values().stream().mapToInt(Integer::intValue).toArray();
      List<SeriesBuilder> series = stream(csv, h, time, cols, options.check());
      Map<String, CurveFiles.Curve> curves = new LinkedHashMap<>();
      int i = 0;
      for (String role : roles.keySet()) {
        SeriesBuilder b = series.get(i++);
        CurveFiles.checkEnough(src.display(), "line " + csv.nextLine(), b.column, b.size());
        curves.put(role, b.build(null));
      }
      return new CurveFiles.Columns(src.display(), h.names.get(time), curves);
    }
  }

  /**
   * A single-series export (TensorBoard {@code Wall time,Step,Value}; W&amp;B {@code Step,"<run> - <metric>"}
   * with {@code __MIN}/{@code __MAX}), possibly with several runs: one curve per run, in column order.
   */
  static List<CurveFiles.Curve> readSeries(LogSource src, String column, CurveFiles.Options options) {
    String display = src.display();
    try (CsvRecords csv = new CsvRecords(src.stream(), display)) {
      Header h = header(csv, display);
      int time = timeColumn(h, options.timeColumn(), List.of("Step"));
      List<Integer> cols = new ArrayList<>();
      List<String> runs = new ArrayList<>();
      if (column != null) {
        Integer exact = h.find(column);
        if (exact != null) {
          cols.add(exact);
          runs.add(null);
        } else {
          for (int c = 0; c < h.names.size(); c++) {
            String[] rm = runAndMetric(h.names.get(c));
            if (rm != null && rm[1].equals(column)) {
              cols.add(c);
              runs.add(rm[0]);
            }
          }
          if (cols.isEmpty()) {
            throw h.noColumn(column);
          }
        }
      } else if (h.find("Value") != null) {
        cols.add(h.find("Value"));
        runs.add(null);
      } else {
        List<Integer> candidates = new ArrayList<>();
        for (int c = 0; c < h.names.size(); c++) {
          String l = h.names.get(c).toLowerCase(Locale.ROOT);
          if (c != time && !l.equals("wall time") && !l.equals("_step") && !l.endsWith("__min")
              && !l.endsWith("__max")) {
            candidates.add(c);
          }
        }
        if (candidates.size() == 1) {
          cols.add(candidates.get(0));
          String[] rm = runAndMetric(h.names.get(candidates.get(0)));
          runs.add(rm == null ? null : rm[0]);
        } else {
          // a W&B chart with several runs: "<run> - <metric>" columns, all of one metric
          String metric = null;
          for (int c : candidates) {
            String[] rm = runAndMetric(h.names.get(c));
            if (rm == null || (metric != null && !metric.equals(rm[1]))) {
              metric = null;
              break;
            }
            metric = rm[1];
            cols.add(c);
            runs.add(rm[0]);
          }
          if (metric == null) {
            List<String> names = candidates.stream().map(h.names::get).toList();
            throw new UserInputException(display + ": line 1: cannot tell which column is the series (candidates: "
                + CurveFiles.list(names) + "); name it with --train/--val");
          }
        }
      }
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < runs.size(); i++) {
        if (runs.get(i) != null && seen.put(runs.get(i), cols.get(i)) != null) {
          throw new UserInputException(display + ": line 1: run '" + runs.get(i) + "' appears in two columns");
        }
      }
      List<SeriesBuilder> series = stream(csv, h, time, cols.stream().mapToInt(Integer::intValue).toArray(),
          options.check());
      List<CurveFiles.Curve> out = new ArrayList<>();
      for (int i = 0; i < series.size(); i++) {
        SeriesBuilder b = series.get(i);
        CurveFiles.checkEnough(display, "line " + csv.nextLine(), b.column, b.size());
        out.add(b.build(runs.get(i)));
      }
      return out;
    }
  }

  /** {@code "<run> - <metric>"} split at the last " - ", or null. */
  static String[] runAndMetric(String header) {
    int i = header.lastIndexOf(" - ");
    if (i <= 0 || i + 3 >= header.length()) {
      return null;
    }
    return new String[] {header.substring(0, i), header.substring(i + 3)};
  }

  // ------------------------------------------------------------------------------------------

  private static List<SeriesBuilder> stream(CsvRecords csv, Header h, int time, int[] cols, CurveFiles.Check check) {
    String display = h.display;
    boolean[] keep = new boolean[h.names.size()];
    keep[time] = true;
    List<SeriesBuilder> series = new ArrayList<>();
    for (int c : cols) {
      keep[c] = true;
      series.add(new SeriesBuilder(h.names.get(c), check));
    }
    SeriesBuilder.Counter total = new SeriesBuilder.Counter();
    List<String> rec = new ArrayList<>();
    while (csv.next(keep, rec)) {
      long line = csv.line();
      if (rec.size() != h.names.size()) {
        throw new UserInputException(display + ": line " + line + ": " + rec.size() + " fields, but the header has "
            + h.names.size());
      }
      double t = Double.NaN;
      String timeText = null;
      for (int k = 0; k < cols.length; k++) {
        int c = cols[k];
        String cell = rec.get(c).strip();
        if (cell.isEmpty()) {
          continue;
        }
        if (timeText == null) {
          timeText = rec.get(time).strip();
          Supplier<String> at = () -> h.at(line, time);
          if (timeText.isEmpty()) {
            throw new UserInputException(at.get() + ": empty time cell in a row with a value in '" + h.names.get(c)
                + "'");
          }
          t = CurveFiles.parse(timeText, at);
          if (!Double.isFinite(t)) {
            throw new UserInputException(at.get() + ": '" + timeText + "' is not a finite number");
          }
        }
        SeriesBuilder b = series.get(k);
        if (b.size() > 0 && !(t > b.lastTime())) {
          throw new UserInputException(h.at(line, time) + ": time " + timeText + " is not after "
              + Double.toString(b.lastTime()).replaceFirst("\\.0$", "") + " (line " + b.lastWhere() + ") in '"
              + b.column + "'; time must strictly increase (rows that share a time merge only when they fill"
              + " different columns)");
        }
        Supplier<String> at = () -> h.at(line, c);
        b.add(t, CurveFiles.parse(cell, at), cell, at, line, total);
      }
    }
    return series;
  }

  private static int timeColumn(Header h, String explicit, List<String> first) {
    if (explicit != null) {
      Integer c = h.find(explicit);
      if (c == null) {
        throw h.noColumn(explicit);
      }
      return c;
    }
    List<String> tried = new ArrayList<>(first);
    tried.addAll(CurveFiles.DEFAULT_TIME);
    for (String name : tried) {
      Integer c = h.find(name);
      if (c != null) {
        return c;
      }
    }
    throw new UserInputException(h.display + ": line 1: no time column (looked for "
        + String.join(", ", CurveFiles.DEFAULT_TIME) + "; columns: " + CurveFiles.list(h.names)
        + "); name it with --time");
  }

  private static Header header(CsvRecords csv, String display) {
    List<String> rec = csv.next();
    if (rec == null) {
      throw new UserInputException(display + ": empty file (no header row)");
    }
    List<String> names = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String r : rec) {
      String name = r.strip();
      Integer before = seen.put(name, names.size() + 1);
      if (before != null && !name.isEmpty()) {
        throw new UserInputException(display + ": line " + csv.line() + ": column " + (names.size() + 1) + " is named '"
            + name + "' like column " + before + "; column names must be unique");
      }
      names.add(name);
    }
    return new Header(display, names);
  }

  /** The header of a CSV log. */
  static final class Header {
    final String display;
    final List<String> names;

    Header(String display, List<String> names) {
      this.display = display;
      this.names = names;
    }

    /** Exact name first, then case-insensitive; the column index or null. */
    Integer find(String name) {
      int i = names.indexOf(name);
      if (i >= 0) {
        return i;
      }
      for (int c = 0; c < names.size(); c++) {
        if (names.get(c).equalsIgnoreCase(name)) {
          return c;
        }
      }
      return null;
    }

    String at(long line, int col) {
      return display + ": line " + line + ", column " + (col + 1) + " (" + names.get(col) + ")";
    }

    UserInputException noColumn(String name) {
      return new UserInputException(display + ": line 1: no column '" + name + "' (columns: " + CurveFiles.list(names)
          + ")");
    }
  }
}
