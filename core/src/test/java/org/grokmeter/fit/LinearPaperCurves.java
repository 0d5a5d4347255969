package org.grokmeter.fit;

import org.apache.commons.numbers.gamma.Erf;
import org.apache.commons.numbers.gamma.Erfcx;

/**
 * Test-local paper-mode curves of the linear setting (docs/method.md, paper mode), written independently of
 * org.grokmeter.linear so the fitter test does not depend on it: the closed forms in log space,
 * with the bracket e^(−x) − √(πx)·erfc(√x) = e^(−x)·(1 − √π·u·erfcx(u)), u = √x.
 */
final class LinearPaperCurves {
  static final double ETA = 0.01;
  static final double EPSILON = 1e-10;
  static final int POINTS = 50_000;

  private LinearPaperCurves() {
  }

  /** numpy.linspace(1, 5e3/(λ−1)², 50 000). */
  static double[] times(double lambda) {
    double stop = 5e3 / ((lambda - 1) * (lambda - 1));
    double[] t = new double[POINTS];
    double step = (stop - 1.0) / (POINTS - 1);
    for (int i = 0; i < POINTS; i++) {
      t[i] = 1.0 + i * step;
    }
    t[POINTS - 1] = stop;
    return t;
  }

  static double x(double lambda, double t) {
    double r = Math.sqrt(lambda) - 1;
    return 4 * r * r * ETA * t;
  }

  static double lnTrainLoss(double lambda, double t) {
    return -x(lambda, t) - Math.log(16 * Math.sqrt(Math.PI)) - 0.75 * Math.log(lambda)
        - 1.5 * Math.log(ETA) - 1.5 * Math.log(t);
  }

  static double lnGenLoss(double lambda, double t) {
    double x = x(lambda, t);
    double u = Math.sqrt(x);
    double bracket = 1 - Math.sqrt(Math.PI) * u * Erfcx.value(u);
    return -x + Math.log(bracket) - Math.log(2 * Math.sqrt(Math.PI)) - 0.75 * Math.log(lambda)
        - 0.5 * Math.log(ETA * t);
  }

  /** A = erf(√(ε/(2L))) from ln L. */
  static double accuracy(double lnLoss) {
    return Erf.value(Math.exp(0.5 * (Math.log(EPSILON / 2) - lnLoss)));
  }

  static double[] trainAccuracy(double lambda, double[] t) {
    double[] a = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      a[i] = accuracy(lnTrainLoss(lambda, t[i]));
    }
    return a;
  }

  static double[] genAccuracy(double lambda, double[] t) {
    double[] a = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      a[i] = accuracy(lnGenLoss(lambda, t[i]));
    }
    return a;
  }
}
