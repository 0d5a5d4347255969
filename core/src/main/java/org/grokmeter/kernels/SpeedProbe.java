package org.grokmeter.kernels;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A seconds-long self-benchmark of the kernels at the shapes this project runs, so a user can see
 * what their machine and JDK deliver: the MLP's training step as it runs (the binary-input forward
 * layer, the logits, the loss, the fused backward pass with the output layer's SGD step, the fused
 * scatter SGD step of the first layer), the linear model's covariance and the fitter's erf pass. The
 * kernels, shapes and data are those of JMH's {@code KernelBench} ({@link MlpStepData}, the same
 * seeds), so the two agree where both exist. One JVM, no forks: the median of five timed batches after a
 * warm-up that lasts until C2 has compiled the kernel and the speed stops improving.
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
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  /**
   * Nanoseconds per call, the median of 5 batches after the warm-up: like JMH's mean over iterations, a
   * typical call rather than the luckiest batch, yet one interrupted batch does not move it.
   */
  private static double measure(Case c, KernelSupport ks, long millisPerRow) {
    long budget = millisPerRow * 1_000_000L;
    double acc = 0;
    // Warm-up until the JIT has settled: at least WARM_UP_MIN_CALLS calls (C2 compiles a method only
    // after some hundreds of calls, and the Vector API runs as slow Java code until then: milliseconds
    // per call) and WARM_UP_MIN_NANOS, then until three slices in a row are no faster than the best
    // so far (by 5%) and the JIT compiled nothing during them (a kernel still in C1 code, or C2 code
    // about to be replaced, is not what JMH measures after its warm-up); never more than
    // WARM_UP_MAX_NANOS (both bounds shrink with tiny budgets).
    long slice = Math.max(1, budget / 10);
    long warmStart = System.nanoTime();
    double bestRate = 0;
    int stale = 0;
    int quiet = 0;
    long warmCalls = 0;
    long minWarm = Math.min(WARM_UP_MIN_NANOS, budget);
    long maxWarm = Math.min(WARM_UP_MAX_NANOS, 24 * budget);
    boolean jitTimed = JIT != null && JIT.isCompilationTimeMonitoringSupported();
    long compiling = jitTimed ? JIT.getTotalCompilationTime() : 0;
    while (System.nanoTime() - warmStart < maxWarm
        && (warmCalls < WARM_UP_MIN_CALLS || System.nanoTime() - warmStart < minWarm || stale < 3 || quiet < 3)) {
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
      long compiled = jitTimed ? JIT.getTotalCompilationTime() : compiling;
      quiet = compiled == compiling ? quiet + 1 : 0;
      compiling = compiled;
    }
    // Calls between two clock reads: a clock read (~20 ns) beside each call of a 40 ns kernel
    // would nearly double its time; ~20 µs of calls per read make it negligible.
    int reps = (int) Math.max(1, Math.min(1 << 16, bestRate * 20_000));
    double[] perCall = new double[5];
    long batchBudget = Math.max(1, budget / 5);
    for (int batch = 0; batch < 5; batch++) {
      long t0 = System.nanoTime();
      long n = 0;
      long t;
      do {
        for (int i = 0; i < reps; i++) {
          acc += c.op.call(ks);
        }
        n += reps;
        t = System.nanoTime() - t0;
      } while (t < batchBudget);
      perCall[batch] = (double) t / n;
    }
    sink += acc;
    Arrays.sort(perCall);
    return perCall[2];
  }

  /** The seeds of KernelBench's data, so that the probe and JMH time the same calls. */
  private static final long MLP_SEED = 11;
  private static final long COVARIANCE_SEED = 7;

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (int n : new int[] {45, 25}) {
      mlp(new MlpStepData(n, MLP_SEED), cases);
    }
    // the linear model's covariance XᵀX (unnormalised), d = 500 from 500 samples, as KernelBench.covarianceF64
    int d = 500;
    double[] x = doubles(new SplittableRandom(COVARIANCE_SEED), d * d);
    double[] sigma = new double[d * d];
    cases.add(new Case("gemmTN", d + "x" + d + "x" + d, "float64", 2.0 * d * d * d, ks -> {
      ks.gemmTN(d, d, d, 1.0, x, 0, d, x, 0, d, 0.0, sigma, 0, d);
      return sigma[d * d - 1];
    }));
    // the fitter's pass over a curve of 3000 points
    SplittableRandom rnd = new SplittableRandom(20240214);
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

  /** One training step's kernels on {@code m}, as KernelBench's MLP benchmarks call them. */
  private static void mlp(MlpStepData m, List<Case> cases) {
    int n = m.inputSize;
    int batch = MlpStepData.BATCH;
    int width = MlpStepData.WIDTH;
    int classes = MlpStepData.CLASSES;
    String shape = batch + "x" + n + "x" + width;
    cases.add(new Case("binaryLinearRelu", shape, "float32", (double) m.selected * width + 2.0 * batch * width,
        ks -> {
          m.binaryLinearRelu(ks);
          return m.h[0];
        }));
    if (n != 45) {
      return; // the remaining kernels do not depend on n
    }
    cases.add(new Case("linearSmallOut", batch + "x" + width + "x" + classes, "float32",
        2.0 * batch * width * classes, ks -> {
          m.linearSmallOut(ks);
          return m.logits[0];
        }));
    cases.add(new Case("softmaxCrossEntropy", batch + "x" + classes, "float32", Double.NaN,
        m::softmaxCrossEntropy));
    cases.add(new Case("countCorrect", batch + "x" + classes, "float32", Double.NaN, m::countCorrect));
    cases.add(new Case("reluLinearBackwardSgd", batch + "x" + width + "x" + classes, "float32",
        4.0 * batch * width * classes + 4.0 * classes * width, ks -> {
          m.reluLinearBackwardSgd(ks);
          return m.dh[0] + m.w2[0];
        }));
    cases.add(new Case("binaryScatterSgd", (n + 1) + "x" + batch + "x" + width, "float32",
        (double) (m.selected + batch) * width + 4.0 * (n + 1) * width, ks -> {
          m.binaryScatterSgd(ks);
          return m.w1[0];
        }));
  }

  private static double[] doubles(SplittableRandom rnd, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble() * 2 - 1;
    }
    return x;
  }
}
