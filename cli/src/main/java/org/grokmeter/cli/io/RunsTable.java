package org.grokmeter.cli.io;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.io.NumberInput;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV table read whole (a sweep's {@code runs.csv}, or a run's curves file), with typed column
 * access. Empty cells read as NaN.
 */
public final class RunsTable {

  private final Path file;
  private final List<String> header;
  private final List<List<String>> rows;

  private RunsTable(Path file, List<String> header, List<List<String>> rows) {
    this.file = file;
    this.header = header;
    this.rows = rows;
  }

  public static RunsTable read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    RunsTable plain = readPlain(file, text);
    if (plain != null) {
      return plain;
    }
    try (Reader r = new java.io.StringReader(text);
         CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
      List<String> header = p.getHeaderNames();
      List<List<String>> rows = new ArrayList<>();
      for (CSVRecord rec : p) {
        rows.add(rec.toList());
      }
      return new RunsTable(file, List.copyOf(header), rows);
    }
  }

  /**
   * The common case, read without the CSV library: no quotes, no carriage returns, a header of
   * distinct non-empty names. Figures read a few curves files of thousands of rows each, and the
   * library's per-character lexer was most of a figure's cost. Null for anything else, which the
   * library reads (and reports) as RFC 4180 says.
   */
  private static RunsTable readPlain(Path file, String text) {
    if (text.isEmpty() || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0) {
      return null;
    }
    int end = text.indexOf('\n');
    List<String> header = split(text, 0, end < 0 ? text.length() : end);
    if (header.contains("") || new java.util.HashSet<>(header).size() != header.size()) {
      return null;
    }
    List<List<String>> rows = new ArrayList<>();
    int from = end < 0 ? text.length() : end + 1;
    while (from < text.length()) {
      int next = text.indexOf('\n', from);
      int to = next < 0 ? text.length() : next;
      rows.add(split(text, from, to));
      from = to + 1;
    }
    return new RunsTable(file, List.copyOf(header), rows);
  }

  private static List<String> split(String text, int from, int to) {
    List<String> cells = new ArrayList<>(8);
    int at = from;
    while (true) {
      int comma = text.indexOf(',', at);
      if (comma < 0 || comma >= to) {
        cells.add(text.substring(at, to));
        return cells;
      }
      cells.add(text.substring(at, comma));
      at = comma + 1;
    }
  }

  public Path file() {
    return file;
  }

  public List<String> header() {
    return header;
  }

  public int size() {
    return rows.size();
  }

  public boolean has(String column) {
    return header.contains(column);
  }

  public String text(int row, String column) {
    int c = index(column);
    List<String> r = rows.get(row);
    return c < r.size() ? r.get(c) : "";
  }

  public double number(int row, String column) {
    String t = text(row, column).strip();
    if (t.isEmpty()) {
      return Double.NaN;
    }
    try {
      return parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": row " + (row + 2) + ", column " + column + ": '" + t
          + "' is not a number");
    }
  }

  /**
   * {@link Double#parseDouble}'s value, to the bit, through jackson's shaded FastDoubleParser: the
   * curves files hold round-trip (17-digit) decimals, which the JDK's parser takes through big-integer
   * arithmetic, and a figure reads tens of thousands of them. Anything it rejects goes to the JDK's
   * parser, which decides and words the error.
   */
  static double parseDouble(String t) {
    try {
      return NumberInput.parseDouble(t, true);
    } catch (NumberFormatException e) {
      return Double.parseDouble(t);
    }
  }

  public double[] numbers(String column) {
    double[] v = new double[rows.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = number(i, column);
    }
    return v;
  }

  /** Row indices whose {@code status} starts with {@code ok} (e.g. {@code ok}, {@code ok_auto_start}). */
  public List<Integer> ok() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (text(i, "status").startsWith("ok")) {
        out.add(i);
      }
    }
    return out;
  }

  /** Status → number of rows, in order of first appearance. */
  public Map<String, Integer> statusCounts() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      m.merge(text(i, "status"), 1, Integer::sum);
    }
    return m;
  }

  private int index(String column) {
    int c = header.indexOf(column);
    if (c < 0) {
      throw new IllegalArgumentException(file + ": no column '" + column + "' (have " + header + ")");
    }
    return c;
  }
}
