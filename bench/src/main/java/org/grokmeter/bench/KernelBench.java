package org.grokmeter.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.grokmeter.kernels.KernelProvider;
import org.grokmeter.kernels.KernelSupport;
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
 * The kernels on the shapes this project runs, against the scalar reference and EJML.
 *
 * <p>GEMM benchmarks take {@code shape = MxKxN}: C[M×N] = op(A)[M×K]·op(B)[K×N], one operation per
 * call, 2·M·K·N flops (GFLOP/s = ops/s · 2MKN / 1e9; {@code bench/table} with
 * {@code dims=shape:m,k,n flops=2*m*k*n}). Dense operands (leading dimension = row length), alpha 1,
 * beta 0, fixed seeds. EJML: {@code CommonOps_FDRM/DDRM.mult, multTransA, multTransB} on the same
 * arrays wrapped as row-major matrices (EJML picks its own algorithm per size).
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

  /** Implementations compared: our two, and EJML as the peer Java library (GEMM only). */
  public enum Impl { SCALAR, PANAMA, EJML }

  static KernelSupport kernels(Impl impl) {
    return switch (impl) {
      case SCALAR -> ScalarKernels.INSTANCE;
      case PANAMA -> KernelProvider.panama().orElseThrow(() ->
          new IllegalStateException("Panama kernels unavailable: fork lacks --add-modules jdk.incubator.vector?"));
      case EJML -> null;
    };
  }

  static float[] floats(SplittableRandom rnd, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return x;
  }

  static double[] doubles(SplittableRandom rnd, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble() * 2 - 1;
    }
    return x;
  }

  /** Float operands for one shape; subclasses fix the shapes and how A and B are stored. */
  @State(Scope.Thread)
  public abstract static class FloatGemm {
    @Param({"SCALAR", "PANAMA", "EJML"})
    public Impl impl;

    int m;
    int k;
    int n;
    KernelSupport ks;
    float[] a;
    float[] b;
    float[] c;
    FMatrixRMaj ma;
    FMatrixRMaj mb;
    FMatrixRMaj mc;

    abstract String shape();

    /** Rows and columns of A and B as stored: {aRows, aCols, bRows, bCols}. */
    abstract int[] stored();

    @Setup(Level.Trial)
    public void setUp() {
      String[] d = shape().split("x");
      m = Integer.parseInt(d[0]);
      k = Integer.parseInt(d[1]);
      n = Integer.parseInt(d[2]);
      int[] s = stored();
      SplittableRandom rnd = new SplittableRandom(42);
      a = floats(rnd, s[0] * s[1]);
      b = floats(rnd, s[2] * s[3]);
      c = new float[m * n];
      ks = kernels(impl);
      ma = FMatrixRMaj.wrap(s[0], s[1], a);
      mb = FMatrixRMaj.wrap(s[2], s[3], b);
      mc = FMatrixRMaj.wrap(m, n, c);
    }
  }

  /** C = A·B: MLP forward [32×n]·[n×1000] (n = 25, 45), logits [32×1000]·[1000×2], validation. */
  public static class FloatNN extends FloatGemm {
    @Param({"32x25x1000", "32x45x1000", "32x1000x2", "250x45x1000"})
    public String shape;

    @Override
    String shape() {
      return shape;
    }

    @Override
    int[] stored() {
      return new int[] {m, k, k, n};
    }
  }

  /** C = Aᵀ·B: weight gradients Xᵀ·dH ([n×32]·[32×1000]) and Hᵀ·dLogits ([1000×32]·[32×2]). */
  public static class FloatTN extends FloatGemm {
    @Param({"25x32x1000", "45x32x1000", "1000x32x2"})
    public String shape;

    @Override
    String shape() {
      return shape;
    }

    @Override
    int[] stored() {
      return new int[] {k, m, k, n};
    }
  }

  /** C = A·Bᵀ: the hidden-layer gradient dLogits·W2ᵀ ([32×2]·[2×1000], W2 stored 1000×2). */
  public static class FloatNT extends FloatGemm {
    @Param({"32x2x1000"})
    public String shape;

    @Override
    String shape() {
      return shape;
    }

    @Override
    int[] stored() {
      return new int[] {m, k, n, k};
    }
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

  @Benchmark
  public float[] gemmF32(FloatNN s) {
    if (s.impl == Impl.EJML) {
      CommonOps_FDRM.mult(s.ma, s.mb, s.mc);
    } else {
      s.ks.gemm(s.m, s.n, s.k, 1f, s.a, 0, s.k, s.b, 0, s.n, 0f, s.c, 0, s.n);
    }
    return s.c;
  }

  @Benchmark
  public float[] gemmTNF32(FloatTN s) {
    if (s.impl == Impl.EJML) {
      CommonOps_FDRM.multTransA(s.ma, s.mb, s.mc);
    } else {
      s.ks.gemmTN(s.m, s.n, s.k, 1f, s.a, 0, s.m, s.b, 0, s.n, 0f, s.c, 0, s.n);
    }
    return s.c;
  }

  @Benchmark
  public float[] gemmNTF32(FloatNT s) {
    if (s.impl == Impl.EJML) {
      CommonOps_FDRM.multTransB(s.ma, s.mb, s.mc);
    } else {
      s.ks.gemmNT(s.m, s.n, s.k, 1f, s.a, 0, s.k, s.b, 0, s.k, 0f, s.c, 0, s.n);
    }
    return s.c;
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

  // ------------------------------------------------------------------------------------ other kernels

  /** The MLP's non-GEMM kernels at their real sizes; SCALAR vs PANAMA (no peer). */
  @State(Scope.Thread)
  public static class Ops {
    @Param({"SCALAR", "PANAMA"})
    public Impl impl;

    /** fc1 (45·1000 weights + 1000 biases) and fc2 (1000·2) of the n = 45 MLP. */
    static final int PARAMS = 45 * 1000 + 1000 + 2000;

    KernelSupport ks;
    float[] w;
    float[] g;
    float[] logits;
    float[] grad;
    int[] labels;

    @Setup(Level.Trial)
    public void setUp() {
      ks = kernels(impl);
      SplittableRandom rnd = new SplittableRandom(11);
      w = floats(rnd, PARAMS);
      g = floats(rnd, PARAMS);
      logits = floats(rnd, 32 * 2);
      grad = new float[32 * 2];
      labels = new int[32];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = rnd.nextInt(2);
      }
    }
  }

  /** Softmax cross-entropy with gradient on a batch of 32 rows × 2 classes. */
  @Benchmark
  public double softmaxCrossEntropy32x2(Ops s) {
    return s.ks.softmaxCrossEntropy(32, 2, s.logits, 0, 2, s.labels, 0, s.grad, 0, 2, 1f / 32);
  }

  /** SGD with weight decay over all 48 000 parameters (4 flops each). lr is tiny so w stays put. */
  @Benchmark
  public float[] sgdUpdate48000(Ops s) {
    s.ks.sgdUpdate(Ops.PARAMS, 1e-9f, 1e-2f, s.w, 0, s.g, 0);
    return s.w;
  }

  @Benchmark
  public float dot48000(Ops s) {
    return s.ks.dot(Ops.PARAMS, s.w, 0, s.g, 0);
  }

  @Benchmark
  public float sum48000(Ops s) {
    return s.ks.sum(Ops.PARAMS, s.w, 0);
  }

  @Benchmark
  public float sumOfSquares48000(Ops s) {
    return s.ks.sumOfSquares(Ops.PARAMS, s.w, 0);
  }
}
