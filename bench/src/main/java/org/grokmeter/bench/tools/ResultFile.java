package org.grokmeter.bench.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A JMH JSON result file ({@code -rf json}) and, when present, its provenance sidecar
 * ({@code NAME.provenance.json} next to {@code NAME.json}, written by {@code bench/run}).
 *
 * @param path where it was read from
 * @param results in file order, keys unique
 * @param nodes the raw JSON of each result, same order (for tools that rewrite files)
 * @param provenance the sidecar's facts (empty when there is no sidecar)
 */
public record ResultFile(Path path, List<BenchResult> results, List<JsonNode> nodes,
                         Map<String, String> provenance) {

  /** Reads NaN and Infinity whether JMH quoted them or not. */
  public static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  /** The sidecar path for a result file: {@code x.json} to {@code x.provenance.json}. */
  public static Path sidecar(Path resultFile) {
    String name = resultFile.getFileName().toString();
    String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return resultFile.resolveSibling(stem + ".provenance.json");
  }

  /** Reads and validates a JMH JSON file; every problem is a one-line {@link BadInputException}. */
  public static ResultFile read(Path path) {
    JsonNode root = readJson(path);
    if (!root.isArray()) {
      throw new BadInputException(path + ": not a JMH result file (expected a JSON array of results)");
    }
    if (root.isEmpty()) {
      throw new BadInputException(path + ": holds no benchmark results");
    }
    List<BenchResult> results = new ArrayList<>();
    List<JsonNode> nodes = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < root.size(); i++) {
      BenchResult r = parse(path, i, root.get(i));
      Integer previous = seen.putIfAbsent(r.key(), i);
      if (previous != null) {
        throw new BadInputException(path + ": result #" + (i + 1) + " repeats result #" + (previous + 1)
            + " (" + r.key() + ")");
      }
      results.add(r);
      nodes.add(root.get(i));
    }
    return new ResultFile(path, List.copyOf(results), List.copyOf(nodes), readProvenance(sidecar(path)));
  }

  static JsonNode readJson(Path path) {
    try {
      return JSON.readTree(Files.readString(path));
    } catch (NoSuchFileException e) {
      throw new BadInputException(path + ": no such file");
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage().lines().findFirst().orElse("malformed");
      var loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new BadInputException(path + ": not valid JSON" + where + ": " + msg, e);
    } catch (IOException e) {
      throw new BadInputException(path + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  private static Map<String, String> readProvenance(Path sidecar) {
    if (!Files.isRegularFile(sidecar)) {
      return Map.of();
    }
    JsonNode node = readJson(sidecar);
    if (!node.isObject()) {
      throw new BadInputException(sidecar + ": provenance must be a JSON object");
    }
    Map<String, String> facts = new LinkedHashMap<>();
    node.properties().forEach(e -> facts.put(e.getKey(), e.getValue().isValueNode()
        ? e.getValue().asText() : e.getValue().toString()));
    return Collections.unmodifiableMap(facts);
  }

  private static BenchResult parse(Path path, int index, JsonNode n) {
    String where = path + ": result #" + (index + 1);
    if (!n.isObject()) {
      throw new BadInputException(where + " is not a JSON object");
    }
    String benchmark = text(n, "benchmark", where);
    where += " (" + benchmark + ")";
    String mode = text(n, "mode", where);
    SortedMap<String, String> params = new TreeMap<>();
    JsonNode p = n.get("params");
    if (p != null && !p.isNull()) {
      if (!p.isObject()) {
        throw new BadInputException(where + ": 'params' is not an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        params.put(e.getKey(), e.getValue().asText());
      }
    }
    JsonNode m = n.get("primaryMetric");
    if (m == null || !m.isObject()) {
      throw new BadInputException(where + ": no 'primaryMetric'");
    }
    String unit = text(m, "scoreUnit", where + " primaryMetric");
    double score = number(m.get("score"), where + " primaryMetric.score");
    if (!Double.isFinite(score)) {
      throw new BadInputException(where + ": score is " + score);
    }
    double error = m.has("scoreError") ? number(m.get("scoreError"), where + " scoreError") : Double.NaN;
    double lower = Double.NaN;
    double upper = Double.NaN;
    JsonNode ci = m.get("scoreConfidence");
    if (ci != null && !ci.isNull()) {
      if (!ci.isArray() || ci.size() != 2) {
        throw new BadInputException(where + ": scoreConfidence is not a [lower, upper] pair");
      }
      lower = number(ci.get(0), where + " scoreConfidence[0]");
      upper = number(ci.get(1), where + " scoreConfidence[1]");
    }
    return new BenchResult(benchmark, mode, Collections.unmodifiableSortedMap(params), unit, score, error,
        lower, upper, forks(m, where));
  }

  /** Iteration scores per fork; for sample mode, each iteration's mean from its histogram. */
  private static List<List<Double>> forks(JsonNode metric, String where) {
    List<List<Double>> forks = new ArrayList<>();
    JsonNode raw = metric.get("rawData");
    JsonNode hist = metric.get("rawDataHistogram");
    if (raw != null && raw.isArray()) {
      for (JsonNode fork : raw) {
        List<Double> values = new ArrayList<>();
        for (JsonNode v : fork) {
          values.add(number(v, where + " rawData"));
        }
        forks.add(List.copyOf(values));
      }
    } else if (hist != null && hist.isArray()) {
      for (JsonNode fork : hist) {
        List<Double> values = new ArrayList<>();
        for (JsonNode iteration : fork) {
          double sum = 0;
          double count = 0;
          for (JsonNode pair : iteration) {
            double c = number(pair.get(1), where + " rawDataHistogram");
            sum += number(pair.get(0), where + " rawDataHistogram") * c;
            count += c;
          }
          values.add(count > 0 ? sum / count : Double.NaN);
        }
        forks.add(List.copyOf(values));
      }
    }
    return List.copyOf(forks);
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new BadInputException(where + ": missing '" + field + "'");
    }
    return v.asText();
  }

  static double number(JsonNode v, String where) {
    if (v == null || v.isNull()) {
      throw new BadInputException(where + " is missing");
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      try {
        return Double.parseDouble(v.asText());
      } catch (NumberFormatException e) {
        throw new BadInputException(where + " is not a number: '" + v.asText() + "'");
      }
    }
    throw new BadInputException(where + " is not a number");
  }

  /** Result by key. */
  public Map<String, BenchResult> byKey() {
    Map<String, BenchResult> m = new LinkedHashMap<>();
    results.forEach(r -> m.put(r.key(), r));
    return m;
  }

  /** A short label: the commit from the sidecar when known, else the file name. */
  public String label() {
    String commit = provenance.get("commit");
    return commit != null ? commit : path.getFileName().toString();
  }
}
