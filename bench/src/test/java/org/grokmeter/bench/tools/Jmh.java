package org.grokmeter.bench.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds synthetic JMH JSON result files shaped exactly like JMH 1.37 writes them. */
final class Jmh {

  private final List<String> results = new ArrayList<>();

  /** A result with score ± error (the interval is score ± error, as JMH computes it). */
  Jmh add(String benchmark, String mode, String unit, double score, double error, Map<String, String> params) {
    String p = params.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\" : \"" + e.getValue() + "\"")
        .collect(Collectors.joining(", ", "{ ", " }"));
    String err = Double.isNaN(error) ? "\"NaN\"" : num(error);
    String lo = Double.isNaN(error) ? "\"NaN\"" : num(score - error);
    String hi = Double.isNaN(error) ? "\"NaN\"" : num(score + error);
    results.add("""
        {
          "jmhVersion" : "1.37", "benchmark" : "%s", "mode" : "%s", "threads" : 1, "forks" : 1,
          "warmupIterations" : 2, "warmupTime" : "1 s", "measurementIterations" : 3, "measurementTime" : "1 s",
          %s
          "primaryMetric" : {
            "score" : %s, "scoreError" : %s, "scoreConfidence" : [ %s, %s ],
            "scoreUnit" : "%s", "rawData" : [ [ %s, %s, %s ] ]
          },
          "secondaryMetrics" : { }
        }""".formatted(benchmark, mode, params.isEmpty() ? "" : "\"params\" : " + p + ",",
        num(score), err, lo, hi, unit, num(score), num(score), num(score)));
    return this;
  }

  Jmh add(String benchmark, String mode, String unit, double score, double error) {
    return add(benchmark, mode, unit, score, error, Map.of());
  }

  String json() {
    return "[\n" + String.join(",\n", results) + "\n]\n";
  }

  Path write(Path dir, String name) {
    return write(dir, name, json());
  }

  static Path write(Path dir, String name, String text) {
    try {
      Path p = dir.resolve(name);
      Files.writeString(p, text);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.10g", v);
  }
}
