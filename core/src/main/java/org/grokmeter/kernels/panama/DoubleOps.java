package org.grokmeter.kernels.panama;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Double matrix–vector products, layer helpers, updates and reductions (GEMM is in {@link DoubleGemm}).
 *
 * <p>Loop shape everywhere: a main loop over whole vectors (with several independent accumulators
 * where a reduction carries a dependency), one half-width vector step, then scalars.
 *
 * <p>Summation order: reductions keep 4 lane-wise partial sums over blocks of 4 vectors (element
 * i goes to accumulator (i / L) mod 4, lane i mod L), add them as (v0 + v1) + (v2 + v3), reduce the
 * lanes with {@link #sumLanes} (a fixed tree), then add the half step (itself reduced by
 * {@link #sumLanes}) and the scalar tail in index order. Column sums and bias adds are elementwise
 * per lane and therefore bit-identical to the scalar reference; ReLU is exact.
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

  // ------------------------------------------------------------------------------------ gemv

  /** y = alpha·A·x + beta·y: four rows at a time, each a dot product along the row. */
  static void gemv(int m, int n, double alpha, double[] a, int aOff, int lda,
                   double[] x, int xOff, double beta, double[] y, int yOff) {
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      int r0 = aOff + i * lda;
      int r1 = r0 + lda;
      int r2 = r1 + lda;
      int r3 = r2 + lda;
      DoubleVector v0 = DoubleVector.zero(S);
      DoubleVector v1 = v0;
      DoubleVector v2 = v0;
      DoubleVector v3 = v0;
      int j = 0;
      for (; j + L <= n; j += L) {
        DoubleVector xv = DoubleVector.fromArray(S, x, xOff + j);
        v0 = DoubleVector.fromArray(S, a, r0 + j).fma(xv, v0);
        v1 = DoubleVector.fromArray(S, a, r1 + j).fma(xv, v1);
        v2 = DoubleVector.fromArray(S, a, r2 + j).fma(xv, v2);
        v3 = DoubleVector.fromArray(S, a, r3 + j).fma(xv, v3);
      }
      double s0 = sumLanes(v0);
      double s1 = sumLanes(v1);
      double s2 = sumLanes(v2);
      double s3 = sumLanes(v3);
      if (LH < L && j + LH <= n) {
        DoubleVector xv = DoubleVector.fromArray(SH, x, xOff + j);
        s0 += sumLanes(DoubleVector.fromArray(SH, a, r0 + j).mul(xv));
        s1 += sumLanes(DoubleVector.fromArray(SH, a, r1 + j).mul(xv));
        s2 += sumLanes(DoubleVector.fromArray(SH, a, r2 + j).mul(xv));
        s3 += sumLanes(DoubleVector.fromArray(SH, a, r3 + j).mul(xv));
        j += LH;
      }
      for (; j < n; j++) {
        double xj = x[xOff + j];
        s0 = Math.fma(a[r0 + j], xj, s0);
        s1 = Math.fma(a[r1 + j], xj, s1);
        s2 = Math.fma(a[r2 + j], xj, s2);
        s3 = Math.fma(a[r3 + j], xj, s3);
      }
      put(s0, alpha, beta, y, yOff + i);
      put(s1, alpha, beta, y, yOff + i + 1);
      put(s2, alpha, beta, y, yOff + i + 2);
      put(s3, alpha, beta, y, yOff + i + 3);
    }
    for (; i < m; i++) {
      put(dot(n, a, aOff + i * lda, x, xOff), alpha, beta, y, yOff + i);
    }
  }

  /** y = alpha·Aᵀ·x + beta·y: vectors run along the rows of A, scaled by x[i] and accumulated. */
  static void gemvT(int m, int n, double alpha, double[] a, int aOff, int lda,
                    double[] x, int xOff, double beta, double[] y, int yOff) {
    int j = 0;
    for (; j + 4 * L <= n; j += 4 * L) {
      DoubleVector v0 = DoubleVector.zero(S);
      DoubleVector v1 = v0;
      DoubleVector v2 = v0;
      DoubleVector v3 = v0;
      for (int i = 0, row = aOff + j; i < m; i++, row += lda) {
        DoubleVector xi = DoubleVector.broadcast(S, x[xOff + i]);
        v0 = DoubleVector.fromArray(S, a, row).fma(xi, v0);
        v1 = DoubleVector.fromArray(S, a, row + L).fma(xi, v1);
        v2 = DoubleVector.fromArray(S, a, row + 2 * L).fma(xi, v2);
        v3 = DoubleVector.fromArray(S, a, row + 3 * L).fma(xi, v3);
      }
      store(v0, alpha, beta, y, yOff + j);
      store(v1, alpha, beta, y, yOff + j + L);
      store(v2, alpha, beta, y, yOff + j + 2 * L);
      store(v3, alpha, beta, y, yOff + j + 3 * L);
    }
    for (; j + L <= n; j += L) {
      DoubleVector v0 = DoubleVector.zero(S);
      for (int i = 0, row = aOff + j; i < m; i++, row += lda) {
        v0 = DoubleVector.fromArray(S, a, row).fma(DoubleVector.broadcast(S, x[xOff + i]), v0);
      }
      store(v0, alpha, beta, y, yOff + j);
    }
    if (LH < L && j + LH <= n) {
      DoubleVector v0 = DoubleVector.zero(SH);
      for (int i = 0, row = aOff + j; i < m; i++, row += lda) {
        v0 = DoubleVector.fromArray(SH, a, row).fma(DoubleVector.broadcast(SH, x[xOff + i]), v0);
      }
      DoubleVector r = v0.mul(alpha);
      if (beta != 0d) {
        r = DoubleVector.fromArray(SH, y, yOff + j).fma(DoubleVector.broadcast(SH, beta), r);
      }
      r.intoArray(y, yOff + j);
      j += LH;
    }
    for (; j < n; j++) {
      double s = 0d;
      for (int i = 0, at = aOff + j; i < m; i++, at += lda) {
        s = Math.fma(a[at], x[xOff + i], s);
      }
      put(s, alpha, beta, y, yOff + j);
    }
  }

  private static void store(DoubleVector acc, double alpha, double beta, double[] y, int at) {
    DoubleVector r = acc.mul(alpha);
    if (beta != 0d) {
      r = DoubleVector.fromArray(S, y, at).fma(DoubleVector.broadcast(S, beta), r);
    }
    r.intoArray(y, at);
  }

  private static void put(double acc, double alpha, double beta, double[] y, int at) {
    y[at] = beta == 0d ? alpha * acc : alpha * acc + beta * y[at];
  }

  // ------------------------------------------------------------------------------------ layer helpers

  static void addBias(int rows, int cols, double[] bias, int biasOff, double[] c, int cOff, int ldc) {
    for (int i = 0; i < rows; i++) {
      int row = cOff + i * ldc;
      int j = 0;
      for (; j + L <= cols; j += L) {
        DoubleVector.fromArray(S, c, row + j).add(DoubleVector.fromArray(S, bias, biasOff + j))
            .intoArray(c, row + j);
      }
      if (LH < L && j + LH <= cols) {
        DoubleVector.fromArray(SH, c, row + j).add(DoubleVector.fromArray(SH, bias, biasOff + j))
            .intoArray(c, row + j);
        j += LH;
      }
      for (; j < cols; j++) {
        c[row + j] += bias[biasOff + j];
      }
    }
  }

  /** out[j] = Σ_i A[i][j] (+ beta·out[j]): rows are added in order, so each lane matches the reference. */
  static void columnSums(int rows, int cols, double[] a, int aOff, int lda, double beta, double[] out, int outOff) {
    int j = 0;
    for (; j + 4 * L <= cols; j += 4 * L) {
      DoubleVector v0 = DoubleVector.zero(S);
      DoubleVector v1 = v0;
      DoubleVector v2 = v0;
      DoubleVector v3 = v0;
      for (int i = 0, row = aOff + j; i < rows; i++, row += lda) {
        v0 = v0.add(DoubleVector.fromArray(S, a, row));
        v1 = v1.add(DoubleVector.fromArray(S, a, row + L));
        v2 = v2.add(DoubleVector.fromArray(S, a, row + 2 * L));
        v3 = v3.add(DoubleVector.fromArray(S, a, row + 3 * L));
      }
      sumStore(v0, beta, out, outOff + j);
      sumStore(v1, beta, out, outOff + j + L);
      sumStore(v2, beta, out, outOff + j + 2 * L);
      sumStore(v3, beta, out, outOff + j + 3 * L);
    }
    for (; j + L <= cols; j += L) {
      DoubleVector v0 = DoubleVector.zero(S);
      for (int i = 0, row = aOff + j; i < rows; i++, row += lda) {
        v0 = v0.add(DoubleVector.fromArray(S, a, row));
      }
      sumStore(v0, beta, out, outOff + j);
    }
    if (LH < L && j + LH <= cols) {
      DoubleVector v0 = DoubleVector.zero(SH);
      for (int i = 0, row = aOff + j; i < rows; i++, row += lda) {
        v0 = v0.add(DoubleVector.fromArray(SH, a, row));
      }
      if (beta != 0d) {
        v0 = v0.add(DoubleVector.fromArray(SH, out, outOff + j).mul(beta));
      }
      v0.intoArray(out, outOff + j);
      j += LH;
    }
    for (; j < cols; j++) {
      double s = 0d;
      for (int i = 0, at = aOff + j; i < rows; i++, at += lda) {
        s += a[at];
      }
      out[outOff + j] = beta == 0d ? s : s + beta * out[outOff + j];
    }
  }

  private static void sumStore(DoubleVector acc, double beta, double[] out, int at) {
    if (beta != 0d) {
      acc = acc.add(DoubleVector.fromArray(S, out, at).mul(beta));
    }
    acc.intoArray(out, at);
  }

  /** y = max(x, 0) with the reference's semantics: NaN and −0 become +0. */
  static void reluForward(int n, double[] x, int xOff, double[] y, int yOff) {
    int i = 0;
    DoubleVector zero = DoubleVector.zero(S);
    for (; i + L <= n; i += L) {
      DoubleVector v = DoubleVector.fromArray(S, x, xOff + i);
      zero.blend(v, v.compare(VectorOperators.GT, 0d)).intoArray(y, yOff + i);
    }
    if (LH < L && i + LH <= n) {
      DoubleVector v = DoubleVector.fromArray(SH, x, xOff + i);
      DoubleVector.zero(SH).blend(v, v.compare(VectorOperators.GT, 0d)).intoArray(y, yOff + i);
      i += LH;
    }
    for (; i < n; i++) {
      double v = x[xOff + i];
      y[yOff + i] = v > 0d ? v : 0d;
    }
  }

  /** grad = activation > 0 ? grad : 0. */
  static void reluBackward(int n, double[] activation, int actOff, double[] grad, int gradOff) {
    int i = 0;
    for (; i + L <= n; i += L) {
      VectorMask<Double> dead = DoubleVector.fromArray(S, activation, actOff + i)
          .compare(VectorOperators.GT, 0d).not();
      DoubleVector.fromArray(S, grad, gradOff + i).blend(0d, dead).intoArray(grad, gradOff + i);
    }
    if (LH < L && i + LH <= n) {
      VectorMask<Double> dead = DoubleVector.fromArray(SH, activation, actOff + i)
          .compare(VectorOperators.GT, 0d).not();
      DoubleVector.fromArray(SH, grad, gradOff + i).blend(0d, dead).intoArray(grad, gradOff + i);
      i += LH;
    }
    for (; i < n; i++) {
      if (!(activation[actOff + i] > 0d)) {
        grad[gradOff + i] = 0d;
      }
    }
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

  /** w −= lr·(g + weightDecay·w), as two FMAs: t = w·wd + g, then w = t·(−lr) + w. */
  static void sgdUpdate(int n, double lr, double weightDecay, double[] w, int wOff, double[] g, int gOff) {
    double minusLr = -lr;
    int i = 0;
    for (; i + L <= n; i += L) {
      DoubleVector wv = DoubleVector.fromArray(S, w, wOff + i);
      DoubleVector t = wv.fma(DoubleVector.broadcast(S, weightDecay), DoubleVector.fromArray(S, g, gOff + i));
      t.fma(DoubleVector.broadcast(S, minusLr), wv).intoArray(w, wOff + i);
    }
    if (LH < L && i + LH <= n) {
      DoubleVector wv = DoubleVector.fromArray(SH, w, wOff + i);
      DoubleVector t = wv.fma(DoubleVector.broadcast(SH, weightDecay), DoubleVector.fromArray(SH, g, gOff + i));
      t.fma(DoubleVector.broadcast(SH, minusLr), wv).intoArray(w, wOff + i);
      i += LH;
    }
    for (; i < n; i++) {
      double wi = w[wOff + i];
      w[wOff + i] = Math.fma(Math.fma(wi, weightDecay, g[gOff + i]), minusLr, wi);
    }
  }

  // ------------------------------------------------------------------------------------ reductions

  static double sum(int n, double[] x, int xOff) {
    DoubleVector v0 = DoubleVector.zero(S);
    DoubleVector v1 = v0;
    DoubleVector v2 = v0;
    DoubleVector v3 = v0;
    int i = 0;
    for (; i + 4 * L <= n; i += 4 * L) {
      v0 = v0.add(DoubleVector.fromArray(S, x, xOff + i));
      v1 = v1.add(DoubleVector.fromArray(S, x, xOff + i + L));
      v2 = v2.add(DoubleVector.fromArray(S, x, xOff + i + 2 * L));
      v3 = v3.add(DoubleVector.fromArray(S, x, xOff + i + 3 * L));
    }
    for (; i + L <= n; i += L) {
      v0 = v0.add(DoubleVector.fromArray(S, x, xOff + i));
    }
    double s = sumLanes(v0.add(v1).add(v2.add(v3)));
    if (LH < L && i + LH <= n) {
      s += sumLanes(DoubleVector.fromArray(SH, x, xOff + i));
      i += LH;
    }
    for (; i < n; i++) {
      s += x[xOff + i];
    }
    return s;
  }

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

  // ------------------------------------------------------------------------------------ softmax

  /**
   * Softmax cross-entropy in double, like the reference. Two classes (the parity task) get a closed
   * form with one exp and one log1p per row: with d = l_other − l_label, loss = softplus(d) and
   * p_other = σ(d). Other widths compute each exp once and reuse it for the gradient.
   */
  static double softmaxCrossEntropy(int rows, int cols, double[] logits, int lOff, int ldl,
                                    int[] labels, int labelsOff, double[] grad, int gOff, int ldg,
                                    double gradScale) {
    double loss = 0d;
    if (cols == 2) {
      for (int i = 0; i < rows; i++) {
        int row = lOff + i * ldl;
        int label = labels[labelsOff + i];
        if (label != 0 && label != 1) {
          throw new ArrayIndexOutOfBoundsException("label " + label + " outside [0, 2) in row " + i);
        }
        double d = logits[row + 1 - label] - logits[row + label];
        double e = Math.exp(-Math.abs(d));
        loss += Math.max(d, 0d) + Math.log1p(e);
        if (grad != null) {
          // σ(d) = p_other; computed from e = exp(−|d|) so it never overflows.
          double pOther = d >= 0d ? 1d / (1d + e) : e / (1d + e);
          int g = gOff + i * ldg;
          double gOther = gradScale * pOther;
          double gLabel = -gradScale * pOther;
          grad[g + 1 - label] = gOther;
          grad[g + label] = gLabel;
        }
      }
      return loss;
    }
    double[] ex = cols > 0 ? new double[cols] : null;
    for (int i = 0; i < rows; i++) {
      int row = lOff + i * ldl;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, logits[row + j]);
      }
      double z = 0d;
      for (int j = 0; j < cols; j++) {
        double e = Math.exp(logits[row + j] - max);
        ex[j] = e;
        z += e;
      }
      int label = labels[labelsOff + i];
      loss += Math.log(z) - (logits[row + label] - max);
      if (grad != null) {
        int g = gOff + i * ldg;
        double inv = 1d / z;
        for (int j = 0; j < cols; j++) {
          grad[g + j] = gradScale * (ex[j] * inv - (j == label ? 1d : 0d));
        }
      }
    }
    return loss;
  }

  static int countCorrect(int rows, int cols, double[] logits, int lOff, int ldl, int[] labels, int labelsOff) {
    int correct = 0;
    for (int i = 0; i < rows; i++) {
      int row = lOff + i * ldl;
      int best = 0;
      double bestValue = cols > 0 ? logits[row] : 0d;
      for (int j = 1; j < cols; j++) {
        double v = logits[row + j];
        if (v > bestValue) {
          best = j;
          bestValue = v;
        }
      }
      if (best == labels[labelsOff + i]) {
        correct++;
      }
    }
    return correct;
  }
}
