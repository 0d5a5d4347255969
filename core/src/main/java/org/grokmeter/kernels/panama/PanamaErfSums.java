package org.grokmeter.kernels.panama;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.apache.commons.numbers.gamma.Erf;
import org.grokmeter.kernels.ErfSums;

/**
 * SIMD {@link ErfSums}: the paper-mode fitter's pass over the data with a vector erf.
 *
 * <p>erf(z) for |z| &lt; 1/2 is its Taylor series in z² (14 terms, truncation below 1e-17); for
 * 1/2 ≤ |z| ≤ 6 it is 1 − erfc(|z|) with erfc(z) = t·e^(−z²)·G(t), t = 2/(2 + z) (the change of
 * variable of Numerical Recipes' erfc, 3rd ed. §6.2.2) and G a degree-18 polynomial fitted by us on
 * that interval (erf within 2 ulp of 50-digit mpmath there); beyond 6 erf is ±1 in double. The unit
 * test bounds the ulp distance to Commons Numbers' erf. exp is our own vector exp (deterministic bits, see {@link #exp}).
 *
 * <p>Shape: the pass runs in blocks of {@link #BLOCK} points, in four short loops over the block:
 * z and e^(−z²); then t, G and the sign; then the Taylor lanes; then the sums. Each loop's iterations are
 * independent, so the core overlaps consecutive vectors, and both polynomials (exp's and G) use
 * Estrin's scheme (4–5 dependent steps instead of Horner's 13 and 18). One loop computing
 * everything per vector with Horner chains is latency-bound: 27% more CPU per pass
 * (docs/performance.md, "Fitter"). Small methods, no vector crossing a call that C2 does not inline
 * (it would be boxed, 10x slower), and no method near C2's inlining node budget (calls in it then
 * stop being inlined: one loop with erf and the sums fused was slower than the split).
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
  private static final double G0 = 0.5283219192777893;
  private static final double G1 = 0.19672682108270326;
  private static final double G2 = 0.043046954452339206;
  private static final double G3 = 0.002660836835435214;
  private static final double G4 = -0.0010528337617796994;
  private static final double G5 = -0.0001387228111838389;
  private static final double G6 = 4.618617381923611e-05;
  private static final double G7 = 4.347049882709282e-06;
  private static final double G8 = -2.776002593689024e-06;
  private static final double G9 = 7.515726542676282e-08;
  private static final double G10 = 1.553708555964796e-07;
  private static final double G11 = -3.070637112382621e-08;
  private static final double G12 = -4.476822650865911e-09;
  private static final double G13 = 3.04844205984864e-09;
  private static final double G14 = -3.684560918215207e-10;
  private static final double G15 = -1.3286021555485683e-10;
  private static final double G16 = 5.88770585507784e-11;
  private static final double G17 = -3.8114268822321215e-12;
  private static final double G18 = -2.3731364085322025e-12;

  /** erf(z) = z·Σ T_k z^(2k), T_k = (2/√π)(−1)^k/(k!(2k+1)). */
  private static final double T0 = 1.1283791670955126;
  private static final double T1 = -0.37612638903183754;
  private static final double T2 = 0.11283791670955126;
  private static final double T3 = -0.026866170645131252;
  private static final double T4 = 0.005223977625442188;
  private static final double T5 = -0.0008548327023450852;
  private static final double T6 = 0.00012055332981789664;
  private static final double T7 = -1.492565035840625e-05;
  private static final double T8 = 1.6462114365889246e-06;
  private static final double T9 = -1.6365844691234924e-07;
  private static final double T10 = 1.4807192815879218e-08;
  private static final double T11 = -1.2290555301717926e-09;
  private static final double T12 = 9.422759064650411e-11;
  private static final double T13 = -6.7113668551641105e-12;

  private static final double LOG2E = 1.4426950408889634;
  /** ln 2 split so that n·LN2_HI is exact for |n| &lt; 2¹¹ (fdlibm's constants). */
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  private static final double SHIFTER = 6755399441055744.0; // 1.5·2⁵²
  private static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
  private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
  private static final double F0 = 1.0;
  private static final double F1 = 1.0;
  private static final double F2 = 0.5;
  private static final double F3 = 0.16666666666666666;
  private static final double F4 = 0.041666666666666664;
  private static final double F5 = 0.008333333333333333;
  private static final double F6 = 0.001388888888888889;
  private static final double F7 = 0.0001984126984126984;
  private static final double F8 = 2.48015873015873e-05;
  private static final double F9 = 2.7557319223985893e-06;
  private static final double F10 = 2.755731922398589e-07;
  private static final double F11 = 2.505210838544172e-08;
  private static final double F12 = 2.08767569878681e-09;
  private static final double F13 = 1.6059043836821613e-10;

  private PanamaErfSums() {}

  @Override
  public double paperErf(double[] tau, double[] y, double theta, double sigma, double a, double b, double[] out) {
    int block = Math.min(BLOCK, tau.length);
    return pass(tau, y, theta, sigma, a, b, out, new double[block], new double[block], false);
  }

  @Override
  public double paperErf(double[] tau, double[] y, double theta, double sigma, double a, double b, double[] out,
      double[] residuals, double[] gaussians) {
    ErfSums.requirePerPoint(tau.length, residuals, gaussians);
    return pass(tau, y, theta, sigma, a, b, out, residuals, gaussians, true);
  }

  /**
   * The pass; r and e^(−z²) go to {@code residuals} and {@code gaussians} at the points' own indices
   * when {@code keep}, else to those block-sized scratch arrays (the same arithmetic either way).
   */
  private static double pass(double[] tau, double[] y, double theta, double sigma, double a, double b,
      double[] out, double[] residuals, double[] gaussians, boolean keep) {
    int n = tau.length;
    double[] z = new double[Math.min(BLOCK, n)];
    double[] e = new double[z.length];
    double[] acc = new double[6];
    for (int from = 0; from < n; from += BLOCK) {
      int len = Math.min(BLOCK, n - from);
      int at = keep ? from : 0;
      erf(tau, from, len, theta, sigma, z, e, gaussians, at);
      sums(tau, y, from, len, theta, sigma, a, b, gaussians, e, residuals, at, acc);
    }
    System.arraycopy(acc, 0, out, 0, 5);
    return acc[5];
  }

  /**
   * Adds the block's JᵀJ, Jᵀr, rᵀr to acc = {Σj₀², Σj₁j₀, Σj₁², Σj₀r, Σj₁r, Σr²}; the block's
   * e^(−z²) are at gaussian[at …] and its residuals go to residuals[at …].
   */
  private static void sums(double[] tau, double[] y, int from, int len, double theta, double sigma, double a,
      double b, double[] gaussian, double[] e, double[] residuals, int at, double[] acc) {
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
      DoubleVector gauss = DoubleVector.fromArray(Species.D, gaussian, at + k).mul(TWO_OVER_SQRT_PI);
      DoubleVector r = DoubleVector.fromArray(Species.D, y, from + k)
          .sub(DoubleVector.fromArray(Species.D, e, k).mul(a).add(b));
      r.intoArray(residuals, at + k);
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
      double gauss = TWO_OVER_SQRT_PI * gaussian[at + k];
      double r = y[from + k] - (a * e[k] + b);
      residuals[at + k] = r;
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

  /**
   * Backwards, a vector at a time: the ψ of points i − 1 … i + L − 2 that whitening needs are
   * recomputed from r and g below i, which are not yet overwritten; the first points are scalar.
   * The same operations as {@link org.grokmeter.kernels.ScalarErfSums}', so the same bits.
   */
  @Override
  public void whitenedScores(double[] tau, double theta, double sigma, double k, double[] c, double rho, double[] r,
      double[] g) {
    int n = tau.length;
    ErfSums.requirePerPoint(n, r, g);
    double cw = 1.0 / (1.0 - rho);
    double minusSigma = -sigma;
    double c00 = c[0];
    double c01 = c[1];
    double c10 = c[2];
    double c11 = c[3];
    int lanes = Species.D.length();
    int i = n - lanes;
    for (; i >= 1; i -= lanes) {
      DoubleVector f = DoubleVector.fromArray(Species.D, g, i).mul(k).mul(DoubleVector.fromArray(Species.D, r, i));
      DoubleVector j0 = f.mul(minusSigma);
      DoubleVector j1 = DoubleVector.fromArray(Species.D, tau, i).sub(theta).mul(f);
      DoubleVector p0 = j0.mul(c00).add(j1.mul(c01));
      DoubleVector p1 = j0.mul(c10).add(j1.mul(c11));
      DoubleVector fp = DoubleVector.fromArray(Species.D, g, i - 1).mul(k)
          .mul(DoubleVector.fromArray(Species.D, r, i - 1));
      DoubleVector jp0 = fp.mul(minusSigma);
      DoubleVector jp1 = DoubleVector.fromArray(Species.D, tau, i - 1).sub(theta).mul(fp);
      DoubleVector q0 = jp0.mul(c00).add(jp1.mul(c01));
      DoubleVector q1 = jp0.mul(c10).add(jp1.mul(c11));
      p0.sub(q0.mul(rho)).mul(cw).intoArray(r, i);
      p1.sub(q1.mul(rho)).mul(cw).intoArray(g, i);
    }
    for (int m = i + lanes - 1; m >= 0; m--) {
      double f = k * g[m] * r[m];
      double p0 = c00 * (minusSigma * f) + c01 * ((tau[m] - theta) * f);
      double p1 = c10 * (minusSigma * f) + c11 * ((tau[m] - theta) * f);
      double q0 = 0.0;
      double q1 = 0.0;
      if (m > 0) {
        double fp = k * g[m - 1] * r[m - 1];
        q0 = c00 * (minusSigma * fp) + c01 * ((tau[m - 1] - theta) * fp);
        q1 = c10 * (minusSigma * fp) + c11 * ((tau[m - 1] - theta) * fp);
      }
      r[m] = (p0 - rho * q0) * cw;
      g[m] = (p1 - rho * q1) * cw;
    }
  }

  @Override
  public void lagSums(double[] x, double[] out) {
    int n = x.length;
    int lanes = Species.D.length();
    DoubleVector lagged = DoubleVector.zero(Species.D);
    DoubleVector squares = DoubleVector.zero(Species.D);
    int i = 1;
    for (; i + lanes <= n; i += lanes) {
      DoubleVector now = DoubleVector.fromArray(Species.D, x, i);
      DoubleVector before = DoubleVector.fromArray(Species.D, x, i - 1);
      lagged = now.fma(before, lagged);
      squares = before.fma(before, squares);
    }
    double l = sumLanes(lagged);
    double q = sumLanes(squares);
    for (; i < n; i++) {
      l += x[i] * x[i - 1];
      q += x[i - 1] * x[i - 1];
    }
    out[0] = l;
    out[1] = q;
  }

  @Override
  public void erf(double[] z, double[] out) {
    int n = z.length;
    // θ = 0, σ = 1: σ·(z − θ) is z exactly
    erf(z, 0, n, 0.0, 1.0, new double[n], out, new double[n], 0);
  }

  /**
   * With z = σ·(τ − θ) for the points [from, from + len): z, erf(z) into e and e^(−z²) into gauss
   * (indices from 0; gauss from {@code at}). Three passes, each a short loop whose iterations are independent, so the core
   * overlaps consecutive vectors: one loop doing everything per vector was latency-bound on its two
   * long polynomial chains (and over C2's inlining budget).
   */
  static void erf(double[] tau, int from, int len, double theta, double sigma, double[] z, double[] e,
      double[] gauss, int at) {
    int upper = Species.D.loopBound(len);
    gaussian(tau, from, upper, theta, sigma, z, gauss, at);
    fromG(z, gauss, at, e, upper);
    taylorLanes(z, e, upper);
    for (int i = upper; i < len; i++) {
      z[i] = sigma * (tau[from + i] - theta);
      e[i] = Erf.value(z[i]);
      gauss[at + i] = Math.exp(-z[i] * z[i]);
    }
  }

  /**
   * z = σ·(τ − θ) and gauss = e^(−z²) for the first {@code upper} points, except that a whole vector
   * with every |z| ≥ 6 gets gauss = 0: there e^(−z²) &lt; e^(−36) ≈ 2e-16, so its terms of JᵀJ and Jᵀr
   * are below 1e-31 and 1e-17 of the transition's and vanish in the sums' rounding, while the exp
   * would cost the most of this pass on long curves whose tails are saturated (the linear setting).
   */
  private static void gaussian(double[] tau, int from, int upper, double theta, double sigma, double[] z,
      double[] gauss, int at) {
    DoubleVector zero = DoubleVector.zero(Species.D);
    for (int i = 0; i < upper; i += Species.D.length()) {
      DoubleVector zv = DoubleVector.fromArray(Species.D, tau, from + i).sub(theta).mul(sigma);
      zv.intoArray(z, i);
      if (zv.abs().compare(VectorOperators.GE, 6.0).allTrue()) {
        zero.intoArray(gauss, at + i);
        continue;
      }
      exp(zv.mul(zv).neg()).intoArray(gauss, at + i);
    }
  }

  /**
   * erf = ±(1 − t·e^(−z²)·G(t)) for the first {@code upper} points; lanes with |z| &lt; 1/2 are
   * {@link #taylorLanes}' (vectors with only such lanes are skipped). Whole vectors at |z| ≥ 6 are ±1
   * directly; the formula would give the same: t·e^(−z²)·G = erfc(|z|) &lt; erfc(6) ≈ 2.2e-17, under
   * half an ulp of 1.
   */
  private static void fromG(double[] z, double[] gauss, int at, double[] out, int upper) {
    DoubleVector one = DoubleVector.broadcast(Species.D, 1.0);
    DoubleVector two = DoubleVector.broadcast(Species.D, 2.0);
    for (int i = 0; i < upper; i += Species.D.length()) {
      DoubleVector zv = DoubleVector.fromArray(Species.D, z, i);
      DoubleVector az = zv.abs();
      // whole vectors in one regime skip the rest (typical curves: most of them)
      if (az.compare(VectorOperators.GE, 6.0).allTrue()) {
        // erf(±6) is ±1 in double
        one.blend(one.neg(), zv.lt(0.0)).intoArray(out, i);
        continue;
      }
      if (az.lt(0.5).allTrue()) {
        // left to taylorLanes
        continue;
      }
      // clamping at 6 keeps G on its interval; erf there is ±1 in double anyway
      DoubleVector t = two.div(az.min(6.0).add(2.0));
      DoubleVector u = t.mul(2.0 / 0.55).sub(1.05 / 0.55);
      DoubleVector large = one.sub(t.mul(DoubleVector.fromArray(Species.D, gauss, at + i)).mul(polynomialG(u)));
      // erf is odd
      DoubleVector signed = large.blend(large.neg(), zv.lt(0.0));
      signed.intoArray(out, i);
    }
  }

  /**
   * The Taylor series into the lanes with |z| &lt; 1/2, for the first {@code upper} points. A pass of
   * its own: inside fromG the call took that method over C2's inlining budget, and a vector crossing
   * a call that is not inlined is boxed (fits became 2x slower).
   */
  private static void taylorLanes(double[] z, double[] out, int upper) {
    for (int i = 0; i < upper; i += Species.D.length()) {
      DoubleVector zv = DoubleVector.fromArray(Species.D, z, i);
      VectorMask<Double> small = zv.abs().lt(0.5);
      if (small.anyTrue()) {
        DoubleVector.fromArray(Species.D, out, i).blend(taylor(zv), small).intoArray(out, i);
      }
    }
  }

  /** G(u), degree 18, by Estrin's scheme: 5 dependent steps instead of Horner's 18. */
  private static DoubleVector polynomialG(DoubleVector u) {
    DoubleVector u2 = u.mul(u);
    DoubleVector u4 = u2.mul(u2);
    DoubleVector u8 = u4.mul(u4);
    DoubleVector s0 = pair(u, G2, G3).fma(u2, pair(u, G0, G1));
    DoubleVector s1 = pair(u, G6, G7).fma(u2, pair(u, G4, G5));
    DoubleVector s2 = pair(u, G10, G11).fma(u2, pair(u, G8, G9));
    DoubleVector s3 = pair(u, G14, G15).fma(u2, pair(u, G12, G13));
    DoubleVector s4 = DoubleVector.broadcast(Species.D, G18).fma(u2, pair(u, G16, G17));
    DoubleVector t0 = s1.fma(u4, s0);
    DoubleVector t1 = s3.fma(u4, s2);
    return s4.fma(u8, t1).fma(u8, t0);
  }

  /** Σ_{j≤13} r^j/j! by Estrin's scheme: 4 dependent steps instead of Horner's 13. */
  private static DoubleVector expTaylor(DoubleVector r) {
    DoubleVector r2 = r.mul(r);
    DoubleVector r4 = r2.mul(r2);
    DoubleVector r8 = r4.mul(r4);
    DoubleVector lo = pair(r, F6, F7).fma(r2, pair(r, F4, F5))
        .fma(r4, pair(r, F2, F3).fma(r2, pair(r, F0, F1)));
    DoubleVector hi = pair(r, F12, F13).fma(r4, pair(r, F10, F11).fma(r2, pair(r, F8, F9)));
    return hi.fma(r8, lo);
  }

  /** c0 + c1·x. */
  private static DoubleVector pair(DoubleVector x, double c0, double c1) {
    return x.fma(DoubleVector.broadcast(Species.D, c1), DoubleVector.broadcast(Species.D, c0));
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
    DoubleVector scale = ((LongVector) k.reinterpretAsLongs()).sub(SHIFTER_BITS).lanewise(VectorOperators.LSHL, 52)
        .add(ONE_BITS).reinterpretAsDoubles();
    return expTaylor(r).mul(scale).blend(0.0, x.lt(-708.0));
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
    // Horner: it runs only on the few vectors with a lane below 1/2
    DoubleVector z2 = z.mul(z);
    DoubleVector p = DoubleVector.broadcast(Species.D, T13);
    p = p.fma(z2, DoubleVector.broadcast(Species.D, T12));
    p = p.fma(z2, DoubleVector.broadcast(Species.D, T11));
    p = p.fma(z2, DoubleVector.broadcast(Species.D, T10));
    p = p.fma(z2, DoubleVector.broadcast(Species.D, T9));
    p = p.fma(z2, DoubleVector.broadcast(Species.D, T8));
    p = p.fma(z2, DoubleVector.broadcast(Species.D, T7));
    p = p.fma(z2, DoubleVector.broadcast(Species.D, T6));
    p = p.fma(z2, DoubleVector.broadcast(Species.D, T5));
    p = p.fma(z2, DoubleVector.broadcast(Species.D, T4));
    p = p.fma(z2, DoubleVector.broadcast(Species.D, T3));
    p = p.fma(z2, DoubleVector.broadcast(Species.D, T2));
    p = p.fma(z2, DoubleVector.broadcast(Species.D, T1));
    p = p.fma(z2, DoubleVector.broadcast(Species.D, T0));
    return p.mul(z);
  }

  @Override
  public String name() {
    return "panama";
  }
}
