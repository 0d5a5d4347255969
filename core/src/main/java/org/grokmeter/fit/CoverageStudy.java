package org.grokmeter.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * How often the reported intervals cover the truth on synthetic training curves with known t* and s
 * and the noise real training curves have (docs/fitting.md, "Coverage"):
 * <ul>
 *   <li>{@link Noise#BINOMIAL}: per-epoch accuracy measured on 750 training and 250 validation samples,
 *       k ~ Binomial(N, A(t))/N — independent points of unequal variance;</li>
 *   <li>{@link Noise#AR1}: slowly wandering deviations, e_t = φ·e_{t−1} + √(1 − φ²)·σ·z_t with marginal
 *       σ = 0.02, the training and validation innovations correlated (ρ = 0.5), as a bad stretch of
 *       training moves both curves.</li>
 * </ul>
 * Deterministic for a seed. The unit test runs a small instance; {@code FitCoverage} in bench prints
 * the full-size table.
 */
public final class CoverageStudy {

  /** The two noise families. */
  public enum Noise {
    BINOMIAL,
    AR1
  }

  /** A run's true curves: the generating form and its training and validation parameters. */
  public record Shape(String name, SCurveForm form, double[] train, double[] val) {}

  /**
   * One cell of the study.
   *
   * @param phi        AR(1) coefficient (ignored for binomial noise)
   * @param freeLevels fit a and b too (else fixed at the truth, the paper's mode)
   */
  public record Case(Noise noise, double phi, Shape shape, boolean freeLevels, int epochs) {
    public String label() {
      String n = noise == Noise.BINOMIAL ? "binomial" : String.format(Locale.ROOT, "ar1 φ=%.2f", phi);
      return n + ", " + shape.name() + ", " + shape.form().token() + (freeLevels ? ", a b free" : ", a b fixed");
    }
  }

  /** Coverage of one case: per quantity, the fraction of converged replicates whose interval held the truth. */
  public record Result(Case c, int replicates, int converged, Map<String, Double> coverage) {}

  /** Training noise: accuracy measured on this many samples per epoch (the paper's split). */
  static final int TRAIN_SAMPLES = 750;
  static final int VAL_SAMPLES = 250;
  static final double AR_SIGMA = 0.02;
  static final double AR_CROSS = 0.5;

  private CoverageStudy() {}

  /** MLP-like shapes, chance 0.5 to 1.0 (a = 1/4, b = 3/4): a small, a medium and a large gap. */
  public static List<Shape> shapes() {
    return List.of(
        new Shape("m≈0.8", SCurveForm.ERF, new double[] {250, 0.0035, 0.25, 0.75, 1},
            new double[] {450, 0.0065, 0.25, 0.75, 1}),
        new Shape("m≈3", SCurveForm.ERF, new double[] {210, 0.0025, 0.25, 0.75, 1},
            new double[] {860, 0.0038, 0.25, 0.75, 1}),
        new Shape("m≈10", SCurveForm.ERF, new double[] {150, 0.0035, 0.25, 0.75, 1},
            new double[] {1650, 0.0013, 0.25, 0.75, 1}),
        new Shape("m≈3", SCurveForm.LOGISTIC, new double[] {210, 0.003, 0.25, 0.75, 1},
            new double[] {860, 0.004, 0.25, 0.75, 1}));
  }

  /** Runs {@code replicates} fits of the case from {@code seed}. */
  public static Result run(Case c, int replicates, long seed, ErrorModel errors) {
    CurveFitter fitter = new CurveFitter();
    double[] t = new double[c.epochs()];
    for (int i = 0; i < t.length; i++) {
      t[i] = i;
    }
    Shape sh = c.shape();
    double[] ptr = curve(sh.form(), sh.train(), t);
    double[] pva = curve(sh.form(), sh.val(), t);
    FitOptions o = FitOptions.defaults().withForm(sh.form()).withErrors(errors);
    if (!c.freeLevels()) {
      o = o.withAmplitude(sh.train()[SCurveForm.A]).withOffset(sh.train()[SCurveForm.B])
          .withStart(PaperSetting.MLP).withFallback(true);
    }
    Map<String, Double> truth = truth(sh, c.freeLevels());
    Map<String, int[]> hits = new LinkedHashMap<>();
    for (String q : truth.keySet()) {
      hits.put(q, new int[1]);
    }
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
    int converged = 0;
    for (int r = 0; r < replicates; r++) {
      double[][] y = noisy(c, ptr, pva, rng, gauss);
      FitPair pair = fitter.fitPair(t, y[0], t, y[1], o);
      GrokkingMeasures g = pair.measures();
      if (!g.valid()) {
        continue;
      }
      converged++;
      Map<String, double[]> est = estimates(pair, g);
      for (Map.Entry<String, Double> e : truth.entrySet()) {
        double[] v = est.get(e.getKey());
        double lo = v.length > 3 ? v[3] : v[0] - v[2] * v[1];
        double hi = v.length > 3 ? v[4] : v[0] + v[2] * v[1];
        if (lo <= e.getValue() && e.getValue() <= hi) {
          hits.get(e.getKey())[0]++;
        }
      }
    }
    Map<String, Double> cov = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : hits.entrySet()) {
      cov.put(e.getKey(), converged == 0 ? Double.NaN : e.getValue()[0] / (double) converged);
    }
    return new Result(c, replicates, converged, cov);
  }

  /** The cases of the full study: both families, φ from 0.7 to 0.98, every shape, a b fixed and free. */
  public static List<Case> cases(int epochs) {
    List<Case> out = new ArrayList<>();
    for (Shape s : shapes()) {
      for (boolean free : new boolean[] {false, true}) {
        out.add(new Case(Noise.BINOMIAL, 0, s, free, epochs));
        for (double phi : new double[] {0.7, 0.9, 0.98}) {
          out.add(new Case(Noise.AR1, phi, s, free, epochs));
        }
      }
    }
    return out;
  }

  private static double[] curve(SCurveForm form, double[] p, double[] t) {
    double[] y = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      y[i] = form.value(t[i], p);
    }
    return y;
  }

  /** One replicate's training and validation curves. */
  static double[][] noisy(Case c, double[] ptr, double[] pva, UniformRandomProvider rng,
      ZigguratSampler.NormalizedGaussian gauss) {
    int n = ptr.length;
    double[] ytr = new double[n];
    double[] yva = new double[n];
    if (c.noise() == Noise.BINOMIAL) {
      for (int i = 0; i < n; i++) {
        ytr[i] = binomial(rng, TRAIN_SAMPLES, ptr[i]) / (double) TRAIN_SAMPLES;
        yva[i] = binomial(rng, VAL_SAMPLES, pva[i]) / (double) VAL_SAMPLES;
      }
      return new double[][] {ytr, yva};
    }
    double phi = c.phi();
    double innov = AR_SIGMA * Math.sqrt(1 - phi * phi);
    double other = Math.sqrt(1 - AR_CROSS * AR_CROSS);
    double et = 0;
    double ev = 0;
    for (int i = 0; i < n; i++) {
      double z1 = gauss.sample();
      double z2 = AR_CROSS * z1 + other * gauss.sample();
      if (i == 0) {
        et = AR_SIGMA * z1;
        ev = AR_SIGMA * z2;
      } else {
        et = phi * et + innov * z1;
        ev = phi * ev + innov * z2;
      }
      ytr[i] = ptr[i] + et;
      yva[i] = pva[i] + ev;
    }
    return new double[][] {ytr, yva};
  }

  /** Binomial(n, p) by inversion of its distribution function (Commons Statistics). */
  private static int binomial(UniformRandomProvider rng, int n, double p) {
    if (p <= 0) {
      return 0;
    }
    if (p >= 1) {
      return n;
    }
    return BinomialDistribution.of(n, p).inverseCumulativeProbability(rng.nextDouble());
  }

  private static Map<String, Double> truth(Shape s, boolean free) {
    Map<String, Double> m = new LinkedHashMap<>();
    double[] tr = s.train();
    double[] va = s.val();
    m.put("t_star_train", tr[SCurveForm.T_STAR]);
    m.put("s_train", tr[SCurveForm.S]);
    m.put("t_star_val", va[SCurveForm.T_STAR]);
    m.put("s_val", va[SCurveForm.S]);
    if (free) {
      m.put("a_train", tr[SCurveForm.A]);
      m.put("b_train", tr[SCurveForm.B]);
      m.put("a_val", va[SCurveForm.A]);
      m.put("b_val", va[SCurveForm.B]);
    }
    m.put("m", va[SCurveForm.T_STAR] / tr[SCurveForm.T_STAR] - 1);
    m.put("R_rel", va[SCurveForm.S] / tr[SCurveForm.S]);
    m.put("R_abs", va[SCurveForm.A] * va[SCurveForm.S] * s.form().peakSlope(va[SCurveForm.NU]));
    return m;
  }

  /**
   * Per quantity {estimate, standard error, quantile[, low, high]}: the measures take the wider of the
   * two fits' quantiles, and m and R_rel their log-scale intervals.
   */
  private static Map<String, double[]> estimates(FitPair p, GrokkingMeasures g) {
    Map<String, double[]> m = new LinkedHashMap<>();
    FitResult tr = p.train();
    FitResult va = p.val();
    double qt = tr.tQuantile();
    double qv = va.tQuantile();
    double q = Math.max(qt, qv);
    m.put("t_star_train", new double[] {tr.jumpTime(), tr.jumpTimeStdErr(), qt});
    m.put("s_train", new double[] {tr.sharpness(), tr.sharpnessStdErr(), qt});
    m.put("t_star_val", new double[] {va.jumpTime(), va.jumpTimeStdErr(), qv});
    m.put("s_val", new double[] {va.sharpness(), va.sharpnessStdErr(), qv});
    m.put("a_train", new double[] {tr.amplitude(), tr.amplitudeStdErr(), qt});
    m.put("b_train", new double[] {tr.offset(), tr.offsetStdErr(), qt});
    m.put("a_val", new double[] {va.amplitude(), va.amplitudeStdErr(), qv});
    m.put("b_val", new double[] {va.offset(), va.offsetStdErr(), qv});
    m.put("m", new double[] {g.relativeGap(), g.relativeGapStdErr(), q, g.relativeGapLow(q), g.relativeGapHigh(q)});
    m.put("R_rel", new double[] {g.relativeSharpness(), g.relativeSharpnessStdErr(), q, g.relativeSharpnessLow(q),
        g.relativeSharpnessHigh(q)});
    m.put("R_abs", new double[] {g.absoluteSharpness(), g.absoluteSharpnessStdErr(), qv});
    return m;
  }
}
