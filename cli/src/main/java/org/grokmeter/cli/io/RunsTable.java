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
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
      List<String> header = p.getHeaderNames();
      List<List<String>> rows = new ArrayList<>();
      for (CSVRecord rec : p) {
        rows.add(rec.toList());
      }
      return new RunsTable(file, List.copyOf(header), rows);
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
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": row " + (row + 2) + ", column " + column + ": '" + t
          + "' is not a number");
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
