package org.grokmeter.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.grokmeter.data.GaussianTeacherStudent;
import org.grokmeter.experiments.LinearPipeline;
import org.grokmeter.fit.CurveFitter;
import org.grokmeter.fit.FitResult;
import org.grokmeter.fit.WindowedErfFitter;
import org.grokmeter.linear.LeviCurves;
import org.grokmeter.linear.TeacherStudentSimulation;
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
 * The linear setting's hot paths (docs/performance.md, "Linear setting"):
 * <ul>
 *   <li>{@code paperCurves}/{@code exactCurves}: both loss curves and accuracies of one λ on the
 *       paper's 50 000-point grid (the paper run does 120 of these);</li>
 *   <li>{@code paperFit}: one 50 000-point fit, the windowed fitter against the general one;</li>
 *   <li>{@code gdStep}: one explicit full-batch gradient-descent step, d × d Σ_tr times d × 1;</li>
 *   <li>{@code eigen}: the spectral path's one-off symmetric eigendecomposition, EJML against
 *       Commons Math (why core depends on EJML).</li>
 * </ul>
 * Defaults: 1 fork, 3 warm-up and 5 measured iterations of 1 s, one thread.
 * Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar LinearBench}.
 */
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LinearBench {

  /** Curves of one λ. */
  @State(Scope.Benchmark)
  public static class CurveState {
    @Param({"1.003", "1.1"})
    public double lambda;
    LinearPipeline.Options paper;
    LinearPipeline.Options exact;

    @Setup
    public void setup() {
      paper = LinearPipeline.Options.paper();
      exact = paper.withMode(LeviCurves.Mode.EXACT);
    }
  }

  @Benchmark
  public LinearPipeline.Curves paperCurves(CurveState s) {
    return LinearPipeline.curves(s.paper, s.lambda);
  }

  @Benchmark
  public LinearPipeline.Curves exactCurves(CurveState s) {
    // exact mode at λ > 1 is as costly as below 1; it just never groks
    return LinearPipeline.curves(s.exact, s.lambda);
  }

  /** One paper-mode validation curve of λ = 1.05 and the paper's start. */
  @State(Scope.Benchmark)
  public static class FitState {
    @Param({"WINDOWED", "GENERAL"})
    public String fitter;
    double[] t;
    double[] y;
    double tMax;

    @Setup
    public void setup() {
      LinearPipeline.Curves c = LinearPipeline.curves(LinearPipeline.Options.paper(), 1.05);
      t = c.t();
      y = c.valAccuracy();
      tMax = LinearPipeline.tMax(1.05);
    }
  }

  @Benchmark
  public FitResult paperFit(FitState s) {
    return "WINDOWED".equals(s.fitter)
        ? new WindowedErfFitter().fit(s.t, s.y, 0.5, 0.5, 1 / s.tMax, s.tMax / 5)
        : new CurveFitter().fitWithFallback(s.t, s.y, 0.5, 0.5, 1 / s.tMax, s.tMax / 5);
  }

  /** A simulation at λ = 0.9 (N_tr = d/0.9). */
  @State(Scope.Benchmark)
  public static class StepState {
    @Param({"200", "1000"})
    public int dim;
    TeacherStudentSimulation sim;

    @Setup(Level.Trial)
    public void setup() {
      GaussianTeacherStudent data = GaussianTeacherStudent.generate(1, dim, (int) Math.round(dim / 0.9), 1, 1);
      sim = new TeacherStudentSimulation(data, 0.01, 0.0);
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long gdStep(StepState s) {
    s.sim.step(1);
    return s.sim.steps();
  }

  /** Σ_tr of a d = 1000 (or 400) data set. */
  @State(Scope.Benchmark)
  public static class EigenState {
    @Param({"400", "1000"})
    public int dim;
    @Param({"EJML", "COMMONS_MATH"})
    public String impl;
    double[] sigma;

    @Setup(Level.Trial)
    public void setup() {
      GaussianTeacherStudent data = GaussianTeacherStudent.generate(2, dim, (int) Math.round(dim / 0.9), 1, 1);
      int d = dim;
      int n = data.trainSize;
      sigma = new double[d * d];
      for (int i = 0; i < n; i++) {
        for (int p = 0; p < d; p++) {
          double xp = data.trainInputs[i * d + p] / n;
          for (int q = 0; q < d; q++) {
            sigma[p * d + q] += xp * data.trainInputs[i * d + q];
          }
        }
      }
      for (int p = 0; p < d; p++) {
        for (int q = 0; q < p; q++) {
          double v = 0.5 * (sigma[p * d + q] + sigma[q * d + p]);
          sigma[p * d + q] = v;
          sigma[q * d + p] = v;
        }
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public double eigen(EigenState s) {
    int d = s.dim;
    if ("EJML".equals(s.impl)) {
      EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
      DMatrixRMaj a = new DMatrixRMaj(d, d);
      System.arraycopy(s.sigma, 0, a.data, 0, d * d);
      eig.decompose(a);
      return eig.getEigenvalue(0).getReal() + eig.getEigenVector(0).get(0);
    }
    double[][] rows = new double[d][d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(s.sigma, i * d, rows[i], 0, d);
    }
    EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(rows, false));
    return e.getRealEigenvalue(0) + e.getEigenvector(0).getEntry(0);
  }
}
