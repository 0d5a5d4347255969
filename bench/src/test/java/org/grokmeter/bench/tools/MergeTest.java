package org.grokmeter.bench.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeTest {

  @TempDir
  Path dir;

  static String oneFork(String benchmark, double... values) {
    StringBuilder raw = new StringBuilder();
    for (double v : values) {
      raw.append(raw.isEmpty() ? "" : ", ").append(v);
    }
    return """
        [ { "benchmark" : "%s", "mode" : "avgt", "forks" : 1,
            "primaryMetric" : { "score" : 0, "scoreError" : "NaN", "scoreConfidence" : [ "NaN", "NaN" ],
                                "scoreUnit" : "us/op", "rawData" : [ [ %s ] ] },
            "secondaryMetrics" : { } } ]""".formatted(benchmark, raw);
  }

  @Test
  void poolsForksAndRecomputesTheStudentInterval() {
    Path a = Jmh.write(dir, "a.json", oneFork("x.Y.z", 1, 2, 3));
    Path b = Jmh.write(dir, "b.json", oneFork("x.Y.z", 4, 5, 6));
    JsonNode merged = Merge.merge(List.of(ResultFile.read(a), ResultFile.read(b)));
    assertEquals(1, merged.size());
    JsonNode m = merged.get(0).get("primaryMetric");
    assertEquals(2, merged.get(0).get("forks").asInt());
    assertEquals(3.5, m.get("score").asDouble(), 1e-12);
    // scipy: t.ppf(0.9995, 5) * std([1..6], ddof=1) / sqrt(6) = 5.246152991438178
    assertEquals(5.246152991438178, m.get("scoreError").asDouble(), 1e-9);
    assertEquals(3.5 - 5.246152991438178, m.get("scoreConfidence").get(0).asDouble(), 1e-9);
    assertEquals("[[1.0,2.0,3.0],[4.0,5.0,6.0]]", m.get("rawData").toString());
  }

  @Test
  void reproducesJmhsOwnIntervalOnARealRun() throws IOException {
    Path real = dir.resolve("real.json");
    try (InputStream in = getClass().getResourceAsStream("/jmh/ruler-quick.json")) {
      Files.copy(in, real);
    }
    ResultFile original = ResultFile.read(real);
    JsonNode merged = Merge.merge(List.of(original));
    for (int i = 0; i < original.results().size(); i++) {
      BenchResult r = original.results().get(i);
      JsonNode m = merged.get(i).get("primaryMetric");
      assertEquals(r.score(), m.get("score").asDouble(), 1e-9 * r.score());
      assertEquals(r.error(), m.get("scoreError").asDouble(), 1e-9 * r.error());
    }
  }

  @Test
  void mergedFileReadsBackAndKeepsForkOrder() throws IOException {
    Path a = Jmh.write(dir, "a.json", oneFork("x.Y.z", 10, 11));
    Path b = Jmh.write(dir, "b.json", oneFork("x.Y.z", 20, 21));
    Path out = dir.resolve("out.json");
    assertEquals(0, Merge.run(new String[] {out.toString(), b.toString(), a.toString()}, System.err));
    BenchResult r = ResultFile.read(out).results().get(0);
    assertEquals(List.of(List.of(20.0, 21.0), List.of(10.0, 11.0)), r.forks());
    assertEquals(15.5, r.score(), 1e-12);
    assertEquals(2, Merge.run(new String[] {out.toString(), dir.resolve("missing.json").toString()},
        new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
    Files.delete(out);
  }
}
