package org.grokmeter.bench;

import java.util.concurrent.TimeUnit;

import org.grokmeter.fit.CurveFitter;
import org.grokmeter.fit.FitResult;
import org.grokmeter.kernels.ErfSums;
import org.grokmeter.kernels.KernelProvider;
import org.grokmeter.kernels.KernelSupport;
import org.grokmeter.kernels.ScalarKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One paper-mode S-curve fit per operation, from the paper's start, on the curves of
 * {@link FitCurves}; the peer is bench/peers/scipy_fit.py (scipy curve_fit on the same curves).
 * MLP: a = 1/4, b = 3/4, start s = 1e-3, t* = 100. Linear: a = b = 1/2, s = 1/t_max, t* = t_max/5.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FitBench {

  /** mlp_train / mlp_val: 3000 points; linear_train / linear_val: 50 000 points. */
  @Param({"mlp_train", "mlp_val", "linear_train", "linear_val"})
  public String curve;

  /** The fitter's hot loop: SCALAR (Commons Numbers erf) or PANAMA (vector erf). */
  @Param({"SCALAR", "PANAMA"})
  public String impl;

  private CurveFitter fitter;
  private double[] t;
  private double[] y;
  private double a;
  private double b;
  private double s0;
  private double tStar0;

  @Setup
  public void setup() {
    ErfSums sums = impl.equals("PANAMA") ? KernelProvider.panama().map(KernelSupport::erfSums).orElse(null)
        : ScalarKernels.INSTANCE.erfSums();
    if (sums == null) {
      throw new IllegalStateException("Panama ErfSums unavailable (fork needs --add-modules jdk.incubator.vector)");
    }
    fitter = new CurveFitter(sums);
    double[][] c = curve.startsWith("mlp") ? FitCurves.mlp() : FitCurves.linear();
    t = c[0];
    y = curve.endsWith("train") ? c[1] : c[2];
    if (curve.startsWith("mlp")) {
      a = 0.25;
      b = 0.75;
      s0 = 1e-3;
      tStar0 = 100;
    } else {
      double tMax = t[t.length - 1];
      a = 0.5;
      b = 0.5;
      s0 = 1 / tMax;
      tStar0 = tMax / 5;
    }
  }

  @Benchmark
  public FitResult fitPaper() {
    return fitter.fitPaper(t, y, a, b, s0, tStar0);
  }
}
