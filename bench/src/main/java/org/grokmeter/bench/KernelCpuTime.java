package org.grokmeter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import org.grokmeter.kernels.KernelProvider;
import org.grokmeter.kernels.KernelSupport;

/**
 * The KernelBench covariance shapes (the linear model's GEMM) timed by this thread's CPU time instead of the wall clock: on a shared
 * machine the wall clock also counts the time the thread waits for a core, the CPU time does not
 * (it still suffers from caches and memory bandwidth shared with the neighbours). A companion to
 * JMH, not a replacement: one JVM, warm-up, then the best of 12 timed batches per shape.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar org.grokmeter.bench.KernelCpuTime</pre>
 *
 * Prints CSV (kernel,m,k,n,dtype,impl,gflops) for PANAMA; compare with
 * {@code bench/peers/numpy_gemm.py --cpu-time} run right after it.
 */
public final class KernelCpuTime {

  private static volatile double sink;

  private KernelCpuTime() {}

  public static void main(String[] args) {
    KernelSupport ks = KernelProvider.panama().orElseThrow(() -> new IllegalStateException("no Panama kernels"));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    String[][] shapes = {
        {"covarianceF64", "500x500x500"}, {"covarianceF64", "1000x1000x1000"}, {"covarianceF64", "2000x2000x2000"}};
    System.out.println("kernel,m,k,n,dtype,impl,gflops");
    for (String[] s : shapes) {
      String[] d = s[1].split("x");
      int m = Integer.parseInt(d[0]);
      int k = Integer.parseInt(d[1]);
      int n = Integer.parseInt(d[2]);
      SplittableRandom rnd = new SplittableRandom(42);
      double[] x = KernelBench.doubles(rnd, k * m);
      double[] cd = new double[m * n];
      double flops = 2.0 * m * k * n;
      Runnable op = () -> ks.gemmTN(m, n, k, 1d, x, 0, m, x, 0, n, 0d, cd, 0, n);
      int calls = (int) Math.max(1, 2e8 / flops);
      // warm-up: at least 4 s of CPU and 3000 calls (or 5·10^10 flops, for the big products). C2
      // needs some hundreds of calls per kernel, and until then the Vector API runs as slow Java
      // code; a shorter warm-up measured 7 instead of 40 GFLOP/s for a shape that came late.
      long warm = Math.max(2, Math.min(3000, (long) (5e10 / flops)));
      long warmStart = threads.getCurrentThreadCpuTime();
      for (long i = 0; i < warm || threads.getCurrentThreadCpuTime() - warmStart < 4_000_000_000L; i++) {
        op.run();
      }
      double best = Double.MAX_VALUE;
      for (int t = 0; t < 12; t++) {
        long c0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
          op.run();
        }
        best = Math.min(best, (threads.getCurrentThreadCpuTime() - c0) / (double) calls);
      }
      sink += cd[0];
      System.out.printf(Locale.ROOT, "%s,%d,%d,%d,float64,PANAMA,%.3f%n", s[0], m, k, n, flops / best);
    }
  }
}
