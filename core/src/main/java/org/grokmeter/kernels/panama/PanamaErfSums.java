package org.grokmeter.kernels.panama;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.apache.commons.numbers.gamma.Erf;
import org.grokmeter.fit.ErfSums;

/**
 * SIMD {@link ErfSums}: the paper-mode fitter's pass over the data with a vector erf.
 *
 * <p>erf(z) for |z| &lt; 1/2 is its Taylor series in z² (14 terms, truncation below 1e-17); for
 * 1/2 ≤ |z| ≤ 6 it is 1 − erfc(|z|) with erfc(z) = t·e^(−z²)·G(t), t = 2/(2 + z) (the change of
 * variable of Numerical Recipes' erfc, 3rd ed. §6.2.2) and G a degree-18 polynomial fitted by us on
 * that interval (erf within 2 ulp of 50-digit mpmath there); beyond 6 erf is ±1 in double. The unit
 * test bounds the ulp distance to Commons Numbers' erf. exp is our own vector exp (deterministic bits, see {@link #exp}).
 *
 * <p>Shape: the pass runs in blocks of {@link #BLOCK} points, erf first (array to array), then the
 * sums. Small methods with no vector crossing a call: one large method with everything unrolled was
 * refused by C1 ("out of virtual registers") and ran 10x slower. Pairs of vectors that both need
 * only G go through {@link #erfPair}, which interleaves their two exp and two Horner chains (each is
 * latency-bound): the same operations per lane, hence the same bits; 1–7% less CPU per fit
 * (docs/performance.md, "Fitter"). The same pairing for vectors without G made fits slower.
 */
public final class PanamaErfSums implements ErfSums {

  public static final PanamaErfSums INSTANCE = new PanamaErfSums();

  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
  private static final int BLOCK = 512;

  /**
   * G(t) = erfc(z)·e^(z²)/t with t = 2/(2 + z), z ∈ [1/2, 6], as a polynomial of degree 18 in
   * u = (2t − 1.05)/0.55 ∈ [−1, 1]: Chebyshev interpolation of 50-digit mpmath values at 200 nodes,
   * converted to monomials. erf = 1 − t·e^(−z²)·G is then within 2 ulp of mpmath on [1/2, 6] in
   * double arithmetic, and e^(−z²) is the Gaussian the Jacobian needs anyway: one exp per point.
   */
  private static final double[] G = {
    0.5283219192777893, 0.19672682108270326, 0.043046954452339206, 0.002660836835435214,
    -0.0010528337617796994, -0.0001387228111838389, 4.618617381923611e-05, 4.347049882709282e-06,
    -2.776002593689024e-06, 7.515726542676282e-08, 1.553708555964796e-07, -3.070637112382621e-08,
    -4.476822650865911e-09, 3.04844205984864e-09, -3.684560918215207e-10, -1.3286021555485683e-10,
    5.88770585507784e-11, -3.8114268822321215e-12, -2.3731364085322025e-12
  };

  /** erf(z) = z·Σ T_k z^(2k), T_k = (2/√π)(−1)^k/(k!(2k+1)). */
  private static final double[] TAYLOR = {
    1.1283791670955126, -0.37612638903183754, 0.11283791670955126, -0.026866170645131252,
    0.005223977625442188, -0.0008548327023450852, 0.00012055332981789664, -1.492565035840625e-05,
    1.6462114365889246e-06, -1.6365844691234924e-07, 1.4807192815879218e-08, -1.2290555301717926e-09,
    9.422759064650411e-11, -6.7113668551641105e-12};

  private static final double LOG2E = 1.4426950408889634;
  /** ln 2 split so that n·LN2_HI is exact for |n| &lt; 2¹¹ (fdlibm's constants). */
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  private static final double SHIFTER = 6755399441055744.0; // 1.5·2⁵²
  private static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
  private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
  private static final double[] INV_FACTORIAL = {
    1.0, 1.0, 0.5, 0.16666666666666666,
    0.041666666666666664, 0.008333333333333333, 0.001388888888888889, 0.0001984126984126984,
    2.48015873015873e-05, 2.7557319223985893e-06, 2.755731922398589e-07, 2.505210838544172e-08,
    2.08767569878681e-09, 1.6059043836821613e-10};

  private PanamaErfSums() {}

  @Override
  public double paperErf(double[] tau, double[] y, double theta, double sigma, double a, double b, double[] out) {
    int n = tau.length;
    double[] z = new double[Math.min(BLOCK, n)];
    double[] e = new double[z.length];
    double[] gauss = new double[z.length];
    double[] acc = new double[6];
    for (int from = 0; from < n; from += BLOCK) {
      int len = Math.min(BLOCK, n - from);
      scaled(tau, from, len, theta, sigma, z);
      erf(z, e, gauss, len);
      sums(tau, y, from, len, theta, sigma, a, b, gauss, e, acc);
    }
    System.arraycopy(acc, 0, out, 0, 5);
    return acc[5];
  }

  /** z[k] = σ·(τ[from + k] − θ). */
  private static void scaled(double[] tau, int from, int len, double theta, double sigma, double[] z) {
    for (int k = 0; k < len; k++) {
      z[k] = sigma * (tau[from + k] - theta);
    }
  }

  /** Adds the block's JᵀJ, Jᵀr, rᵀr to acc = {Σj₀², Σj₁j₀, Σj₁², Σj₀r, Σj₁r, Σr²}. */
  private static void sums(double[] tau, double[] y, int from, int len, double theta, double sigma, double a,
      double b, double[] gaussian, double[] e, double[] acc) {
    int upper = Species.D.loopBound(len);
    DoubleVector n00 = DoubleVector.zero(Species.D);
    DoubleVector n10 = DoubleVector.zero(Species.D);
    DoubleVector n11 = DoubleVector.zero(Species.D);
    DoubleVector g0 = DoubleVector.zero(Species.D);
    DoubleVector g1 = DoubleVector.zero(Species.D);
    DoubleVector rr = DoubleVector.zero(Species.D);
    double minusASigma = -a * sigma;
    int k = 0;
    for (; k < upper; k += Species.D.length()) {
      DoubleVector dt = DoubleVector.fromArray(Species.D, tau, from + k).sub(theta);
      DoubleVector gauss = DoubleVector.fromArray(Species.D, gaussian, k).mul(TWO_OVER_SQRT_PI);
      DoubleVector r = DoubleVector.fromArray(Species.D, y, from + k)
          .sub(DoubleVector.fromArray(Species.D, e, k).mul(a).add(b));
      DoubleVector j0 = gauss.mul(minusASigma);
      DoubleVector j1 = dt.mul(gauss).mul(a);
      n00 = j0.fma(j0, n00);
      n10 = j1.fma(j0, n10);
      n11 = j1.fma(j1, n11);
      g0 = j0.fma(r, g0);
      g1 = j1.fma(r, g1);
      rr = r.fma(r, rr);
    }
    double s00 = sumLanes(n00);
    double s10 = sumLanes(n10);
    double s11 = sumLanes(n11);
    double s0 = sumLanes(g0);
    double s1 = sumLanes(g1);
    double srr = sumLanes(rr);
    for (; k < len; k++) {
      double dt = tau[from + k] - theta;
      double gauss = TWO_OVER_SQRT_PI * gaussian[k];
      double r = y[from + k] - (a * e[k] + b);
      double j0 = minusASigma * gauss;
      double j1 = a * dt * gauss;
      s00 += j0 * j0;
      s10 += j1 * j0;
      s11 += j1 * j1;
      s0 += j0 * r;
      s1 += j1 * r;
      srr += r * r;
    }
    acc[0] += s00;
    acc[1] += s10;
    acc[2] += s11;
    acc[3] += s0;
    acc[4] += s1;
    acc[5] += srr;
  }

  @Override
  public void erf(double[] z, double[] out) {
    erf(z, out, new double[z.length], z.length);
  }

  /** out[k] = erf(z[k]) and gauss[k] = e^(−z[k]²) for k &lt; n (see the class comment). */
  static void erf(double[] z, double[] out, double[] gauss, int n) {
    int upper = Species.D.loopBound(n);
    int lanes = Species.D.length();
    int i = 0;
    while (i < upper) {
      DoubleVector zv = DoubleVector.fromArray(Species.D, z, i);
      DoubleVector az = zv.abs();
      // pairs in their own method: inlined here they would push exp and taylor over C2's node
      // budget, and a vector crossing a call that is not inlined is boxed (10x slower)
      if (i + 2 * lanes <= upper && erfPair(z, out, gauss, i)) {
        i += 2 * lanes;
        continue;
      }
      DoubleVector g = exp(zv.mul(zv).neg());
      g.intoArray(gauss, i);
      VectorMask<Double> small = az.lt(0.5);
      VectorMask<Double> negative = zv.lt(0.0);
      // whole vectors in one regime skip the other branch (typical curves: most of them)
      if (az.compare(VectorOperators.GE, 6.0).allTrue()) {
        // erf(±6) is ±1 in double
        DoubleVector one = DoubleVector.broadcast(Species.D, 1.0);
        one.blend(one.neg(), negative).intoArray(out, i);
        i += lanes;
        continue;
      }
      if (small.allTrue()) {
        taylor(zv).intoArray(out, i);
        i += lanes;
        continue;
      }
      // clamping at 6 keeps G on its interval; erf there is ±1 in double anyway
      DoubleVector t = DoubleVector.broadcast(Species.D, 2.0).div(az.min(6.0).add(2.0));
      DoubleVector u = t.mul(2.0 / 0.55).sub(1.05 / 0.55);
      DoubleVector p = DoubleVector.broadcast(Species.D, G[18]);
      for (int k = 17; k >= 0; k--) {
        p = p.fma(u, DoubleVector.broadcast(Species.D, G[k]));
      }
      DoubleVector large = DoubleVector.broadcast(Species.D, 1.0).sub(t.mul(g).mul(p));
      // erf is odd
      DoubleVector signed = large.blend(large.neg(), negative);
      // no vector variable may be null on some path (C2 would box it): store in each branch
      if (small.anyTrue()) {
        signed.blend(taylor(zv), small).intoArray(out, i);
      } else {
        signed.intoArray(out, i);
      }
      i += lanes;
    }
    for (; i < n; i++) {
      out[i] = Erf.value(z[i]);
      gauss[i] = Math.exp(-z[i] * z[i]);
    }
  }

  /**
   * erf and e^(−z²) for the two vectors at i and i + lanes when both need only G (most of a typical
   * curve), else false and nothing written. The same operations per lane as the one-vector path of
   * {@link #erf}, hence the same bits, with the two exp and the two Horner chains interleaved so that
   * the core overlaps them (each is latency-bound).
   */
  private static boolean erfPair(double[] z, double[] out, double[] gauss, int i) {
    int lanes = Species.D.length();
    DoubleVector zv = DoubleVector.fromArray(Species.D, z, i);
    DoubleVector az = zv.abs();
    DoubleVector zb = DoubleVector.fromArray(Species.D, z, i + lanes);
    DoubleVector azb = zb.abs();
    if (!onlyPolynomial(az) || !onlyPolynomial(azb)) {
      return false;
    }
    DoubleVector xa = zv.mul(zv).neg();
    DoubleVector xb = zb.mul(zb).neg();
    DoubleVector xca = xa.max(-708.0).min(709.0);
    DoubleVector xcb = xb.max(-708.0).min(709.0);
    DoubleVector ka = xca.fma(DoubleVector.broadcast(Species.D, LOG2E), DoubleVector.broadcast(Species.D, SHIFTER));
    DoubleVector kb = xcb.fma(DoubleVector.broadcast(Species.D, LOG2E), DoubleVector.broadcast(Species.D, SHIFTER));
    DoubleVector na = ka.sub(SHIFTER);
    DoubleVector nb = kb.sub(SHIFTER);
    DoubleVector ra = na.fma(DoubleVector.broadcast(Species.D, -LN2_HI), xca);
    DoubleVector rb = nb.fma(DoubleVector.broadcast(Species.D, -LN2_HI), xcb);
    ra = na.fma(DoubleVector.broadcast(Species.D, -LN2_LO), ra);
    rb = nb.fma(DoubleVector.broadcast(Species.D, -LN2_LO), rb);
    DoubleVector ta = DoubleVector.broadcast(Species.D, 2.0).div(az.min(6.0).add(2.0));
    DoubleVector tb = DoubleVector.broadcast(Species.D, 2.0).div(azb.min(6.0).add(2.0));
    DoubleVector ea = DoubleVector.broadcast(Species.D, INV_FACTORIAL[13]);
    DoubleVector eb = ea;
    for (int m = 12; m >= 0; m--) {
      ea = ea.fma(ra, DoubleVector.broadcast(Species.D, INV_FACTORIAL[m]));
      eb = eb.fma(rb, DoubleVector.broadcast(Species.D, INV_FACTORIAL[m]));
    }
    DoubleVector ua = ta.mul(2.0 / 0.55).sub(1.05 / 0.55);
    DoubleVector ub = tb.mul(2.0 / 0.55).sub(1.05 / 0.55);
    DoubleVector pa = DoubleVector.broadcast(Species.D, G[18]);
    DoubleVector pb = pa;
    for (int k = 17; k >= 0; k--) {
      pa = pa.fma(ua, DoubleVector.broadcast(Species.D, G[k]));
      pb = pb.fma(ub, DoubleVector.broadcast(Species.D, G[k]));
    }
    DoubleVector sa = ((LongVector) ka.reinterpretAsLongs()).sub(SHIFTER_BITS).lanewise(VectorOperators.LSHL, 52)
        .add(ONE_BITS).reinterpretAsDoubles();
    DoubleVector sb = ((LongVector) kb.reinterpretAsLongs()).sub(SHIFTER_BITS).lanewise(VectorOperators.LSHL, 52)
        .add(ONE_BITS).reinterpretAsDoubles();
    DoubleVector ga = ea.mul(sa).blend(0.0, xa.lt(-708.0));
    DoubleVector gb = eb.mul(sb).blend(0.0, xb.lt(-708.0));
    ga.intoArray(gauss, i);
    gb.intoArray(gauss, i + lanes);
    DoubleVector la = DoubleVector.broadcast(Species.D, 1.0).sub(ta.mul(ga).mul(pa));
    DoubleVector lb = DoubleVector.broadcast(Species.D, 1.0).sub(tb.mul(gb).mul(pb));
    la.blend(la.neg(), zv.lt(0.0)).intoArray(out, i);
    lb.blend(lb.neg(), zb.lt(0.0)).intoArray(out, i + lanes);
    return true;
  }

  /** No lane below 1/2 (no Taylor series) and not all at 6 or beyond (erf ±1 there). */
  private static boolean onlyPolynomial(DoubleVector az) {
    return !az.lt(0.5).anyTrue() && !az.compare(VectorOperators.GE, 6.0).allTrue();
  }

  /**
   * e^x, our own so that the bits never depend on the JIT: the Vector API's EXP is SVML when C2
   * compiles it and a Java fallback before, which may round differently. Cody–Waite reduction
   * x = n·ln 2 + r (n by the 1.5·2⁵² rounding trick), Taylor series of degree 13 for e^r
   * (|r| ≤ 0.35: truncation below 1e-17), 2^n from exponent bits. x below −708 gives 0.
   */
  static DoubleVector exp(DoubleVector x) {
    DoubleVector xc = x.max(-708.0).min(709.0);
    DoubleVector k = xc.fma(DoubleVector.broadcast(Species.D, LOG2E), DoubleVector.broadcast(Species.D, SHIFTER));
    DoubleVector n = k.sub(SHIFTER);
    DoubleVector r = n.fma(DoubleVector.broadcast(Species.D, -LN2_HI), xc);
    r = n.fma(DoubleVector.broadcast(Species.D, -LN2_LO), r);
    DoubleVector p = DoubleVector.broadcast(Species.D, INV_FACTORIAL[13]);
    for (int j = 12; j >= 0; j--) {
      p = p.fma(r, DoubleVector.broadcast(Species.D, INV_FACTORIAL[j]));
    }
    DoubleVector scale = ((LongVector) k.reinterpretAsLongs()).sub(SHIFTER_BITS).lanewise(VectorOperators.LSHL, 52)
        .add(ONE_BITS).reinterpretAsDoubles();
    return p.mul(scale).blend(0.0, x.lt(-708.0));
  }

  /**
   * Lanes summed in ascending order. Not {@code reduceLanes(ADD)}: its order is unspecified and the
   * interpreted fallback and the C2 intrinsic may differ, so a fit's bits could depend on the JIT.
   */
  private static double sumLanes(DoubleVector v) {
    double s = 0.0;
    for (int i = 0; i < Species.D.length(); i++) {
      s += v.lane(i);
    }
    return s;
  }

  /** z·Σ T_k z^(2k) (small enough for C2 to inline, so the vectors stay in registers). */
  private static DoubleVector taylor(DoubleVector z) {
    DoubleVector z2 = z.mul(z);
    DoubleVector p = DoubleVector.broadcast(Species.D, TAYLOR[13]);
    for (int k = 12; k >= 0; k--) {
      p = p.fma(z2, DoubleVector.broadcast(Species.D, TAYLOR[k]));
    }
    return p.mul(z);
  }

  @Override
  public String name() {
    return "panama";
  }
}
