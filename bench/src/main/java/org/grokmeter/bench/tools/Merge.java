package org.grokmeter.bench.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * {@code Merge OUT.json IN.json…}: one JMH result file from several runs of the same benchmarks.
 *
 * <p>{@code bench/ab} runs one fork per round and side; merging pools every fork's iterations and
 * recomputes score and interval exactly as JMH does (mean of all iterations; Student-t interval at
 * 99.9%), so the pooled file reads like a JMH run with that many forks. Forks keep their order, so
 * fork i of BASE and fork i of HEAD come from the same round.
 */
public final class Merge {

  /** JMH's default confidence level for scoreError and scoreConfidence. */
  static final double CONFIDENCE = 0.999;

  private Merge() {}

  public static void main(String[] args) {
    System.exit(run(args, System.err));
  }

  public static int run(String[] args, PrintStream err) {
    try {
      if (args.length < 2) {
        throw new BadInputException("usage: Merge OUT.json IN.json...");
      }
      List<ResultFile> inputs = new ArrayList<>();
      for (int i = 1; i < args.length; i++) {
        inputs.add(ResultFile.read(Path.of(args[i])));
      }
      JsonNode merged = merge(inputs);
      try {
        Files.writeString(Path.of(args[0]), ResultFile.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(merged));
      } catch (IOException e) {
        throw new BadInputException(args[0] + ": cannot write (" + e.getMessage() + ")");
      }
      return 0;
    } catch (BadInputException e) {
      err.println("merge: " + e.getMessage());
      return 2;
    }
  }

  /** Pools the forks of equal results (same key) across files; results keep first-seen order. */
  public static ArrayNode merge(List<ResultFile> inputs) {
    Map<String, ObjectNode> first = new LinkedHashMap<>();
    Map<String, List<List<Double>>> forks = new LinkedHashMap<>();
    Map<String, String> units = new LinkedHashMap<>();
    for (ResultFile f : inputs) {
      for (int i = 0; i < f.results().size(); i++) {
        BenchResult r = f.results().get(i);
        if (r.forks().isEmpty()) {
          throw new BadInputException(f.path() + ": " + r.key() + " has no rawData to merge");
        }
        String unit = units.putIfAbsent(r.key(), r.unit());
        BenchResult inUnit = unit == null || unit.equals(r.unit()) ? r : r.scaled(Units.factor(r.unit(), unit), unit);
        first.putIfAbsent(r.key(), (ObjectNode) f.nodes().get(i).deepCopy());
        forks.computeIfAbsent(r.key(), k -> new ArrayList<>()).addAll(inUnit.forks());
      }
    }
    ArrayNode out = ResultFile.JSON.createArrayNode();
    for (Map.Entry<String, ObjectNode> e : first.entrySet()) {
      ObjectNode node = e.getValue();
      List<List<Double>> all = forks.get(e.getKey());
      node.put("forks", all.size());
      ObjectNode metric = (ObjectNode) node.get("primaryMetric");
      Summary s = summarise(all);
      metric.put("score", s.mean);
      putMaybeNaN(metric, "scoreError", s.error);
      ArrayNode ci = metric.putArray("scoreConfidence");
      addMaybeNaN(ci, s.mean - s.error);
      addMaybeNaN(ci, s.mean + s.error);
      metric.remove("scorePercentiles");
      metric.remove("rawDataHistogram");
      metric.put("scoreUnit", units.get(e.getKey()));
      ArrayNode raw = metric.putArray("rawData");
      for (List<Double> fork : all) {
        ArrayNode a = raw.addArray();
        fork.forEach(a::add);
      }
      // Secondary metrics (e.g. profilers) are per run and cannot be pooled honestly.
      node.putObject("secondaryMetrics");
      out.add(node);
    }
    return out;
  }

  /** Mean and interval half-width of pooled iterations. */
  record Summary(double mean, double error, int n) {}

  static Summary summarise(List<List<Double>> forks) {
    double sum = 0;
    int n = 0;
    for (List<Double> f : forks) {
      for (double v : f) {
        sum += v;
        n++;
      }
    }
    double mean = sum / n;
    if (n < 2) {
      return new Summary(mean, Double.NaN, n);
    }
    double ss = 0;
    for (List<Double> f : forks) {
      for (double v : f) {
        ss += (v - mean) * (v - mean);
      }
    }
    double sd = Math.sqrt(ss / (n - 1));
    double t = TDistribution.of(n - 1).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
    return new Summary(mean, t * sd / Math.sqrt(n), n);
  }

  private static void putMaybeNaN(ObjectNode o, String field, double v) {
    if (Double.isFinite(v)) {
      o.put(field, v);
    } else {
      o.put(field, "NaN");
    }
  }

  private static void addMaybeNaN(ArrayNode a, double v) {
    if (Double.isFinite(v)) {
      a.add(v);
    } else {
      a.add("NaN");
    }
  }
}
