package org.grokmeter.fit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads the independent reference data in the test resources (PyTorch curves, scipy and mpmath values). */
final class FitFixtures {
  private FitFixtures() {
  }

  /** A CSV as columns by header name (numbers parsed where possible, else NaN). */
  static Map<String, double[]> columns(String resource) {
    List<String[]> rows = rows(resource);
    String[] header = rows.get(0);
    Map<String, double[]> out = new HashMap<>();
    for (int c = 0; c < header.length; c++) {
      double[] col = new double[rows.size() - 1];
      for (int r = 1; r < rows.size(); r++) {
        String cell = c < rows.get(r).length ? rows.get(r)[c] : "";
        try {
          col[r - 1] = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
          col[r - 1] = Double.NaN;
        }
      }
      out.put(header[c], col);
    }
    return out;
  }

  static List<String[]> rows(String resource) {
    try (InputStream raw = FitFixtures.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String[]> rows = new ArrayList<>();
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          rows.add(line.split(",", -1));
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One row of scipy_fits.csv, by file name. */
  static Map<String, String> scipyRow(String resource, String key) {
    List<String[]> rows = rows(resource);
    String[] header = rows.get(0);
    for (String[] row : rows.subList(1, rows.size())) {
      if (row[0].equals(key)) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
          m.put(header[i], i < row.length ? row[i] : "");
        }
        return m;
      }
    }
    throw new IllegalStateException(key + " not in " + resource + ": " + Arrays.toString(header));
  }
}
