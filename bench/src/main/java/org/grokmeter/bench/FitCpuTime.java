package org.grokmeter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.grokmeter.fit.CurveFitter;
import org.grokmeter.fit.ErrorModel;
import org.grokmeter.fit.FitOptions;
import org.grokmeter.fit.FitResult;
import org.grokmeter.kernels.ErfSums;
import org.grokmeter.kernels.KernelProvider;
import org.grokmeter.kernels.KernelSupport;
import org.grokmeter.kernels.ScalarKernels;

/**
 * Thread CPU time per paper-mode fit on the {@link FitCurves} (companion of {@link FitBench} for a
 * busy machine, where wall-clock JMH numbers mostly measure the other processes). Peer:
 * {@code python3 bench/peers/scipy_fit.py}, whose cpu_us_per_fit column is process CPU time.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar org.grokmeter.bench.FitCpuTime [IMPL] [hac|iid]</pre>
 * IMPL is PANAMA (default) or SCALAR: one per JVM, like a JMH fork. The error model is the default
 * (HAC) unless iid is given (scipy's σ²(JᵀJ)⁻¹, no influence series). Measuring SCALAR first in the
 * same JVM changed how C2 compiled the PANAMA pass (the call site turned bimorphic) and moved the
 * PANAMA numbers by up to 20% in either direction. Warm-up 3 s per case, then the best of 5 rounds
 * of ~1 s each.
 */
public final class FitCpuTime {

  private FitCpuTime() {}

  public static void main(String[] args) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[][] mlp = FitCurves.mlp();
    double[][] lin = FitCurves.linear();
    double tMax = lin[0][lin[0].length - 1];
    System.out.println("curve,impl,errors,points,cpu_us_per_fit,t_star,s,status");
    String only = args.length > 0 ? args[0].toUpperCase(java.util.Locale.ROOT) : "PANAMA";
    if (!only.equals("PANAMA") && !only.equals("SCALAR")) {
      throw new IllegalArgumentException("IMPL must be PANAMA or SCALAR, not " + args[0]);
    }
    ErrorModel errors = args.length > 1 ? ErrorModel.parse(args[1]) : ErrorModel.HAC;
    for (String impl : new String[] {only}) {
      ErfSums sums = impl.equals("PANAMA") ? KernelProvider.panama().map(KernelSupport::erfSums).orElse(null)
          : ScalarKernels.INSTANCE.erfSums();
      CurveFitter fitter = new CurveFitter(sums);
      Object[][] cases = {
        {"mlp_train", mlp[0], mlp[1], 0.25, 0.75, 1e-3, 100.0},
        {"mlp_val", mlp[0], mlp[2], 0.25, 0.75, 1e-3, 100.0},
        {"linear_train", lin[0], lin[1], 0.5, 0.5, 1 / tMax, tMax / 5},
        {"linear_val", lin[0], lin[2], 0.5, 0.5, 1 / tMax, tMax / 5},
      };
      for (Object[] c : cases) {
        double[] t = (double[]) c[1];
        double[] y = (double[]) c[2];
        double a = (double) c[3];
        double b = (double) c[4];
        double s0 = (double) c[5];
        double t0 = (double) c[6];
        FitOptions options = FitOptions.paper(a, b, s0, t0).withErrors(errors);
        FitResult r = null;
        long end = mx.getCurrentThreadCpuTime() + 3_000_000_000L;
        while (mx.getCurrentThreadCpuTime() < end) {
          r = fitter.fit(t, y, options);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int round = 0; round < 5; round++) {
          long start = mx.getCurrentThreadCpuTime();
          int fits = 0;
          while (mx.getCurrentThreadCpuTime() - start < 1_000_000_000L) {
            r = fitter.fit(t, y, options);
            fits++;
          }
          best = Math.min(best, (mx.getCurrentThreadCpuTime() - start) / 1e3 / fits);
        }
        System.out.printf("%s,%s,%s,%d,%.1f,%s,%s,%s%n", c[0], impl, errors.token(), t.length, best, r.jumpTime(), r.sharpness(),
            r.status().token());
      }
    }
  }
}
