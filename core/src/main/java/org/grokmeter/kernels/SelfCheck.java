package org.grokmeter.kernels;

import java.util.SplittableRandom;

/**
 * A quick start-up check of a SIMD kernel implementation against the scalar reference: a few random
 * cases per kernel (odd sizes, offsets, wide leading dimensions, alpha/beta), float and double.
 * Used by {@code grokmeter info}; the thorough version is the differential test suite.
 *
 * <p>Tolerance: the classical bound for a sum of n products in any order, 4·u·(n + 3)·Σ|terms|, with
 * Σ|terms| computed by the reference on absolute values. Reordering and FMA stay far inside it; a
 * wrong or missing term does not.
 */
public final class SelfCheck {

  /** Outcome: ok, how many cases ran, and on failure the kernel and what differed. */
  public record Report(boolean ok, int cases, int kernels, String failedKernel, String detail) {

    /** One line for {@code grokmeter info}. */
    public String line() {
      return ok
          ? "self-check: ok (" + kernels + " kernels, " + cases + " random cases, SIMD vs scalar)"
          : "self-check: FAILED in " + failedKernel + ": " + detail;
    }
  }

  private static final double FLOAT_U = 0x1p-24;
  private static final double DOUBLE_U = 0x1p-53;
  private static final double FACTOR = 4;

  private final KernelSupport simd;
  private final KernelSupport ref = ScalarKernels.INSTANCE;
  private final SplittableRandom rnd;
  private int cases;
  private String failedKernel;
  private String detail;

  private SelfCheck(KernelSupport simd, long seed) {
    this.simd = simd;
    this.rnd = new SplittableRandom(seed);
  }

  /** Checks {@code simd} against the scalar reference; never throws for a mismatch, reports it. */
  public static Report run(KernelSupport simd, long seed) {
    SelfCheck c = new SelfCheck(simd, seed);
    String[] kernels = {"gemm", "gemmTN", "gemmNT", "gemv", "gemvT", "addBias", "columnSums",
        "reluForward", "reluBackward", "softmaxCrossEntropy", "countCorrect", "axpy", "scale", "sgdUpdate",
        "sum", "dot", "sumOfSquares"};
    try {
      c.all();
    } catch (RuntimeException e) {
      if (c.failedKernel == null) {
        c.failedKernel = "(exception)";
        c.detail = e.toString();
      }
    }
    return new Report(c.failedKernel == null, c.cases, kernels.length, c.failedKernel, c.detail);
  }

  private void all() {
    int[][] shapes = {{32, 45, 1000}, {5, 3, 7}, {17, 33, 19}, {1000, 32, 2}, {32, 1000, 2}, {3, 129, 70}};
    for (int[] s : shapes) {
      for (int variant = 0; variant < 3 && failedKernel == null; variant++) {
        gemmFloat(variant, s[0], s[2], s[1]);
        gemmDouble(variant, s[0], s[2], s[1]);
      }
    }
    int[] sizes = {1, 7, 17, 45, 1025, 48_000};
    for (int n : sizes) {
      if (failedKernel != null) {
        return;
      }
      vectorKernels(n);
    }
  }

  // m×n = op(A)[m×k]·op(B)[k×n]; variant 0 NN, 1 TN, 2 NT
  private void gemmFloat(int variant, int m, int n, int k) {
    String name = new String[] {"gemm", "gemmTN", "gemmNT"}[variant] + " float32 " + m + "x" + k + "x" + n;
    int aRows = variant == 1 ? k : m;
    int aCols = variant == 1 ? m : k;
    int bRows = variant == 2 ? n : k;
    int bCols = variant == 2 ? k : n;
    int lda = aCols + 1;
    int ldb = bCols + 2;
    int ldc = n + 3;
    float[] a = floats(1 + aRows * lda);
    float[] b = floats(2 + bRows * ldb);
    float[] c0 = floats(3 + m * ldc);
    float alpha = rnd.nextBoolean() ? 1f : -0.5f;
    float beta = rnd.nextBoolean() ? 0f : 1.5f;
    float[] cs = c0.clone();
    float[] cp = c0.clone();
    float[] bound = c0.clone();
    float[] absA = abs(a);
    float[] absB = abs(b);
    for (int i = 0; i < bound.length; i++) {
      bound[i] = Math.abs(bound[i]);
    }
    gemm(ref, variant, m, n, k, alpha, a, lda, b, ldb, beta, cs, ldc);
    gemm(simd, variant, m, n, k, alpha, a, lda, b, ldb, beta, cp, ldc);
    gemm(ref, variant, m, n, k, Math.abs(alpha), absA, lda, absB, ldb, Math.abs(beta), bound, ldc);
    cases++;
    for (int i = 0; i < cs.length; i++) {
      double tol = FACTOR * FLOAT_U * (k + 3) * bound[i];
      if (!(Math.abs(cs[i] - cp[i]) <= tol)) {
        fail(name, "element " + i + ": scalar " + cs[i] + ", simd " + cp[i]);
        return;
      }
    }
  }

  private void gemmDouble(int variant, int m, int n, int k) {
    String name = new String[] {"gemm", "gemmTN", "gemmNT"}[variant] + " float64 " + m + "x" + k + "x" + n;
    int aRows = variant == 1 ? k : m;
    int aCols = variant == 1 ? m : k;
    int bRows = variant == 2 ? n : k;
    int bCols = variant == 2 ? k : n;
    int lda = aCols + 1;
    int ldb = bCols + 2;
    int ldc = n + 3;
    double[] a = doubles(1 + aRows * lda);
    double[] b = doubles(2 + bRows * ldb);
    double[] c0 = doubles(3 + m * ldc);
    double alpha = rnd.nextBoolean() ? 1 : -0.5;
    double beta = rnd.nextBoolean() ? 0 : 1.5;
    double[] cs = c0.clone();
    double[] cp = c0.clone();
    double[] bound = abs(c0);
    gemm(ref, variant, m, n, k, alpha, a, lda, b, ldb, beta, cs, ldc);
    gemm(simd, variant, m, n, k, alpha, a, lda, b, ldb, beta, cp, ldc);
    gemm(ref, variant, m, n, k, Math.abs(alpha), abs(a), lda, abs(b), ldb, Math.abs(beta), bound, ldc);
    cases++;
    for (int i = 0; i < cs.length; i++) {
      double tol = FACTOR * DOUBLE_U * (k + 3) * bound[i];
      if (!(Math.abs(cs[i] - cp[i]) <= tol)) {
        fail(name, "element " + i + ": scalar " + cs[i] + ", simd " + cp[i]);
        return;
      }
    }
  }

  private static void gemm(KernelSupport ks, int variant, int m, int n, int k, float alpha, float[] a, int lda,
                           float[] b, int ldb, float beta, float[] c, int ldc) {
    switch (variant) {
      case 0 -> ks.gemm(m, n, k, alpha, a, 1, lda, b, 2, ldb, beta, c, 3, ldc);
      case 1 -> ks.gemmTN(m, n, k, alpha, a, 1, lda, b, 2, ldb, beta, c, 3, ldc);
      default -> ks.gemmNT(m, n, k, alpha, a, 1, lda, b, 2, ldb, beta, c, 3, ldc);
    }
  }

  private static void gemm(KernelSupport ks, int variant, int m, int n, int k, double alpha, double[] a, int lda,
                           double[] b, int ldb, double beta, double[] c, int ldc) {
    switch (variant) {
      case 0 -> ks.gemm(m, n, k, alpha, a, 1, lda, b, 2, ldb, beta, c, 3, ldc);
      case 1 -> ks.gemmTN(m, n, k, alpha, a, 1, lda, b, 2, ldb, beta, c, 3, ldc);
      default -> ks.gemmNT(m, n, k, alpha, a, 1, lda, b, 2, ldb, beta, c, 3, ldc);
    }
  }

  private void vectorKernels(int n) {
    float[] x = floats(n + 1);
    float[] y = floats(n + 2);
    double[] xd = doubles(n + 1);
    double[] yd = doubles(n + 2);
    double absSum = 0;
    double absDot = 0;
    double absSumD = 0;
    double absDotD = 0;
    for (int i = 0; i < n; i++) {
      absSum += Math.abs(x[1 + i]);
      absDot += Math.abs((double) x[1 + i] * y[2 + i]);
      absSumD += Math.abs(xd[1 + i]);
      absDotD += Math.abs(xd[1 + i] * yd[2 + i]);
    }
    cases++;
    close("sum float32 n=" + n, ref.sum(n, x, 1), simd.sum(n, x, 1), FLOAT_U * (n + 3) * absSum);
    close("dot float32 n=" + n, ref.dot(n, x, 1, y, 2), simd.dot(n, x, 1, y, 2), FLOAT_U * (n + 3) * absDot);
    close("sumOfSquares float32 n=" + n, ref.sumOfSquares(n, x, 1), simd.sumOfSquares(n, x, 1),
        FLOAT_U * (n + 3) * absDot + FLOAT_U * (n + 3) * ref.sumOfSquares(n, x, 1));
    close("sum float64 n=" + n, ref.sum(n, xd, 1), simd.sum(n, xd, 1), DOUBLE_U * (n + 3) * absSumD);
    close("dot float64 n=" + n, ref.dot(n, xd, 1, yd, 2), simd.dot(n, xd, 1, yd, 2), DOUBLE_U * (n + 3) * absDotD);
    close("sumOfSquares float64 n=" + n, ref.sumOfSquares(n, xd, 1), simd.sumOfSquares(n, xd, 1),
        DOUBLE_U * (n + 3) * ref.sumOfSquares(n, xd, 1));

    // elementwise kernels: a couple of roundings each, compared relative to the operands' scale
    float[] rs = y.clone();
    float[] ps = y.clone();
    ref.axpy(n, 0.75f, x, 1, rs, 2);
    simd.axpy(n, 0.75f, x, 1, ps, 2);
    sameish("axpy float32 n=" + n, rs, ps, 4 * FLOAT_U);
    ref.sgdUpdate(n, 0.01f, 0.01f, rs, 2, x, 1);
    simd.sgdUpdate(n, 0.01f, 0.01f, ps, 2, x, 1);
    sameish("sgdUpdate float32 n=" + n, rs, ps, 8 * FLOAT_U);
    ref.scale(n, -1.5f, rs, 2);
    simd.scale(n, -1.5f, ps, 2);
    sameish("scale float32 n=" + n, rs, ps, 16 * FLOAT_U);
    double[] rd = yd.clone();
    double[] pd = yd.clone();
    ref.axpy(n, 0.75, xd, 1, rd, 2);
    simd.axpy(n, 0.75, xd, 1, pd, 2);
    ref.sgdUpdate(n, 0.01, 0.01, rd, 2, xd, 1);
    simd.sgdUpdate(n, 0.01, 0.01, pd, 2, xd, 1);
    ref.scale(n, -1.5, rd, 2);
    simd.scale(n, -1.5, pd, 2);
    for (int i = 0; i < rd.length; i++) {
      if (!(Math.abs(rd[i] - pd[i]) <= 16 * DOUBLE_U * Math.max(1, Math.abs(rd[i])))) {
        fail("axpy/sgdUpdate/scale float64 n=" + n, "element " + i + ": scalar " + rd[i] + ", simd " + pd[i]);
      }
    }

    float[] rr = new float[n + 1];
    float[] pr = new float[n + 1];
    ref.reluForward(n, x, 1, rr, 1);
    simd.reluForward(n, x, 1, pr, 1);
    exact("reluForward float32 n=" + n, rr, pr);
    float[] rg = y.clone();
    float[] pg = y.clone();
    ref.reluBackward(n, x, 1, rg, 2);
    simd.reluBackward(n, x, 1, pg, 2);
    exact("reluBackward float32 n=" + n, rg, pg);

    // layer helpers on a rows×cols view of x
    int cols = Math.min(n, 1000);
    int rows = n / cols;
    float[] cb = y.clone();
    float[] pb = y.clone();
    ref.addBias(rows, cols, x, 1, cb, 2, cols);
    simd.addBias(rows, cols, x, 1, pb, 2, cols);
    exact("addBias float32 " + rows + "x" + cols, cb, pb);
    float[] cs = new float[cols];
    float[] ps2 = new float[cols];
    ref.columnSums(rows, cols, x, 1, cols, 0f, cs, 0);
    simd.columnSums(rows, cols, x, 1, cols, 0f, ps2, 0);
    exact("columnSums float32 " + rows + "x" + cols, cs, ps2);
    float[] gv = new float[rows];
    float[] gvp = new float[rows];
    ref.gemv(rows, cols, 1f, x, 1, cols, y, 2, 0f, gv, 0);
    simd.gemv(rows, cols, 1f, x, 1, cols, y, 2, 0f, gvp, 0);
    sameish("gemv float32 " + rows + "x" + cols, gv, gvp, FLOAT_U * (cols + 3) * 4);
    float[] gt = new float[cols];
    float[] gtp = new float[cols];
    ref.gemvT(rows, cols, 1f, x, 1, cols, y, 2, 0f, gt, 0);
    simd.gemvT(rows, cols, 1f, x, 1, cols, y, 2, 0f, gtp, 0);
    sameish("gemvT float32 " + rows + "x" + cols, gt, gtp, FLOAT_U * (rows + 3) * 4);

    // softmax cross-entropy and accuracy on n/2 rows of 2 logits (the parity task's shape)
    int sRows = n / 2;
    int[] labels = new int[sRows];
    for (int i = 0; i < sRows; i++) {
      labels[i] = rnd.nextInt(2);
    }
    float[] gs = new float[2 * sRows];
    float[] gp = new float[2 * sRows];
    double ls = ref.softmaxCrossEntropy(sRows, 2, x, 1, 2, labels, 0, gs, 0, 2, 1f / Math.max(1, sRows));
    double lp = simd.softmaxCrossEntropy(sRows, 2, x, 1, 2, labels, 0, gp, 0, 2, 1f / Math.max(1, sRows));
    close("softmaxCrossEntropy float32 rows=" + sRows, ls, lp, 1e-12 * Math.max(1, Math.abs(ls)));
    sameish("softmaxCrossEntropy gradient float32 rows=" + sRows, gs, gp, 2 * FLOAT_U);
    if (ref.countCorrect(sRows, 2, x, 1, 2, labels, 0) != simd.countCorrect(sRows, 2, x, 1, 2, labels, 0)) {
      fail("countCorrect float32 rows=" + sRows, "counts differ");
    }
  }

  private void close(String name, double expected, double actual, double tol) {
    if (failedKernel == null && !(Math.abs(expected - actual) <= FACTOR * tol + 1e-30)) {
      fail(name, "scalar " + expected + ", simd " + actual);
    }
  }

  private void sameish(String name, float[] expected, float[] actual, double relTol) {
    for (int i = 0; i < expected.length; i++) {
      if (!(Math.abs(expected[i] - actual[i]) <= relTol * Math.max(1, Math.abs(expected[i])))) {
        fail(name, "element " + i + ": scalar " + expected[i] + ", simd " + actual[i]);
        return;
      }
    }
  }

  private void exact(String name, float[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
        fail(name, "element " + i + ": scalar " + expected[i] + ", simd " + actual[i]);
        return;
      }
    }
  }

  private void fail(String kernel, String what) {
    if (failedKernel == null) {
      failedKernel = kernel;
      detail = what;
    }
  }

  private float[] floats(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return x;
  }

  private double[] doubles(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble() * 2 - 1;
    }
    return x;
  }

  private static float[] abs(float[] x) {
    float[] r = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = Math.abs(x[i]);
    }
    return r;
  }

  private static double[] abs(double[] x) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = Math.abs(x[i]);
    }
    return r;
  }
}
