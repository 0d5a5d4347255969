package org.grokmeter.bench.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.grokmeter.bench.tools.Compare.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareTest {

  static final String GEMM = "org.grokmeter.bench.KernelBench.gemm";
  static final String STEP = "org.grokmeter.bench.MlpBench.step";
  static final String RULER_INT = "org.grokmeter.bench.ruler.RulerBench.intHash";
  static final String RULER_FMA = "org.grokmeter.bench.ruler.RulerBench.fmaChain";

  @TempDir
  Path dir;

  /** Exit code, stdout and stderr of one command-line run. */
  record Run(int exit, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Compare.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Run compare(Jmh base, Jmh head, String... options) {
    List<String> args = new ArrayList<>(List.of(base.write(dir, "base.json").toString(),
        head.write(dir, "head.json").toString()));
    args.addAll(Arrays.asList(options));
    return run(args.toArray(String[]::new));
  }

  Compare.Report report(Jmh base, Jmh head, Compare.Options options) {
    return Compare.compare(ResultFile.read(base.write(dir, "b.json")), ResultFile.read(head.write(dir, "h.json")),
        options);
  }

  static Verdict only(Compare.Report r) {
    assertEquals(1, r.rows().stream().filter(row -> !row.base().isRuler()).count());
    return r.rows().stream().filter(row -> !row.base().isRuler()).findFirst().orElseThrow().verdict();
  }

  // ------------------------------------------------------------------ verdicts

  @Test
  void clearRegressionInTimePerOpExitsOne() {
    Run r = compare(new Jmh().add(GEMM, "avgt", "us/op", 100, 2), new Jmh().add(GEMM, "avgt", "us/op", 120, 2));
    assertEquals(1, r.exit, r.out + r.err);
    assertTrue(r.out.contains("REGRESSION"), r.out);
    assertTrue(r.out.contains("+20.0%"), r.out);
    assertTrue(r.out.contains("verdict: 1 REGRESSION"), r.out);
    assertEquals("", r.err);
  }

  @Test
  void clearImprovementInThroughputExitsZero() {
    Run r = compare(new Jmh().add(GEMM, "thrpt", "ops/s", 1000, 10), new Jmh().add(GEMM, "thrpt", "ops/s", 1300, 10));
    assertEquals(0, r.exit, r.out);
    assertTrue(r.out.contains("improvement"), r.out);
    assertTrue(r.out.contains("verdict: no regression (1 improved"), r.out);
  }

  @Test
  void directionFollowsTheUnit() {
    // The same numbers mean opposite things: more ops/s is faster, more us/op is slower.
    Compare.Options o = Compare.Options.defaults();
    assertEquals(Verdict.IMPROVEMENT, only(report(new Jmh().add(GEMM, "thrpt", "ops/s", 100, 1),
        new Jmh().add(GEMM, "thrpt", "ops/s", 120, 1), o)));
    assertEquals(Verdict.REGRESSION, only(report(new Jmh().add(GEMM, "avgt", "us/op", 100, 1),
        new Jmh().add(GEMM, "avgt", "us/op", 120, 1), o)));
    assertEquals(Verdict.REGRESSION, only(report(new Jmh().add(GEMM, "thrpt", "ops/ms", 100, 1),
        new Jmh().add(GEMM, "thrpt", "ops/ms", 80, 1), o)));
    assertEquals(Verdict.IMPROVEMENT, only(report(new Jmh().add(GEMM, "sample", "ms/op", 10, 0.1),
        new Jmh().add(GEMM, "sample", "ms/op", 8, 0.1), o)));
    assertEquals(Verdict.REGRESSION, only(report(new Jmh().add(GEMM, "ss", "s/op", 1, 0.01),
        new Jmh().add(GEMM, "ss", "s/op", 1.5, 0.01), o)));
  }

  @Test
  void noiseWithinErrorBarsIsNotARegression() {
    // 10% slower, beyond the 5% threshold, but the intervals [85,115] and [95,125] overlap.
    Run r = compare(new Jmh().add(GEMM, "avgt", "us/op", 100, 15), new Jmh().add(GEMM, "avgt", "us/op", 110, 15));
    assertEquals(0, r.exit, r.out);
    assertTrue(r.out.contains("unclear (noise)"), r.out);
    assertTrue(r.out.contains("wide error bars"), r.out);
    assertTrue(r.out.contains("LOW CONFIDENCE"), r.out);
  }

  @Test
  void significantButBelowThresholdIsSame() {
    Compare.Report r = report(new Jmh().add(GEMM, "avgt", "us/op", 100, 0.1),
        new Jmh().add(GEMM, "avgt", "us/op", 103, 0.1), Compare.Options.defaults());
    assertEquals(Verdict.SAME, only(r));
    assertEquals(0, r.exitCode());
    // ... and the threshold is an option
    Compare.Report strict = report(new Jmh().add(GEMM, "avgt", "us/op", 100, 0.1),
        new Jmh().add(GEMM, "avgt", "us/op", 103, 0.1), new Compare.Options(0.02, false, false));
    assertEquals(Verdict.REGRESSION, only(strict));
  }

  @Test
  void thresholdIsSymmetricInSpeed() {
    // 1/1.05 = 0.952: a 4% throughput loss stays within 5%, a 6% loss does not.
    Compare.Options o = Compare.Options.defaults();
    assertEquals(Verdict.SAME, only(report(new Jmh().add(GEMM, "thrpt", "ops/s", 100, 0.1),
        new Jmh().add(GEMM, "thrpt", "ops/s", 96, 0.1), o)));
    assertEquals(Verdict.REGRESSION, only(report(new Jmh().add(GEMM, "thrpt", "ops/s", 100, 0.1),
        new Jmh().add(GEMM, "thrpt", "ops/s", 94, 0.1), o)));
  }

  @Test
  void missingErrorBarsNeverMakeARegression() {
    // one iteration: JMH writes "NaN" for the error and interval
    Run r = compare(new Jmh().add(GEMM, "avgt", "us/op", 100, Double.NaN),
        new Jmh().add(GEMM, "avgt", "us/op", 200, Double.NaN));
    assertEquals(0, r.exit, r.out);
    assertTrue(r.out.contains("unclear (noise)"), r.out);
    assertTrue(r.out.contains("no error bars"), r.out);
    assertTrue(r.out.contains("100 ± ?"), r.out);
  }

  @Test
  void differentUnitsAreConverted() {
    // 0.1 ms/op = 100 us/op; 120 us/op is 20% slower
    Compare.Report r = report(new Jmh().add(GEMM, "avgt", "ms/op", 0.1, 0.001),
        new Jmh().add(GEMM, "avgt", "us/op", 120, 1), Compare.Options.defaults());
    assertEquals(Verdict.REGRESSION, only(r));
    assertEquals(1.2, r.rows().get(0).slowdown(), 1e-9);
    assertEquals("ms/op", r.rows().get(0).head().unit());
    assertEquals(0.12, r.rows().get(0).head().score(), 1e-12);
  }

  @Test
  void throughputUnitsConvertToo() {
    // 100 ops/ms = 100 000 ops/s; 80 000 ops/s is 25% more time per op
    Compare.Report r = report(new Jmh().add(GEMM, "thrpt", "ops/ms", 100, 0.1),
        new Jmh().add(GEMM, "thrpt", "ops/s", 80_000, 10), Compare.Options.defaults());
    assertEquals(Verdict.REGRESSION, only(r));
    assertEquals(1.25, r.rows().get(0).slowdown(), 1e-12);
    assertEquals(0.001, Units.factor("ops/s", "ops/ms"), 1e-15);
    assertEquals(1e-6, Units.secondsPerOp(1, "us/op"), 1e-18);
    assertEquals(1e-3, Units.secondsPerOp(1, "ops/ms"), 1e-15);
  }

  @Test
  void sampleModeHistogramsBecomeIterationMeans() {
    // JMH's sample mode stores [value, count] pairs per iteration instead of rawData
    Path p = Jmh.write(dir, "sample.json", """
        [ { "benchmark" : "a.B.c", "mode" : "sample", "primaryMetric" : {
              "score" : 2.5, "scoreError" : 0.1, "scoreConfidence" : [ 2.4, 2.6 ], "scoreUnit" : "us/op",
              "rawDataHistogram" : [ [ [ [ 1.0, 1 ], [ 3.0, 3 ] ], [ [ 2.0, 2 ] ] ] ] } } ]""");
    BenchResult r = ResultFile.read(p).results().get(0);
    assertEquals(List.of(List.of(2.5, 2.0)), r.forks());
    assertTrue(!Units.higherIsBetter(r.mode(), r.unit()));
  }

  @Test
  void paramsAreMatchedAndShown() {
    Jmh base = new Jmh()
        .add(GEMM, "thrpt", "ops/s", 1000, 5, Map.of("impl", "PANAMA", "shape", "32x45x1000"))
        .add(GEMM, "thrpt", "ops/s", 100, 1, Map.of("impl", "SCALAR", "shape", "32x45x1000"));
    Jmh head = new Jmh()
        .add(GEMM, "thrpt", "ops/s", 100, 1, Map.of("impl", "SCALAR", "shape", "32x45x1000"))
        .add(GEMM, "thrpt", "ops/s", 700, 5, Map.of("impl", "PANAMA", "shape", "32x45x1000"));
    Run r = compare(base, head);
    assertEquals(1, r.exit, r.out);
    String panama = r.out.lines().filter(l -> l.contains("impl=PANAMA")).findFirst().orElseThrow();
    assertTrue(panama.contains("REGRESSION") && panama.contains("shape=32x45x1000"), panama);
    String scalar = r.out.lines().filter(l -> l.contains("impl=SCALAR")).findFirst().orElseThrow();
    assertTrue(scalar.contains("same"), scalar);
  }

  // ------------------------------------------------------------------ ruler

  @Test
  void rulerDriftIsReportedAndNormalisedAway() {
    // The whole machine ran 20% slower for HEAD: the ruler and the benchmark both slowed by 20%.
    Jmh base = new Jmh().add(RULER_INT, "avgt", "us/op", 1000, 5).add(RULER_FMA, "avgt", "us/op", 400, 2)
        .add(STEP, "thrpt", "ops/s", 500, 2);
    Jmh head = new Jmh().add(RULER_INT, "avgt", "us/op", 1200, 5).add(RULER_FMA, "avgt", "us/op", 480, 2)
        .add(STEP, "thrpt", "ops/s", 500 / 1.2, 2);

    Compare.Report raw = report(base, head, Compare.Options.defaults());
    assertEquals(1.2, raw.drift(), 1e-9);
    assertEquals(Verdict.REGRESSION, only(raw));
    assertTrue(raw.lowConfidence());
    assertTrue(raw.warnings().get(0).startsWith("LOW CONFIDENCE: the ruler moved +20.00%"), raw.warnings().get(0));
    // ruler rows are never regressions
    assertTrue(raw.rows().stream().filter(row -> row.base().isRuler()).allMatch(row -> row.verdict() == Verdict.DRIFT));

    Compare.Report normalised = report(base, head, new Compare.Options(0.05, true, false));
    assertEquals(Verdict.SAME, only(normalised));
    assertEquals(1.0, normalised.rows().get(2).slowdown(), 1e-9);
    assertEquals(0, normalised.exitCode());
  }

  @Test
  void rulerAloneNeverFailsTheBuild() {
    Run r = compare(new Jmh().add(RULER_INT, "avgt", "us/op", 1000, 1), new Jmh().add(RULER_INT, "avgt", "us/op", 2000, 1));
    assertEquals(0, r.exit, r.out);
    assertTrue(r.out.contains("ruler"), r.out);
    assertTrue(r.out.contains("machine drift (ruler, geometric mean): +100.0%"), r.out);
  }

  @Test
  void judgeRulerTreatsTheRulerAsCode() {
    Run r = compare(new Jmh().add(RULER_INT, "avgt", "us/op", 1000, 1), new Jmh().add(RULER_INT, "avgt", "us/op", 2000, 1),
        "--judge-ruler");
    assertEquals(1, r.exit, r.out);
    assertTrue(r.out.contains("REGRESSION"), r.out);
  }

  @Test
  void normaliseWithoutRulerIsUnusableInput() {
    Run r = compare(new Jmh().add(GEMM, "avgt", "us/op", 100, 1), new Jmh().add(GEMM, "avgt", "us/op", 100, 1),
        "--normalize");
    assertEquals(2, r.exit);
    assertTrue(r.err.contains("--normalize needs ruler benchmarks"), r.err);
  }

  // ------------------------------------------------------------------ unusable input: exit 2, one line

  void assertUnusable(Run r, String expected) {
    assertEquals(2, r.exit, r.out + r.err);
    assertEquals(1, r.errLines().size(), r.err);
    assertTrue(r.err.startsWith("bench/compare: "), r.err);
    assertTrue(r.err.contains(expected), r.err);
    assertTrue(!r.err.contains("Exception") && !r.err.contains("\tat "), r.err);
    assertEquals("", r.out);
  }

  @Test
  void mismatchedBenchmarkSets() {
    Jmh base = new Jmh().add(GEMM, "avgt", "us/op", 100, 1).add(STEP, "avgt", "us/op", 100, 1);
    Jmh head = new Jmh().add(GEMM, "avgt", "us/op", 100, 1);
    assertUnusable(compare(base, head), "different benchmark sets: 1 only in BASE (" + STEP + " [avgt])");
    // --common compares what both have, and says what was left out
    Run common = compare(base, head, "--common");
    assertEquals(0, common.exit, common.err);
    assertTrue(common.out.contains("not compared: 1 only in BASE"), common.out);
  }

  @Test
  void differentParameterValuesAreDifferentSets() {
    Jmh base = new Jmh().add(GEMM, "avgt", "us/op", 100, 1, Map.of("n", "1000"));
    Jmh head = new Jmh().add(GEMM, "avgt", "us/op", 100, 1, Map.of("n", "2000"));
    assertUnusable(compare(base, head), "1 only in BASE (" + GEMM + " [avgt] {n=1000}); 1 only in HEAD");
  }

  @Test
  void missingParams() {
    Jmh base = new Jmh().add(GEMM, "avgt", "us/op", 100, 1, Map.of("impl", "PANAMA", "shape", "32x45x1000"));
    Jmh head = new Jmh().add(GEMM, "avgt", "us/op", 100, 1, Map.of("impl", "PANAMA"));
    assertUnusable(compare(base, head), "param shape missing in HEAD");
  }

  @Test
  void malformedJson() {
    Path bad = Jmh.write(dir, "bad.json", "[ { \"benchmark\" : \"x\", ");
    Path good = new Jmh().add(GEMM, "avgt", "us/op", 100, 1).write(dir, "good.json");
    assertUnusable(run(bad.toString(), good.toString()), "bad.json: not valid JSON at line 1");
  }

  @Test
  void notAResultFile() {
    Path good = new Jmh().add(GEMM, "avgt", "us/op", 100, 1).write(dir, "good.json");
    assertUnusable(run(good.toString(), Jmh.write(dir, "obj.json", "{\"a\": 1}").toString()),
        "obj.json: not a JMH result file");
    assertUnusable(run(good.toString(), Jmh.write(dir, "empty.json", "[]").toString()),
        "empty.json: holds no benchmark results");
    assertUnusable(run(good.toString(), Jmh.write(dir, "nometric.json",
        "[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\"}]").toString()), "nometric.json: result #1 (a.B.c): no 'primaryMetric'");
    assertUnusable(run(good.toString(), Jmh.write(dir, "noscore.json",
        "[{\"benchmark\": \"a.B.c\", \"mode\": \"avgt\", \"primaryMetric\": {\"scoreUnit\": \"us/op\", \"score\": \"fast\"}}]")
        .toString()), "primaryMetric.score is not a number: 'fast'");
  }

  @Test
  void duplicateResults() {
    Path dup = new Jmh().add(GEMM, "avgt", "us/op", 100, 1).add(GEMM, "avgt", "us/op", 90, 1).write(dir, "dup.json");
    Path good = new Jmh().add(GEMM, "avgt", "us/op", 100, 1).write(dir, "good.json");
    assertUnusable(run(good.toString(), dup.toString()), "result #2 repeats result #1");
  }

  @Test
  void missingFileAndBadUsage() {
    Path good = new Jmh().add(GEMM, "avgt", "us/op", 100, 1).write(dir, "good.json");
    assertUnusable(run(good.toString(), dir.resolve("nope.json").toString()), "nope.json: no such file");
    assertUnusable(run(good.toString()), "expected two result files");
    assertUnusable(run(good.toString(), good.toString(), "--threshold", "five"), "--threshold must be a positive fraction");
    assertUnusable(run(good.toString(), good.toString(), "--frobnicate"), "unknown option '--frobnicate'");
  }

  // ------------------------------------------------------------------ output formats and real JMH output

  @Test
  void markdownForPullRequests() {
    Run r = compare(new Jmh().add(GEMM, "avgt", "us/op", 100, 2), new Jmh().add(GEMM, "avgt", "us/op", 120, 2),
        "--markdown");
    assertEquals(1, r.exit);
    assertTrue(r.out.startsWith("**Benchmark verdict: 1 REGRESSION"), r.out);
    assertTrue(r.out.contains("| benchmark | params | unit | base | head | head/base | Δ time/op | verdict | note |"), r.out);
    assertTrue(r.out.contains("|---|---|---|---:|---:|---:|---:|---|---|"), r.out);
    assertTrue(r.out.contains("| KernelBench.gemm |  | us/op | 100.0 ± 2.0 | 120.0 ± 2.0 | 1.200 | +20.0% | **REGRESSION** |  |"), r.out);
  }

  @Test
  void realJmhOutputComparesWithItselfAsSame() throws IOException {
    Path real = dir.resolve("real.json");
    try (InputStream in = getClass().getResourceAsStream("/jmh/ruler-quick.json")) {
      Files.copy(in, real);
    }
    ResultFile f = ResultFile.read(real);
    assertEquals(3, f.results().size());
    assertEquals("RulerBench.arraySum", f.results().get(0).shortName());
    assertEquals("us/op", f.results().get(0).unit());
    assertEquals(List.of(5232.041608247423, 4390.455733624454, 4218.028336134454), f.results().get(0).forks().get(0));
    Run r = run(real.toString(), real.toString());
    assertEquals(0, r.exit, r.err);
    assertTrue(r.out.contains("machine drift (ruler, geometric mean): +0.0%"), r.out);
  }
}
