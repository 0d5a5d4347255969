package org.grokmeter.kernels.panama;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Double GEMM, C = alpha·op(A)·op(B) + beta·C, row-major with offsets and leading dimensions.
 *
 * <p>Three paths, chosen per call from the shape:
 * <ul>
 *   <li><b>direct</b> (the workhorse, NN and TN; NT after copying Bᵀ panels): register-blocked
 *       4×(3 vectors) tiles of C; for every k, one scalar of each of the 4 rows of op(A) is
 *       broadcast and multiplied into 3 vectors of a row of B (12 FMAs per 3 loads and 4
 *       broadcasts). B and C are used in place, unpacked: for small k packing would cost as much
 *       as the product. k is split into panels of {@value #KC} so the
 *       B strip stays in L1, and the rows into blocks of {@value #MC} so the A block stays in L2.
 *   <li><b>dots</b> (C narrow, n below one vector, k long: the linear model's Σ·D with one output, d×d times d×1): 4×2 tiles of
 *       dot products along k, reduced across lanes at the end.
 *   <li><b>tnNarrow</b> (Aᵀ·B with n below one vector, m long: the projections Vᵀ·D onto the eigenvectors):
 *       vectors run along m, where Aᵀ's columns are contiguous.
 * </ul>
 * Tails follow the house pattern: whole vectors, then one half-width vector, then scalars. Rows left
 * over from the 4-row tiles are computed by clamping the extra row pointers onto the last valid row
 * and storing only the valid rows (a little redundant arithmetic instead of more kernels).
 *
 * <p>Summation order: each C element sums its k products in order p = 0, 1, … with FMA (one rounding
 * per step) inside a k-panel; panels of {@value #KC} are added to C in order. The dot path sums
 * lane-wise partial sums (lane l takes p ≡ l mod L), then reduces the lanes in the fixed tree order
 * of {@link DoubleOps#sumLanes}. Agreement with the scalar reference is within
 * the accumulation-length tolerance, not bitwise.
 */
final class DoubleGemm {

  private static final VectorSpecies<Double> S = Species.D;
  private static final VectorSpecies<Double> SH = Species.DH;
  private static final int L = S.length();
  private static final int LH = SH.length();

  /** Rows of C per tile. */
  private static final int MR = 4;
  /** Columns of C per wide tile: three vectors, 12 accumulators (of 32 registers with AVX-512). */
  private static final int NR = 3 * L;
  /** k-panel depth: the B strip KC×NR (24 KiB at 512 bits) stays in L1 while A rows stream past. */
  private static final int KC = 128;
  /** Rows per block: the MC×KC block of A stays in L2 while the column strips go by. */
  private static final int MC = 256;
  /** Columns per packed Bᵀ panel in gemmNT: KC×NC elements, 512 KiB. */
  private static final int NC = 4096 / Double.BYTES;

  /** Packed path: rows of op(A) per packed block (MCP×KC doubles stay in L2). */
  private static final int MCP = 256;
  /** Packed path: columns of op(B) per packed panel (KC×NCP, streamed from L2/L3 per A block). */
  private static final int NCP = 2048;
  /**
   * Products at least this large (m·n·k) with k beyond one panel go through the packed path: there
   * the unpacked operands stop fitting in cache and walking them (a new page per row of B or of the
   * stored Aᵀ) costs more than copying them once into tile order.
   */
  private static final long PACK_MIN_VOLUME = 1L << 21;

  /**
   * Lane indexes for the two-vector {@code selectFrom}: [even lanes | odd lanes | zip of the low
   * halves | zip of the high halves] of a pair of vectors. They split (x, y) pairs into two rows and
   * merge two rows back into pairs, for the n = 2 and k = 2 shapes (two outputs or two input dimensions).
   */
  private static final double[] PAIR_INDEXES = pairIndexes();

  /**
   * Lane indexes for {@link #merge}: for P = L, L/2, …, 2 partial sums per accumulator, at offset
   * 2·L·(log2(L / P)), the first halves and then the second halves of each accumulator's partials.
   */
  private static final double[] MERGE_INDEXES = mergeIndexes();

  private static final int PACK = 0;
  private static final int TILE = 1;
  private static final int PACK_A = 2;
  private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[3][0]);

  private DoubleGemm() {}

  private static double[] pairIndexes() {
    double[] x = new double[4 * L];
    for (int q = 0; q < L; q++) {
      x[q] = 2 * q;
      x[L + q] = 2 * q + 1;
      x[2 * L + q] = (q % 2 == 0 ? 0 : L) + q / 2;
      x[3 * L + q] = (q % 2 == 0 ? 0 : L) + L / 2 + q / 2;
    }
    return x;
  }

  private static double[] mergeIndexes() {
    int levels = Integer.numberOfTrailingZeros(L);
    double[] x = new double[Math.max(1, 2 * L * levels)];
    int at = 0;
    for (int p = L; p >= 2; p /= 2, at += 2 * L) {
      int g = L / p;
      for (int half = 0; half < 2; half++) {
        for (int acc = 0; acc < 2 * g; acc++) {
          int base = acc < g ? acc * p : L + (acc - g) * p;
          for (int i = 0; i < p / 2; i++) {
            x[at + half * L + acc * (p / 2) + i] = base + half * (p / 2) + i;
          }
        }
      }
    }
    return x;
  }

  /**
   * Two vectors each holding L/P accumulators of P partial sums → one vector holding 2·L/P
   * accumulators of P/2 partial sums (partials i and i + P/2 added): the accumulators of u, then
   * those of w. Applied level by level, it sums every accumulator in the same tree order as
   * {@link DoubleOps#sumLanes}, with a few shuffles instead of one lane extraction per lane.
   */
  private static DoubleVector merge(DoubleVector u, DoubleVector w, int p) {
    int at = 2 * L * Integer.numberOfTrailingZeros(L / p);
    DoubleVector first = DoubleVector.fromArray(S, MERGE_INDEXES, at);
    DoubleVector second = DoubleVector.fromArray(S, MERGE_INDEXES, at + L);
    return first.selectFrom(u, w).add(second.selectFrom(u, w));
  }

  /** dst[d0 + q] = src[s + 2q] and dst[d1 + q] = src[s + 2q + 1] for q < count. */
  private static void deinterleave(double[] src, int s, int count, double[] dst, int d0, int d1) {
    DoubleVector even = DoubleVector.fromArray(S, PAIR_INDEXES, 0);
    DoubleVector odd = DoubleVector.fromArray(S, PAIR_INDEXES, L);
    int q = 0;
    for (; q + L <= count; q += L) {
      DoubleVector v0 = DoubleVector.fromArray(S, src, s + 2 * q);
      DoubleVector v1 = DoubleVector.fromArray(S, src, s + 2 * q + L);
      even.selectFrom(v0, v1).intoArray(dst, d0 + q);
      odd.selectFrom(v0, v1).intoArray(dst, d1 + q);
    }
    for (; q < count; q++) {
      dst[d0 + q] = src[s + 2 * q];
      dst[d1 + q] = src[s + 2 * q + 1];
    }
  }

  /** Thread-confined scratch (slot PACK or TILE), grown on demand and then reused. */
  private static double[] scratch(int slot, int size) {
    double[][] held = SCRATCH.get();
    if (held[slot].length < size) {
      held[slot] = new double[Math.max(size, 2 * held[slot].length)];
    }
    return held[slot];
  }

  // ------------------------------------------------------------------------------------ entries

  static void gemm(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                   double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    if (m <= 0 || n <= 0) {
      return;
    }
    if (k <= 0) {
      scaleOnly(m, n, alpha, beta, c, cOff, ldc);
      return;
    }
    if (k == 2) {
      rowsK2(m, n, alpha, a, aOff, lda, 1, b, bOff, bOff + ldb, beta, c, cOff, ldc);
      return;
    }
    if (n < L && k >= L) {
      // A narrow C leaves most lanes idle when vectorising along n: copy Bᵀ (n×k, small) and take
      // dot products along k instead.
      double[] bt = scratch(PACK, n * k);
      if (n == 2 && ldb == 2) {
        deinterleave(b, bOff, k, bt, 0, k);
      } else {
        for (int p = 0; p < k; p++) {
          int row = bOff + p * ldb;
          for (int j = 0; j < n; j++) {
            bt[j * k + p] = b[row + j];
          }
        }
      }
      dots(m, n, k, alpha, a, aOff, lda, bt, 0, k, beta, c, cOff, ldc);
      return;
    }
    if (usePacked(m, n, k)) {
      packed(m, n, k, alpha, a, aOff, lda, 1, b, bOff, ldb, 1, beta, c, cOff, ldc);
      return;
    }
    direct(m, n, k, alpha, a, aOff, lda, 1, b, bOff, ldb, beta, c, cOff, ldc);
  }

  static void gemmTN(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                     double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    if (m <= 0 || n <= 0) {
      return;
    }
    if (k <= 0) {
      scaleOnly(m, n, alpha, beta, c, cOff, ldc);
      return;
    }
    if (k == 2) {
      rowsK2(m, n, alpha, a, aOff, 1, lda, b, bOff, bOff + ldb, beta, c, cOff, ldc);
      return;
    }
    if (n < L && m >= L) {
      tnNarrow(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    // op(A)(i, p) = A[p][i]: row stride 1, column stride lda.
    if (usePacked(m, n, k)) {
      packed(m, n, k, alpha, a, aOff, 1, lda, b, bOff, ldb, 1, beta, c, cOff, ldc);
      return;
    }
    direct(m, n, k, alpha, a, aOff, 1, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  static void gemmNT(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                     double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    if (m <= 0 || n <= 0) {
      return;
    }
    if (k <= 0) {
      scaleOnly(m, n, alpha, beta, c, cOff, ldc);
      return;
    }
    if (k == 2) {
      // split the (B[j][0], B[j][1]) pairs into two rows, then stream C
      double[] bt = scratch(PACK, 2 * n);
      if (ldb == 2) {
        deinterleave(b, bOff, n, bt, 0, n);
      } else {
        for (int j = 0; j < n; j++) {
          bt[j] = b[bOff + j * ldb];
          bt[n + j] = b[bOff + j * ldb + 1];
        }
      }
      rowsK2(m, n, alpha, a, aOff, lda, 1, bt, 0, n, beta, c, cOff, ldc);
      return;
    }
    if (n < L && k >= L) {
      // Rows of B are contiguous along k: dot products need no copy.
      dots(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    if (usePacked(m, n, k)) {
      packed(m, n, k, alpha, a, aOff, lda, 1, b, bOff, 1, ldb, beta, c, cOff, ldc);
      return;
    }
    // Copy Bᵀ panel by panel (KC×NC) so the direct kernel can load rows of op(B); the copy is
    // k·n element moves against 2·m·n·k flops.
    double[] bt = scratch(PACK, Math.min(k, KC) * Math.min(n, NC));
    for (int pc = 0; pc < k; pc += KC) {
      int kb = Math.min(KC, k - pc);
      double betaPanel = pc == 0 ? beta : 1d;
      for (int jc = 0; jc < n; jc += NC) {
        int nb = Math.min(NC, n - jc);
        if (kb == 2 && ldb == 2) {
          deinterleave(b, bOff + jc * 2 + pc, nb, bt, 0, nb);
        } else {
          for (int j = 0; j < nb; j++) {
            int row = bOff + (jc + j) * ldb + pc;
            for (int p = 0; p < kb; p++) {
              bt[p * nb + j] = b[row + p];
            }
          }
        }
        direct(m, nb, kb, alpha, a, aOff + pc, lda, 1, bt, 0, nb, betaPanel, c, cOff + jc, ldc);
      }
    }
  }

  /** k = 0: C = alpha·0 + beta·C, exactly as the reference computes it. */
  private static void scaleOnly(int m, int n, double alpha, double beta, double[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int ci = cOff + i * ldc + j;
        c[ci] = beta == 0d ? alpha * 0d : alpha * 0d + beta * c[ci];
      }
    }
  }

  // ------------------------------------------------------------------------------------ direct

  /** op(A)(i, p) = a[aOff + i·ars + p·acs]; op(B) = B, row-major with ldb. */
  private static void direct(int m, int n, int k, double alpha, double[] a, int aOff, int ars, int acs,
                             double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    for (int pc = 0; pc < k; pc += KC) {
      int kb = Math.min(KC, k - pc);
      double betaPanel = pc == 0 ? beta : 1d;
      for (int ic = 0; ic < m; ic += MC) {
        int mb = Math.min(MC, m - ic);
        block(mb, n, kb, alpha, a, aOff + pc * acs + ic * ars, ars, acs, b, bOff + pc * ldb, ldb,
            betaPanel, c, cOff + ic * ldc, ldc);
      }
    }
  }

  private static void block(int mb, int n, int kb, double alpha, double[] a, int aBase, int ars, int acs,
                            double[] b, int bBase, int ldb, double beta, double[] c, int cBase, int ldc) {
    // rows in whole 4-row tiles; the 1–3 rows left over get their own wider tiles below, so the
    // input sizes that are not multiples of 4 (25…45) waste no arithmetic on clamped rows
    int m4 = mb - mb % MR;
    int j = 0;
    for (; j + NR <= n; j += NR) {
      for (int i = 0; i < m4; i += MR) {
        tile3(MR, kb, alpha, a, aBase + i * ars, ars, acs, b, bBase + j, ldb, beta, c, cBase + i * ldc + j, ldc);
      }
    }
    columnTails(0, m4, j, n, kb, alpha, a, aBase, ars, acs, b, bBase, ldb, beta, c, cBase, ldc);
    if (m4 < mb) {
      int mr = mb - m4;
      int aRows = aBase + m4 * ars;
      int cRows = cBase + m4 * ldc;
      int jj = 0;
      for (; jj + 4 * L <= n; jj += 4 * L) {
        tileFew(mr, kb, alpha, a, aRows, ars, acs, b, bBase + jj, ldb, beta, c, cRows + jj, ldc);
      }
      columnTails(m4, mb, jj, n, kb, alpha, a, aBase, ars, acs, b, bBase, ldb, beta, c, cBase, ldc);
    }
  }

  /** Columns j0..n of rows i0..i1: single vectors, one half vector, then scalars. */
  private static void columnTails(int i0, int i1, int j0, int n, int kb, double alpha, double[] a, int aBase,
                                  int ars, int acs, double[] b, int bBase, int ldb, double beta, double[] c,
                                  int cBase, int ldc) {
    int j = j0;
    for (; j + L <= n; j += L) {
      for (int i = i0; i < i1; i += MR) {
        tile1(Math.min(MR, i1 - i), kb, alpha, a, aBase + i * ars, ars, acs, b, bBase + j, ldb,
            beta, c, cBase + i * ldc + j, ldc);
      }
    }
    if (LH < L && j + LH <= n) {
      for (int i = i0; i < i1; i += MR) {
        tileHalf(Math.min(MR, i1 - i), kb, alpha, a, aBase + i * ars, ars, acs, b, bBase + j, ldb,
            beta, c, cBase + i * ldc + j, ldc);
      }
      j += LH;
    }
    for (; j < n; j++) {
      for (int i = i0; i < i1; i++) {
        double acc = 0d;
        int ap = aBase + i * ars;
        int bp = bBase + j;
        for (int p = 0; p < kb; p++, ap += acs, bp += ldb) {
          acc = Math.fma(a[ap], b[bp], acc);
        }
        int ci = cBase + i * ldc + j;
        c[ci] = beta == 0d ? alpha * acc : alpha * acc + beta * c[ci];
      }
    }
  }

  /** C tile of mr ≤ 3 rows × 4 vectors: the rows a 4-row tiling leaves over. */
  private static void tileFew(int mr, int kb, double alpha, double[] a, int ai, int ars, int acs,
                              double[] b, int bj, int ldb, double beta, double[] c, int ci, int ldc) {
    int a0 = ai;
    int a1 = ai + Math.min(1, mr - 1) * ars;
    int a2 = ai + Math.min(2, mr - 1) * ars;
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c02 = c00;
    DoubleVector c03 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c12 = c00;
    DoubleVector c13 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c22 = c00;
    DoubleVector c23 = c00;
    for (int p = 0, ap = 0, bp = bj; p < kb; p++, ap += acs, bp += ldb) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
      DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
      DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
      DoubleVector b3 = DoubleVector.fromArray(S, b, bp + 3 * L);
      DoubleVector x = DoubleVector.broadcast(S, a[a0 + ap]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      c03 = x.fma(b3, c03);
      if (mr > 1) {
        x = DoubleVector.broadcast(S, a[a1 + ap]);
        c10 = x.fma(b0, c10);
        c11 = x.fma(b1, c11);
        c12 = x.fma(b2, c12);
        c13 = x.fma(b3, c13);
      }
      if (mr > 2) {
        x = DoubleVector.broadcast(S, a[a2 + ap]);
        c20 = x.fma(b0, c20);
        c21 = x.fma(b1, c21);
        c22 = x.fma(b2, c22);
        c23 = x.fma(b3, c23);
      }
    }
    store(c00, alpha, beta, c, ci);
    store(c01, alpha, beta, c, ci + L);
    store(c02, alpha, beta, c, ci + 2 * L);
    store(c03, alpha, beta, c, ci + 3 * L);
    if (mr > 1) {
      ci += ldc;
      store(c10, alpha, beta, c, ci);
      store(c11, alpha, beta, c, ci + L);
      store(c12, alpha, beta, c, ci + 2 * L);
      store(c13, alpha, beta, c, ci + 3 * L);
    }
    if (mr > 2) {
      ci += ldc;
      store(c20, alpha, beta, c, ci);
      store(c21, alpha, beta, c, ci + L);
      store(c22, alpha, beta, c, ci + 2 * L);
      store(c23, alpha, beta, c, ci + 3 * L);
    }
  }

  /**
   * k = 2 (dLogits·W2ᵀ with two classes): each row of C is a combination of the two rows of op(B),
   * C[i] = alpha·(A(i,0)·B[0] + A(i,1)·B[1]). With 4 flops per element of C, writing C is the
   * bottleneck (it leaves L1); the register tiles would mostly start and store, so this streams C
   * two rows at a time, sharing the loads of B. Multiply and add rather than fma: measured, once other
   * kernels had used fma on both vector widths in the same JVM, C2 stopped eliminating the vector
   * boxes here (155 KB allocated per call, 7 instead of 34 GFLOP/s); mul/add stays clean.
   */
  private static void rowsK2(int m, int n, double alpha, double[] a, int aOff, int ars, int acs,
                             double[] b, int b0, int b1, double beta, double[] c, int cOff, int ldc) {
    int i = 0;
    if (beta == 0d) {
      for (; i + 2 <= m; i += 2) {
        int ai = aOff + i * ars;
        DoubleVector x0 = DoubleVector.broadcast(S, alpha * a[ai]);
        DoubleVector x1 = DoubleVector.broadcast(S, alpha * a[ai + acs]);
        DoubleVector y0 = DoubleVector.broadcast(S, alpha * a[ai + ars]);
        DoubleVector y1 = DoubleVector.broadcast(S, alpha * a[ai + ars + acs]);
        int row = cOff + i * ldc;
        int j = 0;
        for (; j + L <= n; j += L) {
          DoubleVector p = DoubleVector.fromArray(S, b, b0 + j);
          DoubleVector q = DoubleVector.fromArray(S, b, b1 + j);
          q.mul(x1).add(p.mul(x0)).intoArray(c, row + j);
          q.mul(y1).add(p.mul(y0)).intoArray(c, row + ldc + j);
        }
        rowK2Tail(j, n, alpha * a[ai], alpha * a[ai + acs], b, b0, b1, beta, c, row);
        rowK2Tail(j, n, alpha * a[ai + ars], alpha * a[ai + ars + acs], b, b0, b1, beta, c, row + ldc);
      }
    }
    for (; i < m; i++) {
      int ai = aOff + i * ars;
      DoubleVector x0 = DoubleVector.broadcast(S, alpha * a[ai]);
      DoubleVector x1 = DoubleVector.broadcast(S, alpha * a[ai + acs]);
      DoubleVector vb = DoubleVector.broadcast(S, beta);
      int row = cOff + i * ldc;
      int j = 0;
      for (; j + L <= n; j += L) {
        DoubleVector r = DoubleVector.fromArray(S, b, b1 + j).mul(x1).add(DoubleVector.fromArray(S, b, b0 + j).mul(x0));
        if (beta != 0d) {
          r = DoubleVector.fromArray(S, c, row + j).fma(vb, r);
        }
        r.intoArray(c, row + j);
      }
      rowK2Tail(j, n, alpha * a[ai], alpha * a[ai + acs], b, b0, b1, beta, c, row);
    }
  }

  /** Columns j.. of one rowsK2 row: one half-width vector, then scalars. */
  private static void rowK2Tail(int j, int n, double s0, double s1, double[] b, int b0, int b1, double beta,
                                double[] c, int row) {
    if (LH < L && j + LH <= n) {
      DoubleVector r = DoubleVector.broadcast(SH, s1).fma(DoubleVector.fromArray(SH, b, b1 + j),
          DoubleVector.broadcast(SH, s0).mul(DoubleVector.fromArray(SH, b, b0 + j)));
      if (beta != 0d) {
        r = DoubleVector.fromArray(SH, c, row + j).fma(DoubleVector.broadcast(SH, beta), r);
      }
      r.intoArray(c, row + j);
      j += LH;
    }
    for (; j < n; j++) {
      double v = Math.fma(s1, b[b1 + j], s0 * b[b0 + j]);
      c[row + j] = beta == 0d ? v : v + beta * c[row + j];
    }
  }

  /** C tile of mr ≤ 4 rows × 3 vectors. */
  private static void tile3(int mr, int kb, double alpha, double[] a, int ai, int ars, int acs,
                            double[] b, int bj, int ldb, double beta, double[] c, int ci, int ldc) {
    int a0 = ai;
    int a1 = ai + Math.min(1, mr - 1) * ars;
    int a2 = ai + Math.min(2, mr - 1) * ars;
    int a3 = ai + Math.min(3, mr - 1) * ars;
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c02 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c12 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c22 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    DoubleVector c32 = c00;
    for (int p = 0, ap = 0, bp = bj; p < kb; p++, ap += acs, bp += ldb) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
      DoubleVector b1 = DoubleVector.fromArray(S, b, bp + L);
      DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L);
      DoubleVector x = DoubleVector.broadcast(S, a[a0 + ap]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      x = DoubleVector.broadcast(S, a[a1 + ap]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      x = DoubleVector.broadcast(S, a[a2 + ap]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      x = DoubleVector.broadcast(S, a[a3 + ap]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
    }
    store(c00, alpha, beta, c, ci);
    store(c01, alpha, beta, c, ci + L);
    store(c02, alpha, beta, c, ci + 2 * L);
    if (mr > 1) {
      ci += ldc;
      store(c10, alpha, beta, c, ci);
      store(c11, alpha, beta, c, ci + L);
      store(c12, alpha, beta, c, ci + 2 * L);
    }
    if (mr > 2) {
      ci += ldc;
      store(c20, alpha, beta, c, ci);
      store(c21, alpha, beta, c, ci + L);
      store(c22, alpha, beta, c, ci + 2 * L);
    }
    if (mr > 3) {
      ci += ldc;
      store(c30, alpha, beta, c, ci);
      store(c31, alpha, beta, c, ci + L);
      store(c32, alpha, beta, c, ci + 2 * L);
    }
  }

  /** C tile of mr ≤ 4 rows × 1 vector. */
  private static void tile1(int mr, int kb, double alpha, double[] a, int ai, int ars, int acs,
                            double[] b, int bj, int ldb, double beta, double[] c, int ci, int ldc) {
    int a0 = ai;
    int a1 = ai + Math.min(1, mr - 1) * ars;
    int a2 = ai + Math.min(2, mr - 1) * ars;
    int a3 = ai + Math.min(3, mr - 1) * ars;
    DoubleVector c0 = DoubleVector.zero(S);
    DoubleVector c1 = c0;
    DoubleVector c2 = c0;
    DoubleVector c3 = c0;
    for (int p = 0, ap = 0, bp = bj; p < kb; p++, ap += acs, bp += ldb) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
      c0 = DoubleVector.broadcast(S, a[a0 + ap]).fma(b0, c0);
      c1 = DoubleVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
      c2 = DoubleVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
      c3 = DoubleVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
    }
    store(c0, alpha, beta, c, ci);
    if (mr > 1) {
      store(c1, alpha, beta, c, ci + ldc);
    }
    if (mr > 2) {
      store(c2, alpha, beta, c, ci + 2 * ldc);
    }
    if (mr > 3) {
      store(c3, alpha, beta, c, ci + 3 * ldc);
    }
  }

  /** C tile of mr ≤ 4 rows × 1 half-width vector. */
  private static void tileHalf(int mr, int kb, double alpha, double[] a, int ai, int ars, int acs,
                               double[] b, int bj, int ldb, double beta, double[] c, int ci, int ldc) {
    int a0 = ai;
    int a1 = ai + Math.min(1, mr - 1) * ars;
    int a2 = ai + Math.min(2, mr - 1) * ars;
    int a3 = ai + Math.min(3, mr - 1) * ars;
    DoubleVector c0 = DoubleVector.zero(SH);
    DoubleVector c1 = c0;
    DoubleVector c2 = c0;
    DoubleVector c3 = c0;
    for (int p = 0, ap = 0, bp = bj; p < kb; p++, ap += acs, bp += ldb) {
      DoubleVector b0 = DoubleVector.fromArray(SH, b, bp);
      c0 = DoubleVector.broadcast(SH, a[a0 + ap]).fma(b0, c0);
      c1 = DoubleVector.broadcast(SH, a[a1 + ap]).fma(b0, c1);
      c2 = DoubleVector.broadcast(SH, a[a2 + ap]).fma(b0, c2);
      c3 = DoubleVector.broadcast(SH, a[a3 + ap]).fma(b0, c3);
    }
    storeHalf(c0, alpha, beta, c, ci);
    if (mr > 1) {
      storeHalf(c1, alpha, beta, c, ci + ldc);
    }
    if (mr > 2) {
      storeHalf(c2, alpha, beta, c, ci + 2 * ldc);
    }
    if (mr > 3) {
      storeHalf(c3, alpha, beta, c, ci + 3 * ldc);
    }
  }

  /** c[at..] = alpha·acc + beta·c[at..]; with beta == 0 the old C is not read (it may be NaN). */
  private static void store(DoubleVector acc, double alpha, double beta, double[] c, int at) {
    DoubleVector r = acc.mul(alpha);
    if (beta != 0d) {
      r = DoubleVector.fromArray(S, c, at).fma(DoubleVector.broadcast(S, beta), r);
    }
    r.intoArray(c, at);
  }

  private static void storeHalf(DoubleVector acc, double alpha, double beta, double[] c, int at) {
    DoubleVector r = acc.mul(alpha);
    if (beta != 0d) {
      r = DoubleVector.fromArray(SH, c, at).fma(DoubleVector.broadcast(SH, beta), r);
    }
    r.intoArray(c, at);
  }

  // ------------------------------------------------------------------------------------ packed

  private static boolean usePacked(int m, int n, int k) {
    return k > KC && m >= MR && n >= NR && (long) m * n * k >= PACK_MIN_VOLUME;
  }

  /**
   * GotoBLAS/BLIS blocking for large products: op(B) is copied panel by panel (KC×NCP) into strips
   * of NR columns, op(A) block by block (MCP×KC) into strips of MR rows, each strip contiguous in the
   * order the micro-kernel reads it ({@link #tile3} on unit strides); the missing rows and columns
   * of edge strips are zero-filled, and edge tiles go through a small buffer. op(A)(i, p) =
   * a[aOff + i·ars + p·acs], op(B)(p, j) = b[bOff + p·brs + j·bcs], so one routine serves NN, TN
   * and NT.
   */
  private static void packed(int m, int n, int k, double alpha, double[] a, int aOff, int ars, int acs,
                             double[] b, int bOff, int brs, int bcs, double beta, double[] c, int cOff, int ldc) {
    int kcMax = Math.min(k, KC);
    double[] pb = scratch(PACK, kcMax * roundUp(Math.min(n, NCP), NR));
    double[] pa = scratch(PACK_A, kcMax * roundUp(Math.min(m, MCP), MR));
    double[] tile = scratch(TILE, MR * NR);
    for (int jc = 0; jc < n; jc += NCP) {
      int nb = Math.min(NCP, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kb = Math.min(KC, k - pc);
        double betaPanel = pc == 0 ? beta : 1d;
        packB(kb, nb, b, bOff + pc * brs + jc * bcs, brs, bcs, pb);
        for (int ic = 0; ic < m; ic += MCP) {
          int mb = Math.min(MCP, m - ic);
          packA(mb, kb, a, aOff + ic * ars + pc * acs, ars, acs, pa);
          for (int jr = 0; jr < nb; jr += NR) {
            int nr = Math.min(NR, nb - jr);
            for (int ir = 0; ir < mb; ir += MR) {
              int mr = Math.min(MR, mb - ir);
              int ci = cOff + (ic + ir) * ldc + jc + jr;
              if (nr == NR) {
                packedTile(mr, kb, alpha, pa, ir * kb, pb, jr * kb, betaPanel, c, ci, ldc);
              } else {
                packedTile(MR, kb, 1d, pa, ir * kb, pb, jr * kb, 0d, tile, 0, NR);
                for (int r = 0; r < mr; r++) {
                  for (int q = 0; q < nr; q++) {
                    put(tile[r * NR + q], alpha, betaPanel, c, ci + r * ldc + q);
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /** {@link #tile3} on packed strips: unit strides known to the compiler, so bounds checks hoist. */
  private static void packedTile(int mr, int kb, double alpha, double[] pa, int ai, double[] pb, int bj,
                                 double beta, double[] c, int ci, int ldc) {
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c02 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c12 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c22 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    DoubleVector c32 = c00;
    for (int p = 0; p < kb; p++) {
      int bp = bj + p * NR;
      int ap = ai + p * MR;
      DoubleVector b0 = DoubleVector.fromArray(S, pb, bp);
      DoubleVector b1 = DoubleVector.fromArray(S, pb, bp + L);
      DoubleVector b2 = DoubleVector.fromArray(S, pb, bp + 2 * L);
      DoubleVector x = DoubleVector.broadcast(S, pa[ap]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      x = DoubleVector.broadcast(S, pa[ap + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      x = DoubleVector.broadcast(S, pa[ap + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      x = DoubleVector.broadcast(S, pa[ap + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
    }
    store(c00, alpha, beta, c, ci);
    store(c01, alpha, beta, c, ci + L);
    store(c02, alpha, beta, c, ci + 2 * L);
    if (mr > 1) {
      ci += ldc;
      store(c10, alpha, beta, c, ci);
      store(c11, alpha, beta, c, ci + L);
      store(c12, alpha, beta, c, ci + 2 * L);
    }
    if (mr > 2) {
      ci += ldc;
      store(c20, alpha, beta, c, ci);
      store(c21, alpha, beta, c, ci + L);
      store(c22, alpha, beta, c, ci + 2 * L);
    }
    if (mr > 3) {
      ci += ldc;
      store(c30, alpha, beta, c, ci);
      store(c31, alpha, beta, c, ci + L);
      store(c32, alpha, beta, c, ci + 2 * L);
    }
  }

  private static int roundUp(int x, int multiple) {
    return (x + multiple - 1) / multiple * multiple;
  }

  /** Strips of NR columns: element (p, j) of the panel at (j / NR)·NR·kb + p·NR + j mod NR. */
  private static void packB(int kb, int nb, double[] b, int bOff, int brs, int bcs, double[] pb) {
    for (int jr = 0; jr < nb; jr += NR) {
      int nr = Math.min(NR, nb - jr);
      int base = jr * kb;
      if (bcs == 1) {
        for (int p = 0; p < kb; p++) {
          int dst = base + p * NR;
          System.arraycopy(b, bOff + p * brs + jr, pb, dst, nr);
          for (int q = nr; q < NR; q++) {
            pb[dst + q] = 0d;
          }
        }
      } else {
        for (int q = 0; q < NR; q++) {
          if (q < nr) {
            int src = bOff + (jr + q) * bcs;
            for (int p = 0; p < kb; p++) {
              pb[base + p * NR + q] = b[src + p * brs];
            }
          } else {
            for (int p = 0; p < kb; p++) {
              pb[base + p * NR + q] = 0d;
            }
          }
        }
      }
    }
  }

  /** Strips of MR rows: element (i, p) of the block at (i / MR)·MR·kb + p·MR + i mod MR. */
  private static void packA(int mb, int kb, double[] a, int aOff, int ars, int acs, double[] pa) {
    for (int ir = 0; ir < mb; ir += MR) {
      int mr = Math.min(MR, mb - ir);
      int base = ir * kb;
      if (ars == 1 && mr == MR) {
        for (int p = 0, src = aOff + ir, dst = base; p < kb; p++, src += acs, dst += MR) {
          pa[dst] = a[src];
          pa[dst + 1] = a[src + 1];
          pa[dst + 2] = a[src + 2];
          pa[dst + 3] = a[src + 3];
        }
      } else {
        for (int r = 0; r < MR; r++) {
          if (r < mr) {
            int src = aOff + (ir + r) * ars;
            for (int p = 0; p < kb; p++) {
              pa[base + p * MR + r] = a[src + p * acs];
            }
          } else {
            for (int p = 0; p < kb; p++) {
              pa[base + p * MR + r] = 0d;
            }
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------ dots

  /** C(i, j) = Σ_p a[aOff + i·lda + p] · bt[btOff + j·ldbt + p]: both operands contiguous along k. */
  private static void dots(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                           double[] bt, int btOff, int ldbt, double beta, double[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i += 4) {
      int mr = Math.min(4, m - i);
      for (int j = 0; j < n; j += 2) {
        dotTile(mr, Math.min(2, n - j), k, alpha, a, aOff + i * lda, lda, bt, btOff + j * ldbt, ldbt,
            beta, c, cOff + i * ldc + j, ldc);
      }
    }
  }

  /** mr ≤ 4 rows × nr ≤ 2 columns of dot products; extra rows and columns are clamped, not stored. */
  private static void dotTile(int mr, int nr, int k, double alpha, double[] a, int ai, int lda,
                              double[] bt, int bj, int ldbt, double beta, double[] c, int ci, int ldc) {
    int a0 = ai;
    int a1 = ai + Math.min(1, mr - 1) * lda;
    int a2 = ai + Math.min(2, mr - 1) * lda;
    int a3 = ai + Math.min(3, mr - 1) * lda;
    int b0 = bj;
    int b1 = bj + Math.min(1, nr - 1) * ldbt;
    DoubleVector v00 = DoubleVector.zero(S);
    DoubleVector v01 = v00;
    DoubleVector v10 = v00;
    DoubleVector v11 = v00;
    DoubleVector v20 = v00;
    DoubleVector v21 = v00;
    DoubleVector v30 = v00;
    DoubleVector v31 = v00;
    int p = 0;
    for (; p + L <= k; p += L) {
      DoubleVector y0 = DoubleVector.fromArray(S, bt, b0 + p);
      DoubleVector y1 = DoubleVector.fromArray(S, bt, b1 + p);
      DoubleVector x = DoubleVector.fromArray(S, a, a0 + p);
      v00 = x.fma(y0, v00);
      v01 = x.fma(y1, v01);
      x = DoubleVector.fromArray(S, a, a1 + p);
      v10 = x.fma(y0, v10);
      v11 = x.fma(y1, v11);
      x = DoubleVector.fromArray(S, a, a2 + p);
      v20 = x.fma(y0, v20);
      v21 = x.fma(y1, v21);
      x = DoubleVector.fromArray(S, a, a3 + p);
      v30 = x.fma(y0, v30);
      v31 = x.fma(y1, v31);
    }
    double s00;
    double s01;
    double s10;
    double s11;
    double s20;
    double s21;
    double s30;
    double s31;
    if (L >= 8) {
      // the 8 lane sums at once: three levels of merges (plus one on itself for 16 lanes)
      DoubleVector o = merge(merge(merge(v00, v01, L), merge(v10, v11, L), L / 2),
          merge(merge(v20, v21, L), merge(v30, v31, L), L / 2), L / 4);
      for (int partials = L / 8; partials >= 2; partials /= 2) {
        o = merge(o, o, partials);
      }
      s00 = o.lane(0);
      s01 = o.lane(1);
      s10 = o.lane(2);
      s11 = o.lane(3);
      s20 = o.lane(4);
      s21 = o.lane(5);
      s30 = o.lane(6);
      s31 = o.lane(7);
    } else {
      s00 = DoubleOps.sumLanes(v00);
      s01 = DoubleOps.sumLanes(v01);
      s10 = DoubleOps.sumLanes(v10);
      s11 = DoubleOps.sumLanes(v11);
      s20 = DoubleOps.sumLanes(v20);
      s21 = DoubleOps.sumLanes(v21);
      s30 = DoubleOps.sumLanes(v30);
      s31 = DoubleOps.sumLanes(v31);
    }
    if (LH < L && p + LH <= k) {
      DoubleVector y0 = DoubleVector.fromArray(SH, bt, b0 + p);
      DoubleVector y1 = DoubleVector.fromArray(SH, bt, b1 + p);
      DoubleVector x = DoubleVector.fromArray(SH, a, a0 + p);
      s00 += DoubleOps.sumLanes(x.mul(y0));
      s01 += DoubleOps.sumLanes(x.mul(y1));
      x = DoubleVector.fromArray(SH, a, a1 + p);
      s10 += DoubleOps.sumLanes(x.mul(y0));
      s11 += DoubleOps.sumLanes(x.mul(y1));
      x = DoubleVector.fromArray(SH, a, a2 + p);
      s20 += DoubleOps.sumLanes(x.mul(y0));
      s21 += DoubleOps.sumLanes(x.mul(y1));
      x = DoubleVector.fromArray(SH, a, a3 + p);
      s30 += DoubleOps.sumLanes(x.mul(y0));
      s31 += DoubleOps.sumLanes(x.mul(y1));
      p += LH;
    }
    for (; p < k; p++) {
      double y0 = bt[b0 + p];
      double y1 = bt[b1 + p];
      s00 = Math.fma(a[a0 + p], y0, s00);
      s01 = Math.fma(a[a0 + p], y1, s01);
      s10 = Math.fma(a[a1 + p], y0, s10);
      s11 = Math.fma(a[a1 + p], y1, s11);
      s20 = Math.fma(a[a2 + p], y0, s20);
      s21 = Math.fma(a[a2 + p], y1, s21);
      s30 = Math.fma(a[a3 + p], y0, s30);
      s31 = Math.fma(a[a3 + p], y1, s31);
    }
    put(s00, alpha, beta, c, ci);
    if (nr > 1) {
      put(s01, alpha, beta, c, ci + 1);
    }
    if (mr > 1) {
      ci += ldc;
      put(s10, alpha, beta, c, ci);
      if (nr > 1) {
        put(s11, alpha, beta, c, ci + 1);
      }
    }
    if (mr > 2) {
      ci += ldc;
      put(s20, alpha, beta, c, ci);
      if (nr > 1) {
        put(s21, alpha, beta, c, ci + 1);
      }
    }
    if (mr > 3) {
      ci += ldc;
      put(s30, alpha, beta, c, ci);
      if (nr > 1) {
        put(s31, alpha, beta, c, ci + 1);
      }
    }
  }

  private static void put(double acc, double alpha, double beta, double[] c, int at) {
    c[at] = beta == 0d ? alpha * acc : alpha * acc + beta * c[at];
  }

  // ------------------------------------------------------------------------------------ tnNarrow

  /**
   * C = Aᵀ·B with few columns (n < one vector) and many rows: vectors run along i, where row p of
   * the stored A is contiguous; each lane ends up holding one C(i, j), written back one by one.
   */
  private static void tnNarrow(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                               double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    double[] tile = scratch(TILE, 8 * L);
    for (int j = 0; j < n; j += 2) {
      int nr = Math.min(2, n - j);
      int bj0 = bOff + j;
      int bj1 = bOff + j + nr - 1;
      int i = 0;
      for (; i + 4 * L <= m; i += 4 * L) {
        DoubleVector v00 = DoubleVector.zero(S);
        DoubleVector v10 = v00;
        DoubleVector v20 = v00;
        DoubleVector v30 = v00;
        DoubleVector v01 = v00;
        DoubleVector v11 = v00;
        DoubleVector v21 = v00;
        DoubleVector v31 = v00;
        for (int p = 0, ap = aOff + i, bp = 0; p < k; p++, ap += lda, bp += ldb) {
          DoubleVector y0 = DoubleVector.broadcast(S, b[bj0 + bp]);
          DoubleVector y1 = DoubleVector.broadcast(S, b[bj1 + bp]);
          DoubleVector x = DoubleVector.fromArray(S, a, ap);
          v00 = x.fma(y0, v00);
          v01 = x.fma(y1, v01);
          x = DoubleVector.fromArray(S, a, ap + L);
          v10 = x.fma(y0, v10);
          v11 = x.fma(y1, v11);
          x = DoubleVector.fromArray(S, a, ap + 2 * L);
          v20 = x.fma(y0, v20);
          v21 = x.fma(y1, v21);
          x = DoubleVector.fromArray(S, a, ap + 3 * L);
          v30 = x.fma(y0, v30);
          v31 = x.fma(y1, v31);
        }
        if (nr == 2 && ldc == 2) {
          // C rows are (c0, c1) pairs, contiguous: zip the two columns back into pairs
          DoubleVector lo = DoubleVector.fromArray(S, PAIR_INDEXES, 2 * L);
          DoubleVector hi = DoubleVector.fromArray(S, PAIR_INDEXES, 3 * L);
          int ci = cOff + i * 2;
          store(lo.selectFrom(v00, v01), alpha, beta, c, ci);
          store(hi.selectFrom(v00, v01), alpha, beta, c, ci + L);
          store(lo.selectFrom(v10, v11), alpha, beta, c, ci + 2 * L);
          store(hi.selectFrom(v10, v11), alpha, beta, c, ci + 3 * L);
          store(lo.selectFrom(v20, v21), alpha, beta, c, ci + 4 * L);
          store(hi.selectFrom(v20, v21), alpha, beta, c, ci + 5 * L);
          store(lo.selectFrom(v30, v31), alpha, beta, c, ci + 6 * L);
          store(hi.selectFrom(v30, v31), alpha, beta, c, ci + 7 * L);
          continue;
        }
        v00.intoArray(tile, 0);
        v10.intoArray(tile, L);
        v20.intoArray(tile, 2 * L);
        v30.intoArray(tile, 3 * L);
        v01.intoArray(tile, 4 * L);
        v11.intoArray(tile, 5 * L);
        v21.intoArray(tile, 6 * L);
        v31.intoArray(tile, 7 * L);
        scatter(tile, 4 * L, nr, alpha, beta, c, cOff + i * ldc + j, ldc);
      }
      for (; i + L <= m; i += L) {
        DoubleVector v0 = DoubleVector.zero(S);
        DoubleVector v1 = v0;
        for (int p = 0, ap = aOff + i, bp = 0; p < k; p++, ap += lda, bp += ldb) {
          DoubleVector x = DoubleVector.fromArray(S, a, ap);
          v0 = x.fma(DoubleVector.broadcast(S, b[bj0 + bp]), v0);
          v1 = x.fma(DoubleVector.broadcast(S, b[bj1 + bp]), v1);
        }
        v0.intoArray(tile, 0);
        v1.intoArray(tile, 4 * L);
        scatter(tile, L, nr, alpha, beta, c, cOff + i * ldc + j, ldc);
      }
      if (LH < L && i + LH <= m) {
        DoubleVector v0 = DoubleVector.zero(SH);
        DoubleVector v1 = v0;
        for (int p = 0, ap = aOff + i, bp = 0; p < k; p++, ap += lda, bp += ldb) {
          DoubleVector x = DoubleVector.fromArray(SH, a, ap);
          v0 = x.fma(DoubleVector.broadcast(SH, b[bj0 + bp]), v0);
          v1 = x.fma(DoubleVector.broadcast(SH, b[bj1 + bp]), v1);
        }
        v0.intoArray(tile, 0);
        v1.intoArray(tile, 4 * L);
        scatter(tile, LH, nr, alpha, beta, c, cOff + i * ldc + j, ldc);
        i += LH;
      }
      for (; i < m; i++) {
        double s0 = 0d;
        double s1 = 0d;
        for (int p = 0, ap = aOff + i, bp = 0; p < k; p++, ap += lda, bp += ldb) {
          s0 = Math.fma(a[ap], b[bj0 + bp], s0);
          s1 = Math.fma(a[ap], b[bj1 + bp], s1);
        }
        int ci = cOff + i * ldc + j;
        put(s0, alpha, beta, c, ci);
        if (nr > 1) {
          put(s1, alpha, beta, c, ci + 1);
        }
      }
    }
  }

  /** Writes rows × nr results held column-wise in tile (column j at offset 4·L·j) into C. */
  private static void scatter(double[] tile, int rows, int nr, double alpha, double beta,
                              double[] c, int ci, int ldc) {
    for (int r = 0; r < rows; r++, ci += ldc) {
      put(tile[r], alpha, beta, c, ci);
      if (nr > 1) {
        put(tile[4 * L + r], alpha, beta, c, ci + 1);
      }
    }
  }
}
