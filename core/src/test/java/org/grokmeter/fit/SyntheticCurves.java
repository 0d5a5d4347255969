package org.grokmeter.fit;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/** Seeded synthetic S-curves with Gaussian noise (the truth is known, not computed by the fitter). */
final class SyntheticCurves {
  private SyntheticCurves() {}

  static double[] grid(int n, double t0, double t1) {
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = t0 + (t1 - t0) * i / (n - 1);
    }
    return t;
  }

  /** form(p) at every t plus N(0, sigma²) noise from the seed. */
  static double[] curve(SCurveForm form, double[] p, double[] t, double sigma, long seed) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
    double[] y = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      y[i] = form.value(t[i], p) + sigma * g.sample();
    }
    return y;
  }
}
