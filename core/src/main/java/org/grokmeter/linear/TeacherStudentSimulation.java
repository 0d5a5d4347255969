package org.grokmeter.linear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.grokmeter.data.GaussianTeacherStudent;
import org.grokmeter.kernels.Kernels;

/**
 * Simulation mode (docs/method.md): a finite Gaussian data set trained by full-batch gradient descent
 * in double precision,
 * <pre>
 *   S ← S − η(2 Σ_tr (S − T) + γ S),      Σ_tr = XᵀX / N_tr,
 * </pre>
 * i.e. gradient descent on (1/N_tr) Σᵢ ‖(S − T)ᵀxᵢ‖² with optional weight decay γ (one step = one
 * unit of t). Every output column follows the d_out = 1 dynamics, so exact mode applies for any
 * d_out. Two paths:
 * <ul>
 *   <li>explicit: {@link #step} with the project's kernels ({@code Kernels.IMPL.gemm});</li>
 *   <li>spectral: Σ_tr = V diag(ν) Vᵀ once (EJML's symmetric eigensolver), after which the state at
 *       any t is z_j(t) = z*_j + ρ_j^t (z_j(0) − z*_j) per eigen-coordinate, with
 *       ρ_j = 1 − 2ην_j − ηγ and z*_j = −γ τ_j / (2ν_j + γ) (τ = VᵀT); cost O(d·d_out) per t for
 *       the losses. {@code flow = true} uses e^(−(2ην_j + ηγ)t) instead of ρ_j^t (gradient flow).
 *       Non-integer t interpolates ρ^t = e^(t ln ρ).</li>
 * </ul>
 *
 * <p>Measured quantities at time t: L_tr = Tr(DᵀΣ_tr D)/d_out, L_gen = ‖D‖²_F/d_out (population
 * loss), training accuracy = fraction of the N_tr training samples whose squared error
 * ‖Dᵀxᵢ‖²/d_out is below ε, validation accuracy = the same fraction over the fresh validation
 * samples of the data set (not the population formula).
 */
public final class TeacherStudentSimulation {

  private final GaussianTeacherStudent data;
  private final double eta;
  private final double weightDecay;
  private final int d;
  private final int out;
  /** Σ_tr, d × d, row-major. */
  private final double[] sigma;
  /** The explicit path's student S, d × d_out. */
  private final double[] student;
  private final double[] diff;
  private long steps;

  // spectral path (computed on first use)
  private double[] eigenvalues;
  /** V, d × d, columns are eigenvectors. */
  private double[] eigenvectors;
  private double[] z0;
  private double[] zStar;
  /** X·V (N_tr × d) and X_val·V, so residuals at any t are one product with Z(t). */
  private double[] trainProjected;
  private double[] validationProjected;

  public TeacherStudentSimulation(GaussianTeacherStudent data, double eta, double weightDecay) {
    if (!(eta > 0) || Double.isInfinite(eta)) {
      throw new IllegalArgumentException("eta must be a positive finite number, got " + eta);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("weight decay must be a finite number >= 0, got " + weightDecay);
    }
    this.data = data;
    this.eta = eta;
    this.weightDecay = weightDecay;
    this.d = data.dim;
    this.out = data.outputs;
    this.sigma = covariance(data);
    this.student = data.student0.clone();
    this.diff = new double[d * out];
  }

  /**
   * Σ_tr = XᵀX/N_tr as Xᵗ·(Xᵗ)ᵀ on a transposed copy (gemmNT: both operands walked along rows,
   * which is several times faster than gemmTN's column walks on the scalar reference).
   */
  private static double[] covariance(GaussianTeacherStudent data) {
    int d = data.dim;
    int n = data.trainSize;
    double[] xt = new double[d * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        xt[j * n + i] = data.trainInputs[i * d + j];
      }
    }
    double[] sigma = new double[d * d];
    Kernels.IMPL.gemmNT(d, d, n, 1.0 / n, xt, 0, n, xt, 0, n, 0.0, sigma, 0, d);
    return sigma;
  }

  public GaussianTeacherStudent data() {
    return data;
  }

  public double eta() {
    return eta;
  }

  /** Steps taken by the explicit path so far. */
  public long steps() {
    return steps;
  }

  /** The explicit path's current student (a copy). */
  public double[] student() {
    return student.clone();
  }

  /** Explicit gradient-descent steps: S ← (1 − ηγ)S − 2η Σ_tr (S − T). */
  public void step(long count) {
    for (long s = 0; s < count; s++) {
      difference(student, diff);
      if (weightDecay != 0) {
        Kernels.IMPL.scale(d * out, 1 - eta * weightDecay, student, 0);
      }
      Kernels.IMPL.gemm(d, out, d, -2 * eta, sigma, 0, d, diff, 0, out, 1.0, student, 0, out);
    }
    steps += count;
  }

  /** Measures the explicit path's current state. */
  public Measurement measure(double eps) {
    difference(student, diff);
    return measureDifference(diff, eps, steps);
  }

  private void difference(double[] s, double[] dst) {
    System.arraycopy(s, 0, dst, 0, dst.length);
    Kernels.IMPL.axpy(dst.length, -1.0, data.teacher, 0, dst, 0);
  }

  /** Losses and accuracies of D = S − T (d × d_out). */
  private Measurement measureDifference(double[] dm, double eps, double t) {
    double[] sd = new double[d * out];
    Kernels.IMPL.gemm(d, out, d, 1.0, sigma, 0, d, dm, 0, out, 0.0, sd, 0, out);
    double trainLoss = Kernels.IMPL.dot(d * out, dm, 0, sd, 0) / out;
    double genLoss = Kernels.IMPL.sumOfSquares(d * out, dm, 0) / out;
    double trainAcc = accuracyOf(data.trainInputs, data.trainSize, dm, eps);
    double valAcc = data.validationSize == 0 ? Double.NaN : accuracyOf(data.validationInputs, data.validationSize, dm, eps);
    return new Measurement(t, trainLoss, genLoss, trainAcc, valAcc);
  }

  /** Fraction of rows i of an n × d input block whose squared error ‖Dᵀxᵢ‖²/d_out is below ε. */
  private double accuracyOf(double[] inputs, int n, double[] dm, double eps) {
    double[] r = new double[n * out];
    Kernels.IMPL.gemm(n, out, d, 1.0, inputs, 0, d, dm, 0, out, 0.0, r, 0, out);
    return fractionBelow(r, n, eps);
  }

  private double fractionBelow(double[] residuals, int n, double eps) {
    int correct = 0;
    for (int i = 0; i < n; i++) {
      double sq = Kernels.IMPL.sumOfSquares(out, residuals, i * out) / out;
      if (sq < eps) {
        correct++;
      }
    }
    return (double) correct / n;
  }

  // ---------------------------------------------------------------- spectral path

  /** Eigenvalues ν of Σ_tr, ascending (negative round-off clamped to 0). Computes the decomposition once. */
  public double[] eigenvalues() {
    ensureSpectral();
    return eigenvalues.clone();
  }

  private synchronized void ensureSpectral() {
    if (eigenvalues != null) {
      return;
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
    DMatrixRMaj a = new DMatrixRMaj(d, d);
    System.arraycopy(sigma, 0, a.data, 0, d * d);
    if (!eig.decompose(a)) {
      throw new IllegalStateException("symmetric eigendecomposition of Sigma_tr failed (d=" + d + ")");
    }
    // Order ascending by eigenvalue so the result does not depend on the solver's order.
    Integer[] order = new Integer[d];
    double[] raw = new double[d];
    for (int i = 0; i < d; i++) {
      order[i] = i;
      raw[i] = eig.getEigenvalue(i).getReal();
    }
    java.util.Arrays.sort(order, (p, q) -> Double.compare(raw[p], raw[q]));
    double[] values = new double[d];
    double[] vectors = new double[d * d];
    for (int j = 0; j < d; j++) {
      int src = order[j];
      values[j] = Math.max(0.0, raw[src]);
      DMatrixRMaj v = eig.getEigenVector(src);
      // Fix the sign (largest-magnitude component positive) so V is a function of Σ_tr alone.
      int arg = 0;
      for (int i = 1; i < d; i++) {
        if (Math.abs(v.data[i]) > Math.abs(v.data[arg])) {
          arg = i;
        }
      }
      double sign = v.data[arg] < 0 ? -1 : 1;
      for (int i = 0; i < d; i++) {
        vectors[i * d + j] = sign * v.data[i];
      }
    }
    double[] d0 = new double[d * out];
    difference(data.student0, d0);
    double[] zInit = new double[d * out];
    Kernels.IMPL.gemmTN(d, out, d, 1.0, vectors, 0, d, d0, 0, out, 0.0, zInit, 0, out);
    double[] fixedPoint = new double[d * out];
    if (weightDecay != 0) {
      double[] tau = new double[d * out];
      Kernels.IMPL.gemmTN(d, out, d, 1.0, vectors, 0, d, data.teacher, 0, out, 0.0, tau, 0, out);
      for (int j = 0; j < d; j++) {
        for (int c = 0; c < out; c++) {
          fixedPoint[j * out + c] = -weightDecay * tau[j * out + c] / (2 * values[j] + weightDecay);
        }
      }
    }
    this.eigenvectors = vectors;
    this.z0 = zInit;
    this.zStar = fixedPoint;
    this.eigenvalues = values;
  }

  /** X·V and X_val·V, needed only for accuracies (2·N·d² flops, so computed on first use). */
  private synchronized void ensureProjections() {
    if (trainProjected != null) {
      return;
    }
    double[] xv = new double[data.trainSize * d];
    Kernels.IMPL.gemm(data.trainSize, d, d, 1.0, data.trainInputs, 0, d, eigenvectors, 0, d, 0.0, xv, 0, d);
    double[] xvv = new double[data.validationSize * d];
    Kernels.IMPL.gemm(data.validationSize, d, d, 1.0, data.validationInputs, 0, d, eigenvectors, 0, d, 0.0, xvv, 0, d);
    this.validationProjected = xvv;
    this.trainProjected = xv;
  }

  /** Eigen-coordinates Z(t) = VᵀD(t) of the gradient-descent (or flow) state at time t. */
  public double[] spectralState(double t, boolean flow) {
    LeviCurves.checkTime(t);
    ensureSpectral();
    double[] z = new double[d * out];
    for (int j = 0; j < d; j++) {
      double rate = 2 * eta * eigenvalues[j] + eta * weightDecay;
      double factor;
      if (flow) {
        factor = Math.exp(-rate * t);
      } else {
        double rho = 1 - rate;
        if (rho <= 0) {
          throw new IllegalArgumentException("eta = " + eta + " too large for stable gradient descent: 1 - 2*eta*nu_max"
              + " - eta*gamma = " + rho + " <= 0");
        }
        factor = Math.exp(t * Math.log(rho));
      }
      for (int c = 0; c < out; c++) {
        int i = j * out + c;
        z[i] = zStar[i] + factor * (z0[i] - zStar[i]);
      }
    }
    return z;
  }

  /** D(t) = V·Z(t) in the original coordinates (d × d_out), for comparing with the explicit path. */
  public double[] spectralDifference(double t, boolean flow) {
    double[] z = spectralState(t, flow);
    double[] dm = new double[d * out];
    Kernels.IMPL.gemm(d, out, d, 1.0, eigenvectors, 0, d, z, 0, out, 0.0, dm, 0, out);
    return dm;
  }

  /**
   * Losses and accuracies at time t from the spectral path: L_tr = Σ ν_j ‖z_j‖²/d_out and
   * L_gen = ‖Z‖²/d_out in O(d·d_out); accuracies from the residuals (XV)·Z(t).
   */
  public Measurement measureSpectral(double t, double eps, boolean flow) {
    return measureSpectral(t, eps, flow, true);
  }

  /** As {@link #measureSpectral(double, double, boolean)}; without accuracies (NaN) when {@code accuracies} is false. */
  public Measurement measureSpectral(double t, double eps, boolean flow, boolean accuracies) {
    double[] z = spectralState(t, flow);
    double trainLoss = 0;
    double genLoss = 0;
    for (int j = 0; j < d; j++) {
      double sq = Kernels.IMPL.sumOfSquares(out, z, j * out);
      trainLoss += eigenvalues[j] * sq;
      genLoss += sq;
    }
    trainLoss /= out;
    genLoss /= out;
    if (!accuracies) {
      return new Measurement(t, trainLoss, genLoss, Double.NaN, Double.NaN);
    }
    ensureProjections();
    double[] r = new double[data.trainSize * out];
    Kernels.IMPL.gemm(data.trainSize, out, d, 1.0, trainProjected, 0, d, z, 0, out, 0.0, r, 0, out);
    double trainAcc = fractionBelow(r, data.trainSize, eps);
    double valAcc = Double.NaN;
    if (data.validationSize > 0) {
      double[] rv = new double[data.validationSize * out];
      Kernels.IMPL.gemm(data.validationSize, out, d, 1.0, validationProjected, 0, d, z, 0, out, 0.0, rv, 0, out);
      valAcc = fractionBelow(rv, data.validationSize, eps);
    }
    return new Measurement(t, trainLoss, genLoss, trainAcc, valAcc);
  }

  /**
   * One observation of the simulated model.
   *
   * @param t time (gradient-descent steps)
   * @param trainLoss L_tr = Tr(DᵀΣ_tr D)/d_out on the training set
   * @param genLoss L_gen = ‖D‖²_F/d_out, the population loss
   * @param trainAccuracy fraction of training samples with squared error below ε
   * @param validationAccuracy the same over the fresh validation samples (NaN when there are none)
   */
  public record Measurement(double t, double trainLoss, double genLoss, double trainAccuracy,
                            double validationAccuracy) {}
}
