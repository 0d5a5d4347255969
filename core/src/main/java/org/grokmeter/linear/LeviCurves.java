package org.grokmeter.linear;

/**
 * Loss curves of Levi et al.'s linear teacher–student model (docs/method.md, setting 1) as natural logarithms, so
 * that losses far below the double range (e^(−10⁴)) stay representable.
 *
 * <p>Time t counts gradient-descent steps of size η (one step = one unit of t). Accuracies follow
 * from the losses by {@link LinearMath#accuracy}.
 */
public interface LeviCurves {

  /** Which computation produced the curves. */
  enum Mode {
    /** The paper's late-time asymptotic formulas (used for its Figure 1). */
    PAPER,
    /** The large-d limit: Marchenko–Pastur spectrum, closed-form L_tr, L_gen by quadrature. */
    EXACT,
    /** A finite Gaussian data set trained by gradient descent. */
    SIMULATE
  }

  Mode mode();

  /** λ = d_in / N_tr. */
  double lambda();

  /** Learning rate η. */
  double eta();

  /** ln L_tr(t), t ≥ 0. */
  double logTrainLoss(double t);

  /** ln L_gen(t), t ≥ 0. */
  double logGenLoss(double t);

  /**
   * Both curves on a grid of times, in the order given. Implementations may exploit an ascending
   * grid (exact mode integrates between neighbours); the result never depends on that.
   */
  default void evaluate(double[] t, double[] logTrain, double[] logGen) {
    for (int i = 0; i < t.length; i++) {
      logTrain[i] = logTrainLoss(t[i]);
      logGen[i] = logGenLoss(t[i]);
    }
  }

  /** Rejects parameters for which the formulas mean nothing, with one line naming the parameter. */
  static void checkParameters(double lambda, double eta) {
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be a positive finite number, got " + lambda);
    }
    if (!(eta > 0) || Double.isInfinite(eta)) {
      throw new IllegalArgumentException("eta must be a positive finite number, got " + eta);
    }
  }

  static void checkTime(double t) {
    if (!(t >= 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException("time t must be a finite number >= 0, got " + t);
    }
  }

  /** √λ − 1 without cancellation near λ = 1: (λ − 1)/(√λ + 1), and λ − 1 is exact there. */
  static double sqrtLambdaMinusOne(double lambda) {
    return (lambda - 1) / (Math.sqrt(lambda) + 1);
  }
}
