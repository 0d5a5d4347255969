package org.grokmeter.bench.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableTest {

  static final String GEMM = "org.grokmeter.bench.KernelBench.gemmF32";
  static final String SHAPE = "32x45x1000";  // m x k x n
  static final double FLOPS = 2.0 * 32 * 45 * 1000;

  @TempDir
  Path dir;

  /** Throughput giving exactly the wanted GFLOP/s for the 32x45x1000 GEMM. */
  static double opsPerSecond(double gflops) {
    return gflops * 1e9 / FLOPS;
  }

  ResultFile kernels() {
    Jmh j = new Jmh()
        .add(GEMM, "thrpt", "ops/s", opsPerSecond(100), opsPerSecond(2), Map.of("impl", "PANAMA", "shape", SHAPE))
        .add(GEMM, "thrpt", "ops/s", opsPerSecond(8), opsPerSecond(0.5), Map.of("impl", "EJML", "shape", SHAPE))
        .add(GEMM, "thrpt", "ops/s", opsPerSecond(4), opsPerSecond(0.1), Map.of("impl", "SCALAR", "shape", SHAPE))
        .add("org.grokmeter.bench.ruler.RulerBench.intHash", "avgt", "us/op", 3000, 30);
    Path p = j.write(dir, "kernels.json");
    Jmh.write(dir, "kernels.provenance.json", """
        {"commit": "abc1234", "date": "2026-11-26T14:00:00Z", "jdk": "25.0.3+9-LTS", "cpu": "AMD EPYC",
         "cores": "2", "kernels": "panama", "vector_bits": "512", "preset": "quick", "loadavg_start": "5.0 4.0 3.0"}""");
    return ResultFile.read(p);
  }

  static final String DOC = """
      # Performance
      intro: blocks look like `<!-- table:NAME key=value -->` … `<!-- /table -->`, for example

          <!-- table:example benchmarks=nothing -->
          <!-- /table -->

      <!-- table:kernels benchmarks="KernelBench\\.gemm" columns=impl flops="2*m*k*n" dims=shape:m,k,n ratios=PANAMA/EJML,PANAMA/SCALAR -->
      old table text
      <!-- /table -->
      between
      <!-- table:fitter benchmarks=FitterBench -->
      untouched
      <!-- /table -->
      <!-- table:ruler benchmarks=ruler -->
      <!-- /table -->
      end
      """;

  @Test
  void gflopsAndSameRunRatiosFromShapes() {
    Table.Spec spec = Table.Spec.of("t", "KernelBench\\.gemm", "impl", "2*m*k*n", "shape:m,k,n", "PANAMA/EJML,PANAMA/SCALAR");
    String table = Table.render(spec, List.of(kernels()));
    List<String> lines = table.lines().toList();
    assertEquals("| benchmark | shape | PANAMA (GFLOP/s) | EJML (GFLOP/s) | SCALAR (GFLOP/s) | PANAMA/EJML | PANAMA/SCALAR |",
        lines.get(0));
    assertEquals("|---|---|---:|---:|---:|---:|---:|", lines.get(1));
    assertEquals("| KernelBench.gemmF32 | 32x45x1000 | 100.0 ± 2.0 | 8.00 ± 0.50 | 4.00 ± 0.10 | 12.5× | 25.0× |", lines.get(2));
    assertTrue(lines.get(4).startsWith("<sub>Source `kernels.json`: commit abc1234, 2026-11-26T14:00:00Z, JDK 25.0.3+9-LTS,"
        + " AMD EPYC, 2 cores, kernels panama (512-bit), preset quick, load average 5.0 4.0 3.0. JMH thrpt, 1 fork(s) × 3 × 1 s"
        + " after 2 × 1 s warm-up, 1 thread(s)"), lines.get(4));
  }

  @Test
  void timePerOpBecomesGflopsToo() {
    // 2*32*45*1000 flops in 2.88 us = 1000 GFLOP/s
    Path p = new Jmh().add(GEMM, "avgt", "us/op", 2.88, 0, Map.of("impl", "PANAMA", "shape", SHAPE)).write(dir, "t.json");
    Table.Spec spec = Table.Spec.of("t", "gemm", "impl", "2*m*k*n", "shape:m,k,n", null);
    assertTrue(Table.render(spec, List.of(ResultFile.read(p))).contains("| 1000 ± 0 |"));
  }

  @Test
  void inPlaceRewritesOnlyBlocksWithResults() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String out = Table.fill(DOC, List.of(kernels()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertTrue(!out.contains("old table text"), out);
    assertTrue(out.contains("| KernelBench.gemmF32 | 32x45x1000 | 100.0 ± 2.0 | 8.00 ± 0.50 | 4.00 ± 0.10 | 12.5× | 25.0× |"), out);
    assertTrue(out.contains("<!-- table:fitter benchmarks=FitterBench -->\nuntouched\n<!-- /table -->"), out);
    assertTrue(out.contains("| RulerBench.intHash | 3000 ± 30 |"), out);
    assertTrue(out.startsWith(DOC.substring(0, DOC.indexOf("<!-- table:kernels"))), out);
    assertTrue(out.endsWith("<!-- /table -->\nend\n"), out);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("table:fitter: no matching results, left as it is"));
    // regenerating is idempotent
    assertEquals(out, Table.fill(out, List.of(kernels()), new PrintStream(new ByteArrayOutputStream())));

    Path doc = Jmh.write(dir, "perf.md", DOC);
    Path results = kernels().path();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    assertEquals(0, Table.run(new String[] {"--in-place", doc.toString(), results.toString()},
        new PrintStream(sink), new PrintStream(sink)));
    assertEquals(out, Files.readString(doc));
  }

  @Test
  void noRatioAcrossRuns() {
    Path a = new Jmh().add(GEMM, "thrpt", "ops/s", 10, 1, Map.of("impl", "PANAMA", "shape", SHAPE)).write(dir, "a.json");
    Path b = new Jmh().add(GEMM, "thrpt", "ops/s", 5, 1, Map.of("impl", "EJML", "shape", SHAPE)).write(dir, "b.json");
    Table.Spec spec = Table.Spec.of("t", "gemm", "impl", null, null, "PANAMA/EJML");
    String row = Table.render(spec, List.of(ResultFile.read(a), ResultFile.read(b))).lines().toList().get(2);
    assertEquals("| KernelBench.gemmF32 | 32x45x1000 | 10.0 ± 1.0 | 5.0 ± 1.0 |  |", row);
  }

  @Test
  void badSpecificationsAreOneLineErrors() {
    ResultFile f = kernels();
    assertEquals("table:t: ratio PANAMA/BLAS names 'BLAS' but impl takes the values [PANAMA, EJML, SCALAR]",
        assertThrows(BadInputException.class,
            () -> Table.render(Table.Spec.of("t", "gemm", "impl", null, null, "PANAMA/BLAS"), List.of(f))).getMessage());
    assertTrue(assertThrows(BadInputException.class,
        () -> Table.render(Table.Spec.of("t", "gemm", "impl", "2*m*n*q", "shape:m,k,n", null), List.of(f)))
        .getMessage().contains("no numeric parameter 'q'"));
    assertTrue(assertThrows(BadInputException.class,
        () -> Table.Spec.parse("t", " benchmarks=x colums=impl")).getMessage().contains("unknown attribute 'colums'"));
    assertTrue(assertThrows(BadInputException.class,
        () -> Table.Spec.parse("t", " columns=impl")).getMessage().contains("needs benchmarks=REGEX"));
  }

  @Test
  void roundingFollowsTheErrorBar() {
    assertEquals("10.3 ± 3.0", Format.withHalfWidth(10.34, 2.958));
    assertEquals("6100 ± 3000", Format.withHalfWidth(6086, 3047));
    assertEquals("0.66 ± 0.32", Format.withHalfWidth(0.6619, 0.3154));
    assertEquals("1000 ± 0", Format.withHalfWidth(1000, 0));
    assertEquals("2.0 ± 1.0", Format.withHalfWidth(2, 1));
    assertEquals("8.00 ± 0.50", Format.withHalfWidth(8, 0.5));
  }

  @Test
  void expressions() {
    assertEquals(2.0 * 32 * 45 * 1000, Expr.eval("2*m*k*n", Map.of("m", 32.0, "k", 45.0, "n", 1000.0)));
    assertEquals(-7.0, Expr.eval("-(1 + 2) * 3 / 1.5 + -1", Map.of()));
    assertEquals(3e3, Expr.eval("3e3", Map.of()));
    assertThrows(BadInputException.class, () -> Expr.eval("2*(n", Map.of("n", 1.0)));
    assertThrows(BadInputException.class, () -> Expr.eval("2 n", Map.of("n", 1.0)));
  }
}
