package org.grokmeter.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.grokmeter.kernels.KernelProvider;
import org.grokmeter.kernels.KernelSupport;
import org.grokmeter.kernels.MlpStepData;
import org.grokmeter.kernels.ScalarKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kernels on the shapes this project runs, against the scalar reference (and EJML for the GEMM).
 *
 * <p>The linear model's covariance takes {@code shape = MxKxN}: C[M×N] = Aᵀ[M×K]·A[K×N], one
 * operation per call, 2·M·K·N flops (GFLOP/s = ops/s · 2MKN / 1e9; {@code bench/table} with
 * {@code dims=shape:m,k,n flops=2*m*k*n}). Dense operands, alpha 1, beta 0, fixed seeds. EJML:
 * {@code CommonOps_DDRM.multTransA} on the same array wrapped as a row-major matrix. The MLP's
 * kernels run one training step's calls at the paper's shapes ({@link Mlp}).
 *
 * <p>Defaults (1 s iterations, 3 warm-up, 5 measured, 1 fork) suit the 2-core shared machine;
 * {@code -wi/-i/-f} on the command line override the counts. Every fork gets the vector module:
 * a {@code -jvmArgsAppend} on the command line REPLACES it, so repeat it there.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBench {

  /** Implementations compared: our two, and EJML as the peer Java library (covariance only). */
  public enum Impl { SCALAR, PANAMA, EJML }

  static KernelSupport kernels(Impl impl) {
    return switch (impl) {
      case SCALAR -> ScalarKernels.INSTANCE;
      case PANAMA -> KernelProvider.panama().orElseThrow(() ->
          new IllegalStateException("Panama kernels unavailable: fork lacks --add-modules jdk.incubator.vector?"));
      case EJML -> null;
    };
  }

  static double[] doubles(SplittableRandom rnd, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble() * 2 - 1;
    }
    return x;
  }

  /** The linear model's covariance XᵀX in double: d×d from d×d samples (shape dxdxd). */
  @State(Scope.Thread)
  public static class Covariance {
    @Param({"SCALAR", "PANAMA", "EJML"})
    public Impl impl;

    @Param({"500x500x500", "1000x1000x1000", "2000x2000x2000"})
    public String shape;

    int d;
    int samples;
    KernelSupport ks;
    double[] x;
    double[] c;
    DMatrixRMaj mx;
    DMatrixRMaj mc;

    @Setup(Level.Trial)
    public void setUp() {
      String[] s = shape.split("x");
      d = Integer.parseInt(s[0]);
      samples = Integer.parseInt(s[1]);
      x = doubles(new SplittableRandom(7), samples * d);
      c = new double[d * d];
      ks = kernels(impl);
      mx = DMatrixRMaj.wrap(samples, d, x);
      mc = DMatrixRMaj.wrap(d, d, c);
    }
  }

  /** Σ = XᵀX (unnormalised): gemmTN with m = n = d, k = samples. */
  @Benchmark
  public double[] covarianceF64(Covariance s) {
    if (s.impl == Impl.EJML) {
      CommonOps_DDRM.multTransA(s.mx, s.mx, s.mc);
    } else {
      s.ks.gemmTN(s.d, s.d, s.samples, 1d, s.x, 0, s.d, s.x, 0, s.d, 0d, s.c, 0, s.d);
    }
    return s.c;
  }

  // ------------------------------------------------------------------------------------ the MLP's kernels

  /**
   * One training step's kernels at the paper's shapes as the trainer lays them out
   * ({@link MlpStepData}: a batch of 32 rows, n inputs, default 45, {@code -p inputSize=25} for the
   * other size, 1000 hidden units padded to 1024 columns with rows 1040 floats apart, 2 classes), on
   * the data {@code grokmeter info --speed} times. SCALAR vs PANAMA (no peer library has binary-input
   * kernels). The learning rate is tiny so the weights stay put across invocations.
   */
  @State(Scope.Thread)
  public static class Mlp {
    @Param({"SCALAR", "PANAMA"})
    public Impl impl;

    @Param({"45"})
    public int inputSize;

    KernelSupport ks;
    MlpStepData data;

    @Setup(Level.Trial)
    public void setUp() {
      ks = kernels(impl);
      data = new MlpStepData(inputSize, MLP_SEED);
    }
  }

  /** The seed of the MLP kernels' data, shared with {@code grokmeter info --speed}. */
  static final long MLP_SEED = 11;

  /** Forward layer h = relu(X·W1 + b1) on the batch's 0/1 inputs. */
  @Benchmark
  public float[] binaryLinearRelu(Mlp s) {
    s.data.binaryLinearRelu(s.ks);
    return s.data.h;
  }

  /** Logits h·W2ᵀ. */
  @Benchmark
  public float[] linearSmallOut(Mlp s) {
    s.data.linearSmallOut(s.ks);
    return s.data.logits;
  }

  /** Softmax cross-entropy with gradient on the batch's 32 rows × 2 classes. */
  @Benchmark
  public double softmaxCrossEntropy(Mlp s) {
    return s.data.softmaxCrossEntropy(s.ks);
  }

  /** The batch's correct predictions (the accuracy). */
  @Benchmark
  public int countCorrect(Mlp s) {
    return s.data.countCorrect(s.ks);
  }

  /** dh through fc2 and the ReLU, and fc2's SGD step, fused. */
  @Benchmark
  public float[] reluLinearBackwardSgd(Mlp s) {
    s.data.reluLinearBackwardSgd(s.ks);
    return s.data.dh;
  }

  /** fc1's SGD step: Xᵀ·dh scattered into [W1; b1] with weight decay, fused. */
  @Benchmark
  public float[] binaryScatterSgd(Mlp s) {
    s.data.binaryScatterSgd(s.ks);
    return s.data.w1;
  }
}
