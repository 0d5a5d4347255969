package org.grokmeter.cli.io;

import org.grokmeter.UserInputException;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads training logs: CSV with a header row (plain or gzip-compressed, detected by its magic
 * bytes; UTF-8 with or without BOM; LF or CRLF), one time column and any number of value columns.
 * Also the single-series CSV that TensorBoard ({@code Wall time,Step,Value}) and Weights &amp; Biases
 * ({@code Step,<run> - <metric>}, optionally with {@code __MIN}/{@code __MAX} columns) export.
 *
 * <p>Everything wrong with a file is a {@link UserInputException} with one line naming the file (as
 * the user wrote it), the line and the column: missing or unreadable file, corrupt compression,
 * missing column, ragged row, empty or non-numeric cell, NaN/Inf, time not strictly increasing,
 * accuracy outside [0, 1], fewer than {@link #MIN_POINTS} rows.
 */
public final class CurveFiles {

  /** A fit needs at least this many points. */
  public static final int MIN_POINTS = 4;

  /** Time columns tried, in order, when none is named. */
  public static final List<String> DEFAULT_TIME = List.of("epoch", "step", "global_step", "iteration", "iter");

  private CurveFiles() {}

  /** Columns of one file: the time and the requested value columns, all checked. */
  public record Table(String file, String timeColumn, double[] time, Map<String, double[]> values) {
    public double[] column(String name) {
      return values.get(name);
    }
  }

  /** One accuracy series (for example one TensorBoard export). */
  public record Series(String file, String timeColumn, String valueColumn, double[] time, double[] values) {}

  /** What to do with a value column. */
  public enum Check {
    /** Any finite number. */
    FINITE,
    /** An accuracy: finite and within [0, 1]. */
    ACCURACY
  }

  /**
   * Reads {@code valueColumns} (all required) and the time column ({@code timeColumn}, or the first
   * of {@link #DEFAULT_TIME} present when null) of a CSV log.
   *
   * @param display the file name as the user wrote it, for messages
   */
  public static Table read(Path path, String display, String timeColumn, List<String> valueColumns, Check check) {
    Raw raw = parse(path, display);
    String time = timeColumn != null ? requireColumn(raw, timeColumn) : defaultTime(raw);
    Map<String, double[]> values = new LinkedHashMap<>();
    int[] cols = new int[valueColumns.size()];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = raw.index(requireColumn(raw, valueColumns.get(i)));
    }
    double[] t = numbers(raw, raw.index(time), Check.FINITE);
    checkIncreasing(raw, raw.index(time), t);
    for (int i = 0; i < cols.length; i++) {
      values.put(valueColumns.get(i), numbers(raw, cols[i], check));
    }
    return new Table(display, time, t, values);
  }

  /** The header of a CSV log (BOM stripped), to choose defaults. */
  public static List<String> header(Path path, String display) {
    return parse(path, display).header;
  }

  /**
   * Reads a single-series export. The time column is {@code timeColumn} or {@code Step}/{@code step}
   * (then the defaults of {@link #read}); the value column is {@code valueColumn}, or {@code Value}, or
   * the only column that is neither the time, {@code Wall time}, nor a W&amp;B {@code __MIN}/{@code __MAX}.
   */
  public static Series readSeries(Path path, String display, String timeColumn, String valueColumn, Check check) {
    Raw raw = parse(path, display);
    String time = timeColumn != null ? requireColumn(raw, timeColumn) : defaultTime(raw);
    String value;
    if (valueColumn != null) {
      value = requireColumn(raw, valueColumn);
    } else if (raw.find("Value") != null) {
      value = raw.find("Value");
    } else {
      List<String> candidates = new ArrayList<>();
      for (String h : raw.header) {
        String l = h.toLowerCase(Locale.ROOT);
        if (!h.equals(time) && !l.equals("wall time") && !l.equals("_step") && !l.endsWith("__min")
            && !l.endsWith("__max")) {
          candidates.add(h);
        }
      }
      if (candidates.size() != 1) {
        throw new UserInputException(display + ": line 1: cannot tell which column is the series (candidates: "
            + String.join(", ", candidates) + "); name it with --train/--val");
      }
      value = candidates.get(0);
    }
    double[] t = numbers(raw, raw.index(time), Check.FINITE);
    checkIncreasing(raw, raw.index(time), t);
    return new Series(display, time, value, t, numbers(raw, raw.index(value), check));
  }

  // ------------------------------------------------------------------------------------------

  private static String defaultTime(Raw raw) {
    for (String name : DEFAULT_TIME) {
      String h = raw.find(name);
      if (h != null) {
        return h;
      }
    }
    throw new UserInputException(raw.display + ": line 1: no time column (looked for "
        + String.join(", ", DEFAULT_TIME) + "; columns: " + String.join(", ", raw.header) + "); name it with --time");
  }

  private static String requireColumn(Raw raw, String name) {
    if (raw.index(name) < 0) {
      throw new UserInputException(raw.display + ": line 1: no column '" + name + "' (columns: "
          + String.join(", ", raw.header) + ")");
    }
    return name;
  }

  private static double[] numbers(Raw raw, int col, Check check) {
    String name = raw.header.get(col);
    double[] out = new double[raw.rows.size()];
    for (int r = 0; r < out.length; r++) {
      String cell = raw.rows.get(r)[col].strip();
      long line = raw.lines.get(r);
      String where = raw.display + ": line " + line + ", column " + (col + 1) + " (" + name + "): ";
      if (cell.isEmpty()) {
        throw new UserInputException(where + "empty cell");
      }
      double v;
      try {
        v = Double.parseDouble(cell);
      } catch (NumberFormatException e) {
        throw new UserInputException(where + "'" + abbreviate(cell) + "' is not a number");
      }
      if (!Double.isFinite(v)) {
        throw new UserInputException(where + "'" + cell + "' is not a finite number");
      }
      if (check == Check.ACCURACY && (v < 0.0 || v > 1.0)) {
        throw new UserInputException(where + "accuracy " + cell + " is outside [0, 1]");
      }
      out[r] = v;
    }
    return out;
  }

  private static void checkIncreasing(Raw raw, int col, double[] t) {
    for (int i = 1; i < t.length; i++) {
      if (!(t[i] > t[i - 1])) {
        throw new UserInputException(raw.display + ": line " + raw.lines.get(i) + ", column " + (col + 1) + " ("
            + raw.header.get(col) + "): time " + raw.rows.get(i)[col].strip() + " is not after "
            + raw.rows.get(i - 1)[col].strip() + " (line " + raw.lines.get(i - 1) + "); time must strictly increase");
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }

  /** The parsed text of a file: header (BOM stripped) and rows, with their line numbers. */
  private static final class Raw {
    final String display;
    final List<String> header;
    final List<String[]> rows = new ArrayList<>();
    final List<Long> lines = new ArrayList<>();

    Raw(String display, List<String> header) {
      this.display = display;
      this.header = header;
    }

    int index(String name) {
      return header.indexOf(name);
    }

    /** Exact name first, then case-insensitive. */
    String find(String name) {
      if (header.contains(name)) {
        return name;
      }
      for (String h : header) {
        if (h.equalsIgnoreCase(name)) {
          return h;
        }
      }
      return null;
    }
  }

  private static Raw parse(Path path, String display) {
    if (!Files.exists(path)) {
      throw new UserInputException(display + ": no such file");
    }
    if (Files.isDirectory(path)) {
      throw new UserInputException(display + ": is a directory, not a CSV file");
    }
    long line = 0;
    try (InputStream in = open(path, display);
         Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
             .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
         CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get().parse(reader)) {
      Iterator<CSVRecord> it = parser.iterator();
      Raw raw = null;
      while (true) {
        CSVRecord rec;
        try {
          if (!it.hasNext()) {
            break;
          }
          rec = it.next();
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
        line = parser.getCurrentLineNumber();
        if (raw == null) {
          List<String> header = new ArrayList<>();
          for (String h : rec) {
            header.add(header.isEmpty() ? stripBom(h).strip() : h.strip());
          }
          raw = new Raw(display, header);
          continue;
        }
        if (rec.size() != raw.header.size()) {
          throw new UserInputException(display + ": line " + line + ": " + rec.size() + " fields, but the header has "
              + raw.header.size());
        }
        String[] cells = new String[rec.size()];
        for (int i = 0; i < cells.length; i++) {
          cells[i] = rec.get(i);
        }
        raw.rows.add(cells);
        raw.lines.add(line);
      }
      if (raw == null) {
        throw new UserInputException(display + ": empty file (no header row)");
      }
      if (raw.rows.size() < MIN_POINTS) {
        throw new UserInputException(display + ": line " + (line + 1) + ": only " + raw.rows.size()
            + " data rows; a fit needs at least " + MIN_POINTS);
      }
      return raw;
    } catch (ZipException | EOFException e) {
      throw new UserInputException(display + ": line " + (line + 1) + ": corrupt or truncated gzip data ("
          + e.getMessage() + ")");
    } catch (CharacterCodingException e) {
      throw new UserInputException(display + ": line " + (line + 1) + ": not UTF-8 text");
    } catch (AccessDeniedException e) {
      throw new UserInputException(display + ": cannot read (permission denied)");
    } catch (NoSuchFileException e) {
      throw new UserInputException(display + ": no such file");
    } catch (IOException e) {
      throw new UserInputException(display + ": line " + (line + 1) + ": cannot read: " + e.getMessage());
    } catch (IllegalStateException | UncheckedIOException e) {
      // Commons CSV reports malformed quoting this way
      throw new UserInputException(display + ": line " + (line + 1) + ": malformed CSV: " + e.getMessage());
    }
  }

  /** Gzip is recognised by its magic bytes, so a misnamed file still reads. */
  private static InputStream open(Path path, String display) throws IOException {
    if (!Files.isReadable(path)) {
      throw new AccessDeniedException(path.toString());
    }
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new GZIPInputStream(in, 1 << 16);
    }
    if (display.endsWith(".gz")) {
      in.close();
      throw new ZipException("not in gzip format");
    }
    return in;
  }

  private static String stripBom(String s) {
    return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
  }
}
