package org.grokmeter.kernels;

import org.apache.commons.numbers.gamma.Erf;

/** The reference {@link ErfSums}: plain loop, Commons Numbers erf, summation in index order. */
public final class ScalarErfSums implements ErfSums {

  public static final ScalarErfSums INSTANCE = new ScalarErfSums();
  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

  private ScalarErfSums() {}

  @Override
  public double paperErf(double[] tau, double[] y, double theta, double sigma, double a, double b, double[] out) {
    return pass(tau, y, theta, sigma, a, b, out, null, null);
  }

  @Override
  public double paperErf(double[] tau, double[] y, double theta, double sigma, double a, double b, double[] out,
      double[] residuals, double[] gaussians) {
    ErfSums.requirePerPoint(tau.length, residuals, gaussians);
    return pass(tau, y, theta, sigma, a, b, out, residuals, gaussians);
  }

  private static double pass(double[] tau, double[] y, double theta, double sigma, double a, double b, double[] out,
      double[] residuals, double[] gaussians) {
    double n00 = 0;
    double n10 = 0;
    double n11 = 0;
    double g0 = 0;
    double g1 = 0;
    double rr = 0;
    for (int i = 0; i < tau.length; i++) {
      double dt = tau[i] - theta;
      double z = sigma * dt;
      double az = Math.abs(z);
      // beyond |z| = 6 erf is ±1 in double: skip the call there
      double e = az < 6.0 ? Erf.value(z) : Math.copySign(1.0, z);
      double g = Math.exp(-z * z);
      double d = TWO_OVER_SQRT_PI * g;
      double r = y[i] - (a * e + b);
      if (residuals != null) {
        residuals[i] = r;
        gaussians[i] = g;
      }
      double j0 = -a * sigma * d;
      double j1 = a * dt * d;
      n00 += j0 * j0;
      n10 += j1 * j0;
      n11 += j1 * j1;
      g0 += j0 * r;
      g1 += j1 * r;
      rr += r * r;
    }
    out[0] = n00;
    out[1] = n10;
    out[2] = n11;
    out[3] = g0;
    out[4] = g1;
    return rr;
  }

  @Override
  public void whitenedScores(double[] tau, double theta, double sigma, double k, double[] c, double rho, double[] r,
      double[] g) {
    int n = tau.length;
    ErfSums.requirePerPoint(n, r, g);
    double cw = 1.0 / (1.0 - rho);
    double prev0 = 0.0;
    double prev1 = 0.0;
    for (int i = 0; i < n; i++) {
      double f = k * g[i] * r[i];
      double j0 = -sigma * f;
      double j1 = (tau[i] - theta) * f;
      double p0 = c[0] * j0 + c[1] * j1;
      double p1 = c[2] * j0 + c[3] * j1;
      r[i] = (p0 - rho * prev0) * cw;
      g[i] = (p1 - rho * prev1) * cw;
      prev0 = p0;
      prev1 = p1;
    }
  }

  @Override
  public void lagSums(double[] x, double[] out) {
    double lagged = 0.0;
    double squares = 0.0;
    for (int i = 1; i < x.length; i++) {
      lagged += x[i] * x[i - 1];
      squares += x[i - 1] * x[i - 1];
    }
    out[0] = lagged;
    out[1] = squares;
  }

  @Override
  public void erf(double[] z, double[] out) {
    for (int i = 0; i < z.length; i++) {
      out[i] = Erf.value(z[i]);
    }
  }

  @Override
  public String name() {
    return "scalar";
  }
}
