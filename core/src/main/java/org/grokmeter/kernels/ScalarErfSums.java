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
