package org.grokmeter.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A seconds-long self-benchmark of the kernels on the shapes this project runs (the MLP's GEMMs,
 * a covariance product of the linear model, an SGD update and a dot product), so a user can see what
 * their machine and JDK deliver. Not a substitute for the JMH benchmarks: one JVM, no forks, the
 * best of five timed batches after a warm-up that lasts until the speed stops improving.
 *
 * <p>GFLOP/s counts 2·m·k·n flops for a GEMM, 2·k for a dot product of length k, and 4·n for an SGD
 * update of n parameters (w − lr·(g + wd·w): two multiplies, two adds).
 */
public final class SpeedProbe {

  /** One CSV row: {@code kernel,m,k,n,dtype,impl,gflops}. */
  public record Row(String kernel, int m, int k, int n, String dtype, String impl, double gflops) {

    public static final String HEADER = "kernel,m,k,n,dtype,impl,gflops";

    public String csv() {
      return kernel + "," + m + "," + k + "," + n + "," + dtype + "," + impl + ","
          + String.format(java.util.Locale.ROOT, "%.3f", gflops);
    }
  }

  /** A benchmarked operation: kernel name, dims, dtype, flops per call, and the call itself. */
  private record Case(String kernel, int m, int k, int n, String dtype, double flops, Op op) {}

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
    // allocating state (0.2 instead of 40 GFLOP/s for one shape, a different one run to run); run
    // one after the other, every row was sane.
    List<Case> cases = cases();
    double[][] gflops = new double[cases.size()][impls.size()];
    for (int i = impls.size() - 1; i >= 0; i--) {
      for (int c = 0; c < cases.size(); c++) {
        gflops[c][i] = measure(cases.get(c), impls.get(i), millisPerRow);
      }
    }
    for (int c = 0; c < cases.size(); c++) {
      Case k = cases.get(c);
      for (int i = 0; i < impls.size(); i++) {
        sink.accept(new Row(k.kernel, k.m, k.k, k.n, k.dtype, impls.get(i).name(), gflops[c][i]));
      }
    }
  }

  private static volatile double sink;

  /** Warm-up per row: enough calls and time for C2 to compile the kernels it is about to measure. */
  private static final long WARM_UP_MIN_CALLS = 1000;
  private static final long WARM_UP_MIN_NANOS = 300_000_000L;
  private static final long WARM_UP_MAX_NANOS = 6_000_000_000L;

  private static double measure(Case c, KernelSupport ks, long millisPerRow) {
    long budget = millisPerRow * 1_000_000L;
    double acc = 0;
    // Warm-up until the JIT has settled: at least WARM_UP_MIN_CALLS calls (C2 compiles a method only
    // after some hundreds of calls, and the Vector API runs as slow Java code until then: milliseconds
    // per call) and WARM_UP_MIN_NANOS, then until three batches in a row are no faster than the best
    // so far (by 5%); never more than WARM_UP_MAX_NANOS (both bounds shrink with tiny budgets). A
    // short warm-up measured the uncompiled kernels on a loaded machine: 0.05 GFLOP/s instead of 50.
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
    // then the best of 5 batches of a fifth of the budget each
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
    return c.flops / best;  // flops per nanosecond = GFLOP/s
  }

  private static List<Case> cases() {
    SplittableRandom rnd = new SplittableRandom(20240214);
    List<Case> cases = new ArrayList<>();
    // the MLP (batch 32, hidden 1000, 2 classes, input size n = 25…45), float32
    for (int in : new int[] {45, 25}) {
      cases.add(gemmF(rnd, "gemm", 32, in, 1000));     // forward  X·W1
      cases.add(gemmF(rnd, "gemmTN", in, 32, 1000));   // gradient Xᵀ·dH
    }
    cases.add(gemmF(rnd, "gemm", 32, 1000, 2));        // logits   H·W2
    cases.add(gemmF(rnd, "gemmTN", 1000, 32, 2));      // gradient Hᵀ·dLogits
    cases.add(gemmF(rnd, "gemmNT", 32, 2, 1000));      // backprop dLogits·W2ᵀ
    cases.add(gemmF(rnd, "gemm", 250, 45, 1000));      // validation pass
    // the linear model: covariance XᵀX of N×d samples, float64
    cases.add(gemmD(rnd, "gemmTN", 500, 500, 500));
    int params = 45 * 1000 + 1000 + 2000;
    float[] w = floats(rnd, params);
    float[] g = floats(rnd, params);
    cases.add(new Case("sgdUpdate", 1, 1, params, "float32", 4.0 * params, ks -> {
      ks.sgdUpdate(params, 1e-6f, 1e-2f, w, 0, g, 0);
      return w[params - 1];
    }));
    cases.add(new Case("dot", 1, params, 1, "float32", 2.0 * params, ks -> ks.dot(params, w, 0, g, 0)));
    return cases;
  }

  /** C[m×n] = op(A)·op(B) with op(A) m×k, op(B) k×n, float32, dense (leading dimension = row length). */
  private static Case gemmF(SplittableRandom rnd, String kernel, int m, int k, int n) {
    float[] a = floats(rnd, m * k);
    float[] b = floats(rnd, k * n);
    float[] c = new float[m * n];
    Op op = switch (kernel) {
      case "gemm" -> ks -> {
        ks.gemm(m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        return c[m * n - 1];
      };
      case "gemmTN" -> ks -> {
        ks.gemmTN(m, n, k, 1f, a, 0, m, b, 0, n, 0f, c, 0, n);
        return c[m * n - 1];
      };
      case "gemmNT" -> ks -> {
        ks.gemmNT(m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
        return c[m * n - 1];
      };
      default -> throw new IllegalArgumentException(kernel);
    };
    return new Case(kernel, m, k, n, "float32", 2.0 * m * k * n, op);
  }

  private static Case gemmD(SplittableRandom rnd, String kernel, int m, int k, int n) {
    double[] a = new double[m * k];
    double[] b = new double[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextDouble() - 0.5;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = rnd.nextDouble() - 0.5;
    }
    double[] c = new double[m * n];
    if (!kernel.equals("gemmTN")) {
      throw new IllegalArgumentException(kernel);
    }
    return new Case(kernel, m, k, n, "float64", 2.0 * m * k * n, ks -> {
      ks.gemmTN(m, n, k, 1d, a, 0, m, b, 0, n, 0d, c, 0, n);
      return c[m * n - 1];
    });
  }

  private static float[] floats(SplittableRandom rnd, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (rnd.nextDouble() - 0.5);
    }
    return x;
  }
}
