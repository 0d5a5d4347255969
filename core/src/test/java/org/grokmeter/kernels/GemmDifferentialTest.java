package org.grokmeter.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.grokmeter.Tolerances;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The linear model's float64 GEMM, scalar reference vs Panama, both also against an independent
 * high-precision reference (double-double sums of exact products). Every case uses non-zero offsets, leading dimensions wider than the rows, sentinels
 * around the C block (nothing outside it may change) and, when beta = 0, a C full of NaN that
 * must be ignored.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GemmDifferentialTest {

  enum Variant { NN, TN, NT }

  private static KernelSupport panama;
  private static final KernelSupport SCALAR = ScalarKernels.INSTANCE;
  private static final double SENTINEL = -7777;
  private static final double[][] ALPHA_BETA = {{1, 0}, {1, 1}, {-0.5, 2}, {2, 0}};

  @BeforeAll
  static void loadPanama() {
    panama = KernelProvider.panama().orElse(null);
  }

  static Stream<Arguments> smallShapes() {
    List<Arguments> cases = new ArrayList<>();
    for (Variant v : Variant.values()) {
      for (int m = 0; m <= 5; m++) {
        for (int n = 0; n <= 5; n++) {
          for (int k = 0; k <= 5; k++) {
            cases.add(Arguments.of(v, m, n, k));
          }
        }
      }
    }
    return cases.stream();
  }

  @Order(1)
  @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
  @MethodSource("smallShapes")
  void smallShapesAllAlphaBeta(Variant v, int m, int n, int k) {
    for (double[] ab : ALPHA_BETA) {
      checkDouble(v, m, n, k, ab[0], ab[1], 17L * m + 5 * n + k);
    }
  }

  /** The linear model's shapes, the two-column and two-row paths, and lane- and block-boundary shapes. */
  static Stream<Arguments> realShapes() {
    return Stream.of(
        // the linear model with one output: Σ·D and X·D (d×d×1, N×d×1), Vᵀ·D, and its covariance
        Arguments.of(Variant.NN, 300, 1, 300), Arguments.of(Variant.NN, 250, 1, 45),
        Arguments.of(Variant.TN, 300, 1, 300), Arguments.of(Variant.NT, 120, 120, 90),
        // n = 2 and k = 2 (two outputs, two input dimensions): the pair-shuffle paths
        Arguments.of(Variant.NN, 32, 2, 1000), Arguments.of(Variant.TN, 1000, 2, 32),
        Arguments.of(Variant.NT, 32, 1000, 2), Arguments.of(Variant.NN, 250, 2, 1000),
        Arguments.of(Variant.NT, 32, 2, 1000), Arguments.of(Variant.TN, 1000, 3, 32),
        Arguments.of(Variant.NN, 32, 1000, 2), Arguments.of(Variant.TN, 45, 1000, 2),
        // lane boundaries and the k/m/column blocking (KC = 128, MC = 256, NC = 512/1024)
        Arguments.of(Variant.NN, 17, 49, 33), Arguments.of(Variant.TN, 33, 47, 17),
        Arguments.of(Variant.NT, 15, 65, 31), Arguments.of(Variant.NN, 9, 7, 129),
        Arguments.of(Variant.TN, 65, 15, 9), Arguments.of(Variant.NT, 7, 9, 257),
        Arguments.of(Variant.NN, 259, 97, 131), Arguments.of(Variant.TN, 130, 131, 257),
        Arguments.of(Variant.NT, 5, 1030, 130), Arguments.of(Variant.NT, 3, 520, 260),
        // the packed path (k beyond one panel, m·n·k ≥ 2^21), all three variants, ragged edges
        Arguments.of(Variant.NT, 70, 101, 300), Arguments.of(Variant.TN, 67, 99, 333),
        Arguments.of(Variant.NN, 66, 130, 257));
  }

  @Order(2)
  @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
  @MethodSource("realShapes")
  void realShapes(Variant v, int m, int n, int k) {
    // dense operands (leading dimension = row length) take the pair-shuffle paths for n = 2, k = 2
    checkDouble(v, m, n, k, -2, 0.25, 3L * n + k, true);
    if ((long) m * n * k < 2_000_000) {
      // the other alpha/beta paths too, where that stays cheap (the suite must stay fast)
      checkDouble(v, m, n, k, 1, 0, 3L * m + k);
    }
  }

  /** The linear model's covariance XᵀX (d×d from N×d) at a size that exercises every block level. */
  @Order(3)
  @Test
  void covarianceDouble() {
    checkDouble(Variant.TN, 200, 200, 170, 1d / 170, 0, 42);
    checkDouble(Variant.NN, 200, 200, 140, 1, 0, 43);
  }

  // ------------------------------------------------------------------------------------ harness

  private record Layout(int off, int ld, int length) {
    /** A block at a random offset; leading dimension wider than the row unless dense. */
    static Layout of(SplittableRandom rnd, int rows, int cols, boolean dense) {
      int off = 1 + rnd.nextInt(4);
      int ld = dense ? cols : cols + 1 + rnd.nextInt(3);
      return new Layout(off, ld, off + rows * ld + 3);
    }

    int at(int r, int c) {
      return off + r * ld + c;
    }
  }

  private static void checkDouble(Variant v, int m, int n, int k, double alpha, double beta, long seed) {
    checkDouble(v, m, n, k, alpha, beta, seed, false);
  }

  private static void checkDouble(Variant v, int m, int n, int k, double alpha, double beta, long seed, boolean dense) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int aRows = v == Variant.TN ? k : m;
    int aCols = v == Variant.TN ? m : k;
    int bRows = v == Variant.NT ? n : k;
    int bCols = v == Variant.NT ? k : n;
    Layout la = Layout.of(rnd, aRows, aCols, dense);
    Layout lb = Layout.of(rnd, bRows, bCols, dense);
    Layout lc = Layout.of(rnd, m, n, dense);
    double[] a = randomDoubles(rnd, la.length);
    double[] b = randomDoubles(rnd, lb.length);
    double[] c0 = new double[lc.length];
    java.util.Arrays.fill(c0, SENTINEL);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        c0[lc.at(i, j)] = beta == 0 ? Double.NaN : rnd.nextDouble() * 2 - 1;
      }
    }
    double[] cs = c0.clone();
    double[] cp = c0.clone();
    run(SCALAR, v, m, n, k, alpha, a, la, b, lb, beta, cs, lc);
    if (panama != null) {
      run(panama, v, m, n, k, alpha, a, la, b, lb, beta, cp, lc);
    }
    for (int x = 0; x < lc.length; x++) {
      if (!insideBlock(x, lc, m, n)) {
        assertEquals(SENTINEL, cs[x], "scalar wrote outside C at " + x);
        if (panama != null) {
          assertEquals(SENTINEL, cp[x], "panama wrote outside C at " + x + " " + v + " " + m + "x" + n + "x" + k);
        }
      }
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        // double-double sum of exact products: an error far below the double bound being tested
        double hi = 0;
        double lo = 0;
        double bound = 0;
        for (int p = 0; p < k; p++) {
          double x = aAt(v, a, la, i, p);
          double y = bAt(v, b, lb, p, j);
          double t = x * y;
          double tErr = Math.fma(x, y, -t);
          double s = hi + t;
          double bb = s - hi;
          lo += (hi - (s - bb)) + (t - bb) + tErr;
          hi = s;
          bound += Math.abs(t);
        }
        double cOld = beta == 0 ? 0 : c0[lc.at(i, j)];
        double ref = alpha * (hi + lo) + beta * cOld;
        double tol = Tolerances.KERNEL_BOUND_FACTOR * Tolerances.DOUBLE_UNIT_ROUNDOFF
            * (k + Tolerances.KERNEL_EXTRA_ROUNDINGS) * (Math.abs(alpha) * bound + Math.abs(beta * cOld))
            + Tolerances.KERNEL_ABSOLUTE_FLOOR;
        String where = v + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta
            + " at (" + i + "," + j + ")";
        within(ref, cs[lc.at(i, j)], tol, "scalar " + where);
        if (panama != null) {
          within(ref, cp[lc.at(i, j)], tol, "panama " + where);
          within(cs[lc.at(i, j)], cp[lc.at(i, j)], 2 * tol, "scalar vs panama " + where);
        }
      }
    }
  }

  static void within(double expected, double actual, double tol, String what) {
    if (!(Math.abs(expected - actual) <= tol)) {
      fail(what + ": expected " + expected + " got " + actual + " (tolerance " + tol + ")");
    }
  }

  private static boolean insideBlock(int x, Layout l, int rows, int cols) {
    int rel = x - l.off;
    if (rel < 0 || rows == 0 || cols == 0) {
      return false;
    }
    int r = rel / l.ld;
    int c = rel % l.ld;
    return r < rows && c < cols;
  }

  private static double aAt(Variant v, double[] a, Layout l, int i, int p) {
    return v == Variant.TN ? a[l.at(p, i)] : a[l.at(i, p)];
  }

  private static double bAt(Variant v, double[] b, Layout l, int p, int j) {
    return v == Variant.NT ? b[l.at(j, p)] : b[l.at(p, j)];
  }

  private static void run(KernelSupport ks, Variant v, int m, int n, int k, double alpha, double[] a, Layout la,
                          double[] b, Layout lb, double beta, double[] c, Layout lc) {
    switch (v) {
      case NN -> ks.gemm(m, n, k, alpha, a, la.off, la.ld, b, lb.off, lb.ld, beta, c, lc.off, lc.ld);
      case TN -> ks.gemmTN(m, n, k, alpha, a, la.off, la.ld, b, lb.off, lb.ld, beta, c, lc.off, lc.ld);
      case NT -> ks.gemmNT(m, n, k, alpha, a, la.off, la.ld, b, lb.off, lb.ld, beta, c, lc.off, lc.ld);
    }
  }

  static double[] randomDoubles(SplittableRandom rnd, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble() * 2 - 1;
    }
    return x;
  }

  @Test
  void panamaIsAvailableInThisBuild() {
    // The build always runs with --add-modules jdk.incubator.vector; without Panama the comparisons
    // above would silently check the scalar reference only.
    assumeTrue(!"false".equals(System.getProperty("grokmeter.expectPanama")));
    assertTrue(panama != null, "Panama kernels failed to load: " + KernelProvider.reason());
  }
}
