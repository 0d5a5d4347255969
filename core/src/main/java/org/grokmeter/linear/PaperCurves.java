package org.grokmeter.linear;

/**
 * Paper mode (docs/method.md): the late-time asymptotic losses used for the paper's Figure 1. With
 * x = 4(√λ − 1)²·η·t,
 * <pre>
 *   L_tr(t)  = e^(−x) / (16 √π λ^(3/4) η^(3/2) t^(3/2))
 *   L_gen(t) = [e^(−x) − √(πx)·erfc(√x)] / (2 √π λ^(3/4) √(η t))
 * </pre>
 * evaluated in log space with the bracket from {@link LinearMath#logBracket} (no cancellation).
 * These formulas keep the bulk of the Marchenko–Pastur spectrum only; for λ > 1 they drop the
 * (1 − 1/λ) zero modes, which is why they grok where the exact model does not (docs/linear-setting.md).
 * At t = 0 both diverge: the log losses are +∞ and the accuracies 0.
 */
public final class PaperCurves implements LeviCurves {

  private final double lambda;
  private final double eta;
  /** x per unit t: 4(√λ − 1)²η. */
  private final double xPerT;
  /** ln of the t-independent factor of L_tr: −ln(16√π λ^(3/4) η^(3/2)). */
  private final double logTrainPrefactor;
  /** ln of the t-independent factor of L_gen: −ln(2√π λ^(3/4) √η). */
  private final double logGenPrefactor;

  public PaperCurves(double lambda, double eta) {
    LeviCurves.checkParameters(lambda, eta);
    this.lambda = lambda;
    this.eta = eta;
    double r = LeviCurves.sqrtLambdaMinusOne(lambda);
    this.xPerT = 4 * r * r * eta;
    double logLambda = Math.log(lambda);
    double logEta = Math.log(eta);
    this.logTrainPrefactor = -(Math.log(16) + LinearMath.LOG_SQRT_PI + 0.75 * logLambda + 1.5 * logEta);
    this.logGenPrefactor = -(Math.log(2) + LinearMath.LOG_SQRT_PI + 0.75 * logLambda + 0.5 * logEta);
  }

  @Override
  public Mode mode() {
    return Mode.PAPER;
  }

  @Override
  public double lambda() {
    return lambda;
  }

  @Override
  public double eta() {
    return eta;
  }

  /** x = 4(√λ − 1)²·η·t, the argument of the paper's formulas. */
  public double x(double t) {
    return xPerT * t;
  }

  @Override
  public double logTrainLoss(double t) {
    LeviCurves.checkTime(t);
    if (t == 0) {
      return Double.POSITIVE_INFINITY;
    }
    return logTrainPrefactor - xPerT * t - 1.5 * Math.log(t);
  }

  /** Both curves in one pass (ln t shared). */
  @Override
  public void evaluate(double[] t, double[] logTrain, double[] logGen) {
    for (int i = 0; i < t.length; i++) {
      double ti = t[i];
      LeviCurves.checkTime(ti);
      if (ti == 0) {
        logTrain[i] = Double.POSITIVE_INFINITY;
        logGen[i] = Double.POSITIVE_INFINITY;
        continue;
      }
      double logT = Math.log(ti);
      double x = xPerT * ti;
      logTrain[i] = logTrainPrefactor - x - 1.5 * logT;
      logGen[i] = logGenPrefactor + LinearMath.logBracket(x) - 0.5 * logT;
    }
  }

  @Override
  public double logGenLoss(double t) {
    LeviCurves.checkTime(t);
    if (t == 0) {
      return Double.POSITIVE_INFINITY;
    }
    return logGenPrefactor + LinearMath.logBracket(xPerT * t) - 0.5 * Math.log(t);
  }
}
