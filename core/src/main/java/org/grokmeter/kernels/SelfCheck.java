package org.grokmeter.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A quick start-up check of a kernel implementation against the scalar reference, run by
 * {@code grokmeter info}: every kernel of {@link KernelSupport} on a few seeded cases at the shapes
 * production runs (the MLP's batches of 32 and 14 rows, n = 25 and 45 inputs, 1000 hidden units laid
 * out as the trainer lays them out; the linear model's products; a fit's pass over 3000 points) and
 * at small odd shapes that reach every tail. The thorough version is the differential test suite.
 *
 * <p>Where a contract promises the same bits (the binary MLP kernels, countCorrect, scale, the ReLU
 * mask of the backward pass) the check demands them. Elsewhere it allows the classical bound for a
 * sum of n products in any order, FACTOR·u·(n + 3)·Σ|terms| (u the unit roundoff, Σ|terms| computed on
 * absolute values): reordering and FMA stay far inside it; a wrong or missing term does not. The erf
 * pass is held to the bounds its own tests use (its erf is within a few ulp of Commons Numbers').
 */
public final class SelfCheck {

  /** Outcome: ok, how many cases ran, the kernels compared, and on failure the case and what differed. */
  public record Report(boolean ok, int cases, List<String> kernels, String failedKernel, String detail) {

    /** One line for {@code grokmeter info}. */
    public String line() {
      return ok
          ? "self-check: ok (" + kernels.size() + " kernels, " + cases + " cases, SIMD vs scalar: "
              + String.join(", ", kernels) + ")"
          : "self-check: FAILED in " + failedKernel + ": " + detail;
    }
  }

  private static final double FLOAT_U = 0x1p-24;
  private static final double DOUBLE_U = 0x1p-53;
  private static final double FACTOR = 4;

  /** The paper's MLP as the trainer lays it out: 1000 hidden units padded to 1024 columns, rows 1040 apart. */
  private static final int WIDTH = 1024;
  private static final int STRIDE = 1040;
  private static final int OFFSET = 12;

  private final KernelSupport simd;
  private final KernelSupport ref = ScalarKernels.INSTANCE;
  private final SplittableRandom rnd;
  private final Set<String> checked = new LinkedHashSet<>();
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
    try {
      c.all();
    } catch (RuntimeException e) {
      if (c.failedKernel == null) {
        c.failedKernel = "(exception)";
        c.detail = e.toString();
      }
    }
    return new Report(c.failedKernel == null, c.cases, List.copyOf(c.checked), c.failedKernel, c.detail);
  }

  private void all() {
    List<Runnable> steps = new ArrayList<>();
    // the linear model: Σ = XᵀX/N (gemmNT on Xᵀ), Σ·D and Vᵀ·D with one output, odd shapes, a packed size
    int[][] shapes = {{60, 60, 150}, {200, 1, 200}, {5, 3, 7}, {17, 33, 19}, {3, 129, 70}, {130, 130, 140}};
    for (int[] s : shapes) {
      for (int variant = 0; variant < 3; variant++) {
        int v = variant;
        steps.add(() -> gemm(v, s[0], s[1], s[2]));
      }
    }
    for (int n : new int[] {1, 7, 17, 200, 1025}) {
      steps.add(() -> vectors(n));
    }
    for (int n : new int[] {1, 9, 3000}) {
      steps.add(() -> erfSums(n));
    }
    for (int inputs : new int[] {45, 25}) {
      for (int rows : new int[] {32, 14}) {
        steps.add(() -> mlp(rows, inputs, WIDTH, STRIDE, OFFSET, 2));
      }
    }
    steps.add(() -> mlp(5, 3, 37, 41, 3, 3)); // every tail: partial groups and column blocks, three outputs
    steps.add(() -> mlp(1, 1, 70, 70, 1, 1));
    for (Runnable step : steps) {
      if (failedKernel != null) {
        return; // the first failure is the report
      }
      step.run();
    }
  }

  // ---------------------------------------------------------------- the linear model, float64

  // C[m×n] = op(A)[m×k]·op(B)[k×n]; variant 0 NN, 1 TN, 2 NT
  private void gemm(int variant, int m, int n, int k) {
    String kernel = new String[] {"gemm", "gemmTN", "gemmNT"}[variant];
    String name = kernel + " " + m + "x" + k + "x" + n;
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
    count(kernel);
    for (int i = 0; i < cs.length; i++) {
      double tol = FACTOR * DOUBLE_U * (k + 3) * bound[i];
      if (!(Math.abs(cs[i] - cp[i]) <= tol)) {
        fail(name, "element " + i + ": scalar " + cs[i] + ", simd " + cp[i]);
        return;
      }
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

  private void vectors(int n) {
    double[] x = doubles(n + 1);
    double[] y = doubles(n + 2);
    double absDot = 0;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      absDot += Math.abs(x[1 + i] * y[2 + i]);
      squares += x[1 + i] * x[1 + i];
    }
    count("dot");
    close("dot n=" + n, ref.dot(n, x, 1, y, 2), simd.dot(n, x, 1, y, 2), DOUBLE_U * (n + 3) * absDot);
    count("sumOfSquares");
    close("sumOfSquares n=" + n, ref.sumOfSquares(n, x, 1), simd.sumOfSquares(n, x, 1),
        DOUBLE_U * (n + 3) * squares);

    double[] rs = y.clone();
    double[] ps = y.clone();
    ref.axpy(n, 0.75, x, 1, rs, 2);
    simd.axpy(n, 0.75, x, 1, ps, 2);
    count("axpy");
    for (int i = 0; i < n; i++) {
      double tol = 2 * DOUBLE_U * (Math.abs(0.75 * x[1 + i]) + Math.abs(y[2 + i]));
      close("axpy n=" + n + " element " + i, rs[2 + i], ps[2 + i], tol);
    }
    rs = y.clone();
    ps = y.clone();
    ref.scale(n, -1.5, rs, 1);
    simd.scale(n, -1.5, ps, 1);
    count("scale");
    exact("scale n=" + n, rs, ps);
  }

  // ---------------------------------------------------------------- the fitter

  private void erfSums(int n) {
    double[] tau = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      tau[i] = (i + 0.5) / n;
      y[i] = 0.75 + 0.25 * Math.tanh(8 * (tau[i] - 0.4)) + 0.02 * (rnd.nextDouble() - 0.5);
    }
    double[] want = new double[5];
    double[] got = new double[5];
    double rrWant = ref.erfSums().paperErf(tau, y, 0.35, 6.5, 0.25, 0.75, want);
    double rrGot = simd.erfSums().paperErf(tau, y, 0.35, 6.5, 0.25, 0.75, got);
    count("erfSums");
    String name = "erfSums n=" + n;
    close(name + " Σr²", rrWant, rrGot, 1e-13 / FACTOR * Math.max(1, rrWant) * n);
    for (int k = 0; k < 5; k++) {
      double scale = Math.max(Math.abs(want[k]), k < 3 ? Math.abs(want[0]) + Math.abs(want[2]) : 1e-12);
      close(name + " sum " + k, want[k], got[k], 1e-12 / FACTOR * scale * Math.sqrt(n));
    }
    // the variant that keeps rᵢ and e^(−zᵢ²): the same sums bit for bit, per-point values near the reference's
    double[] rWant = new double[n];
    double[] gWant = new double[n];
    double[] rGot = new double[n];
    double[] gGot = new double[n];
    double[] kept = new double[6];
    ref.erfSums().paperErf(tau, y, 0.35, 6.5, 0.25, 0.75, new double[5], rWant, gWant);
    kept[5] = simd.erfSums().paperErf(tau, y, 0.35, 6.5, 0.25, 0.75, kept, rGot, gGot);
    double[] plain = Arrays.copyOf(got, 6);
    plain[5] = rrGot;
    exact(name + " kept sums", plain, kept);
    for (int i = 0; i < n; i++) {
      close(name + " residual " + i, rWant[i], rGot[i], 1e-15 / FACTOR);
      close(name + " gaussian " + i, gWant[i], gGot[i], 1e-15 / FACTOR);
    }
    // the HAC series from the same kept values: the same bits promised; then its lag-1 sums
    double[] c = {1.5, -0.25, 0.75, 2.0};
    double[] r0 = rWant.clone();
    double[] g0 = gWant.clone();
    ref.erfSums().whitenedScores(tau, 0.35, 6.5, 0.3, c, 0.4, rWant, gWant);
    simd.erfSums().whitenedScores(tau, 0.35, 6.5, 0.3, c, 0.4, r0, g0);
    exact(name + " whitenedScores", rWant, r0);
    exact(name + " whitenedScores", gWant, g0);
    double[] lagWant = new double[2];
    double[] lagGot = new double[2];
    ref.erfSums().lagSums(rWant, lagWant);
    simd.erfSums().lagSums(rWant, lagGot);
    close(name + " lagSums lagged", lagWant[0], lagGot[0], 1e-13 / FACTOR * Math.max(1e-300, lagWant[1]));
    close(name + " lagSums squares", lagWant[1], lagGot[1], 1e-13 / FACTOR * lagWant[1]);
  }

  // ---------------------------------------------------------------- the MLP, float32

  /** One training step's kernels on a batch of {@code rows} with {@code inputs} 0/1 inputs, {@code cols} hidden columns. */
  private void mlp(int rows, int inputs, int cols, int ld, int off, int classes) {
    String shape = " " + rows + "x" + inputs + "x" + cols;
    // the batch as bit sets, X (rows × inputs) and Xᵀ with the bias row ((inputs + 1) × rows)
    int words = (inputs + 63) >>> 6;
    int batchWords = (rows + 63) >>> 6;
    long[] rowBits = new long[rows * words];
    long[] featBits = new long[(inputs + 1) * batchWords];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < inputs; j++) {
        if (rnd.nextBoolean()) {
          rowBits[r * words + (j >>> 6)] |= 1L << j;
          featBits[j * batchWords + (r >>> 6)] |= 1L << r;
        }
      }
      featBits[inputs * batchWords + (r >>> 6)] |= 1L << r;
    }
    int[] fwdStart = new int[BinaryBuckets.PATTERNS * BinaryBuckets.groups(rows) + 1];
    int[] fwdEntries = new int[BinaryBuckets.groups(rows) * inputs];
    BinaryBuckets.build(rows, rowBits, 0, words, fwdStart, fwdEntries);
    int[] bwdStart = new int[BinaryBuckets.PATTERNS * BinaryBuckets.groups(inputs + 1) + 1];
    int[] bwdEntries = new int[BinaryBuckets.groups(inputs + 1) * rows];
    BinaryBuckets.build(inputs + 1, featBits, 0, batchWords, bwdStart, bwdEntries);

    // forward: h = relu(X·W1 + b1), the bias being W1's last row
    float[] w1 = floats(off + (inputs + 1) * ld);
    float[] hs = floats(off + rows * ld);
    float[] hp = hs.clone();
    ref.binaryLinearRelu(rows, cols, fwdStart, fwdEntries, w1, off, ld, w1, off + inputs * ld, hs, off, ld);
    simd.binaryLinearRelu(rows, cols, fwdStart, fwdEntries, w1, off, ld, w1, off + inputs * ld, hp, off, ld);
    count("binaryLinearRelu");
    exact("binaryLinearRelu" + shape, hs, hp);

    // logits = h·W2ᵀ
    float[] w2 = floats(off + classes * ld);
    float[] ls = floats(rows * classes + 1);
    float[] lp = ls.clone();
    ref.linearSmallOut(rows, classes, cols, hs, off, ld, w2, off, ld, ls, 1, classes);
    simd.linearSmallOut(rows, classes, cols, hs, off, ld, w2, off, ld, lp, 1, classes);
    count("linearSmallOut");
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < classes; k++) {
        double absSum = 0;
        for (int c = 0; c < cols; c++) {
          absSum += Math.abs((double) hs[off + r * ld + c] * w2[off + k * ld + c]);
        }
        int i = 1 + r * classes + k;
        close("linearSmallOut" + shape + " row " + r + " output " + k, ls[i], lp[i], FLOAT_U * (cols + 3) * absSum);
      }
    }

    // loss, accuracy and dlogits, all from the reference's logits
    int[] labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = rnd.nextInt(classes);
    }
    float[] gs = new float[rows * classes];
    float[] gp = new float[rows * classes];
    double lossS = ref.softmaxCrossEntropy(rows, classes, ls, 1, classes, labels, 0, gs, 0, classes, 1f / rows);
    double lossP = simd.softmaxCrossEntropy(rows, classes, ls, 1, classes, labels, 0, gp, 0, classes, 1f / rows);
    count("softmaxCrossEntropy");
    close("softmaxCrossEntropy" + shape, lossS, lossP, 1e-12 / FACTOR * Math.max(1, Math.abs(lossS)));
    for (int i = 0; i < gs.length; i++) {
      close("softmaxCrossEntropy gradient" + shape + " element " + i, gs[i], gp[i],
          2 * FLOAT_U / FACTOR * Math.max(1, Math.abs(gs[i])));
    }
    int correctS = ref.countCorrect(rows, classes, ls, 1, classes, labels, 0);
    int correctP = simd.countCorrect(rows, classes, ls, 1, classes, labels, 0);
    count("countCorrect");
    if (correctS != correctP) {
      fail("countCorrect" + shape, "scalar " + correctS + ", simd " + correctP);
    }

    // backward through fc2 and its SGD step: dh from the old W2, then W2 −= lr·(dyᵀ·h + wd·W2)
    float lr = 0.05f;
    float wd = 0.01f;
    float[] dhs = floats(off + rows * ld);
    float[] dhp = dhs.clone();
    float[] w2s = w2.clone();
    float[] w2p = w2.clone();
    ref.reluLinearBackwardSgd(rows, cols, classes, gs, 0, classes, hs, off, ld, dhs, off, ld, lr, wd, w2s, off, ld);
    simd.reluLinearBackwardSgd(rows, cols, classes, gs, 0, classes, hs, off, ld, dhp, off, ld, lr, wd, w2p, off, ld);
    count("reluLinearBackwardSgd");
    for (int r = 0; r < rows && failedKernel == null; r++) {
      for (int c = 0; c < cols; c++) {
        int i = off + r * ld + c;
        if (!(hs[i] > 0f)) {
          if (Float.floatToRawIntBits(dhp[i]) != 0) {
            fail("reluLinearBackwardSgd dh" + shape, "masked element " + i + " is " + dhp[i] + ", not +0");
            return;
          }
          continue;
        }
        double absSum = 0;
        for (int k = 0; k < classes; k++) {
          absSum += Math.abs((double) gs[r * classes + k] * w2[off + k * ld + c]);
        }
        close("reluLinearBackwardSgd dh" + shape + " element " + i, dhs[i], dhp[i], FLOAT_U * (classes + 3) * absSum);
      }
    }
    for (int k = 0; k < classes; k++) {
      for (int c = 0; c < cols; c++) {
        double absGrad = 0;
        for (int r = 0; r < rows; r++) {
          absGrad += Math.abs((double) gs[r * classes + k] * hs[off + r * ld + c]);
        }
        int i = off + k * ld + c;
        double tol = FLOAT_U * ((rows + 3) * lr * absGrad + 4 * (Math.abs(w2[i]) + lr * absGrad));
        close("reluLinearBackwardSgd w" + shape + " element " + i, w2s[i], w2p[i], tol);
      }
    }

    // W1 and b1 −= lr·(Xᵀ·dh + wd·[W1; b1]), from the reference's dh
    float[] w1s = w1.clone();
    float[] w1p = w1.clone();
    ref.binaryScatterSgd(inputs + 1, cols, bwdStart, bwdEntries, dhs, off, ld, lr, wd, w1s, off, ld);
    simd.binaryScatterSgd(inputs + 1, cols, bwdStart, bwdEntries, dhs, off, ld, lr, wd, w1p, off, ld);
    count("binaryScatterSgd");
    exact("binaryScatterSgd" + shape, w1s, w1p);
  }

  // ---------------------------------------------------------------- comparisons

  private void count(String kernel) {
    checked.add(kernel);
    cases++;
  }

  private void close(String name, double expected, double actual, double tol) {
    if (failedKernel == null && !(Math.abs(expected - actual) <= FACTOR * tol + 1e-30)) {
      fail(name, "scalar " + expected + ", simd " + actual);
    }
  }

  private void exact(String name, float[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        fail(name, "element " + i + ": scalar " + expected[i] + ", simd " + actual[i] + " (the same bits are promised)");
        return;
      }
    }
  }

  private void exact(String name, double[] expected, double[] actual) {
    for (int i = 0; i < expected.length; i++) {
      if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
        fail(name, "element " + i + ": scalar " + expected[i] + ", simd " + actual[i] + " (the same bits are promised)");
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

  private static double[] abs(double[] x) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = Math.abs(x[i]);
    }
    return r;
  }
}
