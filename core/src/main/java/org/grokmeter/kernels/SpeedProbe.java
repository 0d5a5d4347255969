package org.grokmeter.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A seconds-long self-benchmark of the kernels at the shapes this project runs, so a user can see
 * what their machine and JDK deliver: the MLP's training step as it runs (the binary-input forward
 * layer, the logits, the loss, the fused backward pass with the output layer's SGD step, the fused
 * scatter SGD step of the first layer), the linear model's covariance and the fitter's erf pass. Not a
 * substitute for the JMH benchmarks: one JVM, no forks, the best of five timed batches after a
 * warm-up that lasts until the speed stops improving.
 *
 * <p>Each row gives the time per call and, where a kernel's work is arithmetic, GFLOP/s of the
 * operations it really performs: for the binary kernels one addition per selected (row, input) pair
 * and column (they multiply nothing), plus the bias and ReLU or the SGD update (4 per weight);
 * 2 per multiply–add elsewhere. The loss, the accuracy and the erf pass leave the column empty.
 */
public final class SpeedProbe {

  /** One CSV row: {@code kernel,shape,dtype,impl,us_per_call,gflops} (gflops may be empty). */
  public record Row(String kernel, String shape, String dtype, String impl, double microseconds, double gflops) {

    public static final String HEADER = "kernel,shape,dtype,impl,us_per_call,gflops";

    public String csv() {
      return kernel + "," + shape + "," + dtype + "," + impl + ","
          + String.format(Locale.ROOT, "%.3f", microseconds) + ","
          + (Double.isNaN(gflops) ? "" : String.format(Locale.ROOT, "%.3f", gflops));
    }
  }

  /** A benchmarked operation: kernel name, shape, dtype, flops per call (NaN: not counted), the call. */
  private record Case(String kernel, String shape, String dtype, double flops, Op op) {}

  @FunctionalInterface
  private interface Op {
    /** Runs the kernel once on {@code ks}; returns one output element so the work cannot be elided. */
    double call(KernelSupport ks);
  }

  private SpeedProbe() {}

  /**
   * Runs every case on every implementation, spending about {@code millisPerRow} on each row after
   * the warm-up, and hands the rows to {@code sink} at the end, case by case.
   */
  public static void run(List<KernelSupport> impls, long millisPerRow, Consumer<Row> sink) {
    // One implementation at a time, the last (the SIMD one) first, rows handed out in case order at
    // the end. Interleaving scalar and Panama calls in one JVM left some Panama kernels in a slow,
    // allocating state (a different one run to run); run one after the other, every row was sane.
    List<Case> cases = cases();
    double[][] nanos = new double[cases.size()][impls.size()];
    for (int i = impls.size() - 1; i >= 0; i--) {
      for (int c = 0; c < cases.size(); c++) {
        nanos[c][i] = measure(cases.get(c), impls.get(i), millisPerRow);
      }
    }
    for (int c = 0; c < cases.size(); c++) {
      Case k = cases.get(c);
      for (int i = 0; i < impls.size(); i++) {
        sink.accept(new Row(k.kernel, k.shape, k.dtype, impls.get(i).name(), nanos[c][i] / 1e3,
            k.flops / nanos[c][i]));
      }
    }
  }

  private static volatile double sink;

  /** Warm-up per row: enough calls and time for C2 to compile the kernels it is about to measure. */
  private static final long WARM_UP_MIN_CALLS = 1000;
  private static final long WARM_UP_MIN_NANOS = 300_000_000L;
  private static final long WARM_UP_MAX_NANOS = 6_000_000_000L;

  /** Nanoseconds per call, the best of 5 batches after the warm-up. */
  private static double measure(Case c, KernelSupport ks, long millisPerRow) {
    long budget = millisPerRow * 1_000_000L;
    double acc = 0;
    // Warm-up until the JIT has settled: at least WARM_UP_MIN_CALLS calls (C2 compiles a method only
    // after some hundreds of calls, and the Vector API runs as slow Java code until then: milliseconds
    // per call) and WARM_UP_MIN_NANOS, then until three batches in a row are no faster than the best
    // so far (by 5%); never more than WARM_UP_MAX_NANOS (both bounds shrink with tiny budgets). A
    // short warm-up measures the uncompiled kernels: a thousand times slower on a loaded machine.
    long slice = Math.max(1, budget / 10);
    long warmStart = System.nanoTime();
    double bestRate = 0;
    int stale = 0;
    long warmCalls = 0;
    long minWarm = Math.min(WARM_UP_MIN_NANOS, budget);
    long maxWarm = Math.min(WARM_UP_MAX_NANOS, 24 * budget);
    while (System.nanoTime() - warmStart < maxWarm
        && (warmCalls < WARM_UP_MIN_CALLS || System.nanoTime() - warmStart < minWarm || stale < 3)) {
      long t0 = System.nanoTime();
      long n = 0;
      long t;
      do {
        acc += c.op.call(ks);
        n++;
        t = System.nanoTime() - t0;
      } while (t < slice);
      warmCalls += n;
      double rate = n / (double) t;
      if (rate > 1.05 * bestRate) {
        bestRate = rate;
        stale = 0;
      } else {
        stale++;
      }
    }
    double best = Double.MAX_VALUE;
    long batchBudget = Math.max(1, budget / 5);
    for (int batch = 0; batch < 5; batch++) {
      long t0 = System.nanoTime();
      long n = 0;
      long t;
      do {
        acc += c.op.call(ks);
        n++;
        t = System.nanoTime() - t0;
      } while (t < batchBudget);
      best = Math.min(best, (double) t / n);
    }
    sink += acc;
    return best;
  }

  /** The paper's MLP as the trainer lays it out: batches of 32, 1000 hidden units padded to 1024 columns. */
  private static final int BATCH = 32;
  private static final int WIDTH = 1024;
  private static final int STRIDE = 1040;
  private static final int CLASSES = 2;

  private static List<Case> cases() {
    SplittableRandom rnd = new SplittableRandom(20240214);
    List<Case> cases = new ArrayList<>();
    for (int n : new int[] {45, 25}) {
      mlp(rnd, n, cases);
    }
    // the linear model (simulate mode): Σ = XᵀX/N from a transposed copy, d = 500, N = 500
    int d = 500;
    double[] xt = doubles(rnd, d * d);
    double[] sigma = new double[d * d];
    cases.add(new Case("gemmNT", d + "x" + d + "x" + d, "float64", 2.0 * d * d * d, ks -> {
      ks.gemmNT(d, d, d, 1.0 / d, xt, 0, d, xt, 0, d, 0.0, sigma, 0, d);
      return sigma[d * d - 1];
    }));
    // the fitter's pass over a curve of 3000 points
    int points = 3000;
    double[] tau = new double[points];
    double[] y = new double[points];
    for (int i = 0; i < points; i++) {
      tau[i] = (i + 0.5) / points;
      y[i] = 0.75 + 0.25 * Math.tanh(8 * (tau[i] - 0.4)) + 0.02 * (rnd.nextDouble() - 0.5);
    }
    double[] out = new double[5];
    cases.add(new Case("erfSums", Integer.toString(points), "float64", Double.NaN,
        ks -> ks.erfSums().paperErf(tau, y, 0.35, 6.5, 0.25, 0.75, out)));
    return cases;
  }

  /** One training step's kernels at input size n, on a random batch and random weights. */
  private static void mlp(SplittableRandom rnd, int n, List<Case> cases) {
    int words = (n + 63) >>> 6;
    long[] rowBits = new long[BATCH * words];
    long[] featBits = new long[n + 1];
    long selected = 0;
    for (int r = 0; r < BATCH; r++) {
      for (int j = 0; j < n; j++) {
        if (rnd.nextBoolean()) {
          rowBits[r * words + (j >>> 6)] |= 1L << j;
          featBits[j] |= 1L << r;
          selected++;
        }
      }
      featBits[n] |= 1L << r;
    }
    int[] fwdStart = new int[BinaryBuckets.PATTERNS * BinaryBuckets.groups(BATCH) + 1];
    int[] fwdEntries = new int[BinaryBuckets.groups(BATCH) * n];
    BinaryBuckets.build(BATCH, rowBits, 0, words, fwdStart, fwdEntries);
    int[] bwdStart = new int[BinaryBuckets.PATTERNS * BinaryBuckets.groups(n + 1) + 1];
    int[] bwdEntries = new int[BinaryBuckets.groups(n + 1) * BATCH];
    BinaryBuckets.build(n + 1, featBits, 0, 1, bwdStart, bwdEntries);
    float[] w1 = floats(rnd, (n + 1) * STRIDE, 0.1);
    float[] w2 = floats(rnd, CLASSES * STRIDE, 0.05);
    float[] h = new float[BATCH * STRIDE];
    float[] dh = new float[BATCH * STRIDE];
    float[] logits = new float[BATCH * CLASSES];
    float[] dlogits = new float[BATCH * CLASSES];
    int[] labels = new int[BATCH];
    for (int r = 0; r < BATCH; r++) {
      labels[r] = rnd.nextInt(CLASSES);
    }
    // h and the logits of this batch, so the later kernels see realistic inputs (about half of h is 0)
    ScalarKernels ref = ScalarKernels.INSTANCE;
    ref.binaryLinearRelu(BATCH, WIDTH, fwdStart, fwdEntries, w1, 0, STRIDE, w1, n * STRIDE, h, 0, STRIDE);
    ref.linearSmallOut(BATCH, CLASSES, WIDTH, h, 0, STRIDE, w2, 0, STRIDE, logits, 0, CLASSES);
    ref.softmaxCrossEntropy(BATCH, CLASSES, logits, 0, CLASSES, labels, 0, dlogits, 0, CLASSES, 1f / BATCH);
    // tiny steps: the weights stay put however many calls the probe makes
    float lr = 1e-9f;
    float wd = 1e-2f;
    String shape = BATCH + "x" + n + "x" + WIDTH;
    cases.add(new Case("binaryLinearRelu", shape, "float32", (double) selected * WIDTH + 2.0 * BATCH * WIDTH, ks -> {
      ks.binaryLinearRelu(BATCH, WIDTH, fwdStart, fwdEntries, w1, 0, STRIDE, w1, n * STRIDE, h, 0, STRIDE);
      return h[0];
    }));
    if (n != 45) {
      return; // the remaining kernels do not depend on n
    }
    cases.add(new Case("linearSmallOut", BATCH + "x" + WIDTH + "x" + CLASSES, "float32",
        2.0 * BATCH * WIDTH * CLASSES, ks -> {
          ks.linearSmallOut(BATCH, CLASSES, WIDTH, h, 0, STRIDE, w2, 0, STRIDE, logits, 0, CLASSES);
          return logits[0];
        }));
    float[] grad = new float[BATCH * CLASSES];
    cases.add(new Case("softmaxCrossEntropy", BATCH + "x" + CLASSES, "float32", Double.NaN,
        ks -> ks.softmaxCrossEntropy(BATCH, CLASSES, logits, 0, CLASSES, labels, 0, grad, 0, CLASSES, 1f / BATCH)));
    cases.add(new Case("countCorrect", BATCH + "x" + CLASSES, "float32", Double.NaN,
        ks -> ks.countCorrect(BATCH, CLASSES, logits, 0, CLASSES, labels, 0)));
    cases.add(new Case("reluLinearBackwardSgd", BATCH + "x" + WIDTH + "x" + CLASSES, "float32",
        4.0 * BATCH * WIDTH * CLASSES + 4.0 * CLASSES * WIDTH, ks -> {
          ks.reluLinearBackwardSgd(BATCH, WIDTH, CLASSES, dlogits, 0, CLASSES, h, 0, STRIDE, dh, 0, STRIDE,
              lr, wd, w2, 0, STRIDE);
          return dh[0] + w2[0];
        }));
    String bwdShape = (n + 1) + "x" + BATCH + "x" + WIDTH;
    cases.add(new Case("binaryScatterSgd", bwdShape, "float32",
        (double) (selected + BATCH) * WIDTH + 4.0 * (n + 1) * WIDTH, ks -> {
          ks.binaryScatterSgd(n + 1, WIDTH, bwdStart, bwdEntries, dh, 0, STRIDE, lr, wd, w1, 0, STRIDE);
          return w1[0];
        }));
  }

  private static float[] floats(SplittableRandom rnd, int n, double scale) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (scale * (2 * rnd.nextDouble() - 1));
    }
    return x;
  }

  private static double[] doubles(SplittableRandom rnd, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble() - 0.5;
    }
    return x;
  }
}
