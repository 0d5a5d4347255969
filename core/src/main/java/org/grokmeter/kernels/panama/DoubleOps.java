package org.grokmeter.kernels.panama;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The linear model's vector kernels besides GEMM ({@link DoubleGemm}): y += alpha·x, x *= alpha and
 * the dot product (sum of squares is a dot product of x with itself).
 *
 * <p>Loop shape: a main loop over whole vectors (with several independent accumulators where a
 * reduction carries a dependency), one half-width vector step, then scalars.
 *
 * <p>Summation order of {@link #dot}: 4 lane-wise partial sums over blocks of 4 vectors (element i
 * goes to accumulator (i / L) mod 4, lane i mod L), added as (v0 + v1) + (v2 + v3), the lanes reduced
 * with {@link #sumLanes} (a fixed tree), then the half step (itself reduced by {@link #sumLanes}) and
 * the scalar tail in index order, with FMA. axpy uses FMA (one rounding instead of two); scale is
 * exact, so bit-identical to the scalar reference.
 */
final class DoubleOps {

  private static final VectorSpecies<Double> S = Species.D;
  private static final VectorSpecies<Double> SH = Species.DH;
  private static final int L = S.length();
  private static final int LH = SH.length();

  private DoubleOps() {}

  /**
   * Σ of the lanes in a fixed tree order: lanes i and i + L/2 first, then i and i + L/4, and so on.
   * Used instead of {@code reduceLanes(ADD)}, whose order is unspecified and really differs
   * between the interpreter (left to right) and C2 (a tree) on JDK 25 — measured: 31 of 1000 random
   * 16-lane sums changed in the last bit once compiled, so results would depend on JIT timing.
   * Lane-wise adds and slices are exact, so this gives the same bits before and after compilation.
   */
  static double sumLanes(DoubleVector v) {
    // a pairwise tree over lanes extracted at constant indexes (what C2 compiles well); slices and
    // shuffles with computed origins fall back to slow Java code
    int n = v.length();
    if (n == 16) {
      double a0 = v.lane(0) + v.lane(8);
      double a1 = v.lane(1) + v.lane(9);
      double a2 = v.lane(2) + v.lane(10);
      double a3 = v.lane(3) + v.lane(11);
      double a4 = v.lane(4) + v.lane(12);
      double a5 = v.lane(5) + v.lane(13);
      double a6 = v.lane(6) + v.lane(14);
      double a7 = v.lane(7) + v.lane(15);
      return ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7));
    }
    if (n == 8) {
      return ((v.lane(0) + v.lane(4)) + (v.lane(2) + v.lane(6))) + ((v.lane(1) + v.lane(5)) + (v.lane(3) + v.lane(7)));
    }
    if (n == 4) {
      return (v.lane(0) + v.lane(2)) + (v.lane(1) + v.lane(3));
    }
    double s = 0d;
    for (int i = 0; i < n; i++) {
      s += v.lane(i);
    }
    return s;
  }

  // ------------------------------------------------------------------------------------ updates

  /** y += alpha·x (fused). */
  static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
    int i = 0;
    for (; i + L <= n; i += L) {
      DoubleVector.fromArray(S, x, xOff + i).fma(DoubleVector.broadcast(S, alpha), DoubleVector.fromArray(S, y, yOff + i))
          .intoArray(y, yOff + i);
    }
    if (LH < L && i + LH <= n) {
      DoubleVector.fromArray(SH, x, xOff + i).fma(DoubleVector.broadcast(SH, alpha), DoubleVector.fromArray(SH, y, yOff + i))
          .intoArray(y, yOff + i);
      i += LH;
    }
    for (; i < n; i++) {
      y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
    }
  }

  static void scale(int n, double alpha, double[] x, int xOff) {
    int i = 0;
    for (; i + L <= n; i += L) {
      DoubleVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
    }
    if (LH < L && i + LH <= n) {
      DoubleVector.fromArray(SH, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
      i += LH;
    }
    for (; i < n; i++) {
      x[xOff + i] *= alpha;
    }
  }

  // ------------------------------------------------------------------------------------ reductions

  static double dot(int n, double[] x, int xOff, double[] y, int yOff) {
    DoubleVector v0 = DoubleVector.zero(S);
    DoubleVector v1 = v0;
    DoubleVector v2 = v0;
    DoubleVector v3 = v0;
    int i = 0;
    for (; i + 4 * L <= n; i += 4 * L) {
      v0 = DoubleVector.fromArray(S, x, xOff + i).fma(DoubleVector.fromArray(S, y, yOff + i), v0);
      v1 = DoubleVector.fromArray(S, x, xOff + i + L).fma(DoubleVector.fromArray(S, y, yOff + i + L), v1);
      v2 = DoubleVector.fromArray(S, x, xOff + i + 2 * L)
          .fma(DoubleVector.fromArray(S, y, yOff + i + 2 * L), v2);
      v3 = DoubleVector.fromArray(S, x, xOff + i + 3 * L)
          .fma(DoubleVector.fromArray(S, y, yOff + i + 3 * L), v3);
    }
    for (; i + L <= n; i += L) {
      v0 = DoubleVector.fromArray(S, x, xOff + i).fma(DoubleVector.fromArray(S, y, yOff + i), v0);
    }
    double s = sumLanes(v0.add(v1).add(v2.add(v3)));
    if (LH < L && i + LH <= n) {
      s += sumLanes(DoubleVector.fromArray(SH, x, xOff + i).mul(DoubleVector.fromArray(SH, y, yOff + i)));
      i += LH;
    }
    for (; i < n; i++) {
      s = Math.fma(x[xOff + i], y[yOff + i], s);
    }
    return s;
  }
}
