package org.grokmeter.bench.tools;

import java.util.List;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * One JMH result: a benchmark method in one mode with one combination of {@code @Param} values.
 *
 * @param benchmark the fully qualified method name as JMH prints it
 * @param mode JMH's short mode name: thrpt, avgt, sample or ss
 * @param params the {@code @Param} values, sorted by name
 * @param unit the score unit, e.g. {@code ops/s} or {@code us/op}
 * @param score the primary score
 * @param error half-width of JMH's confidence interval (99.9% by default); NaN when JMH had too
 *     few samples to compute one
 * @param lower lower end of JMH's scoreConfidence (NaN when unknown)
 * @param upper upper end of JMH's scoreConfidence (NaN when unknown)
 * @param forks measured iteration scores per fork, in the score unit (empty when absent)
 */
public record BenchResult(String benchmark, String mode, SortedMap<String, String> params, String unit,
                          double score, double error, double lower, double upper,
                          List<List<Double>> forks) {

  /** Identity for matching across files: method, mode and parameters. */
  public String key() {
    return benchmark + " [" + mode + "]" + paramsText();
  }

  /** Parameters as {@code {a=1, b=x}}, or the empty string when there are none. */
  public String paramsText() {
    if (params.isEmpty()) {
      return "";
    }
    return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", ", " {", "}"));
  }

  /** The method name without its package: {@code RulerBench.intHash}. */
  public String shortName() {
    int method = benchmark.lastIndexOf('.');
    int cls = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
    return benchmark.substring(cls + 1);
  }

  /** True for the calibration ruler, whose speed depends only on the machine. */
  public boolean isRuler() {
    return benchmark.contains(".ruler.");
  }

  /** True when JMH gave a usable confidence interval. */
  public boolean hasInterval() {
    return Double.isFinite(lower) && Double.isFinite(upper);
  }

  /** Half-width of the confidence interval relative to the score (NaN when unknown). */
  public double relativeError() {
    return hasInterval() ? (upper - lower) / 2 / Math.abs(score) : Double.NaN;
  }

  /** The same result with score and interval multiplied by {@code factor} (> 0). */
  public BenchResult scaled(double factor, String newUnit) {
    List<List<Double>> scaledForks = forks.stream()
        .map(f -> f.stream().map(v -> v * factor).toList()).toList();
    return new BenchResult(benchmark, mode, params, newUnit, score * factor, error * factor,
        lower * factor, upper * factor, scaledForks);
  }
}
