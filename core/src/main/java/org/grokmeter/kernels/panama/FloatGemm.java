package org.grokmeter.kernels.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float GEMM, C = alpha·op(A)·op(B) + beta·C, row-major with offsets and leading dimensions.
 *
 * <p>Three paths, chosen per call from the shape:
 * <ul>
 *   <li><b>direct</b> (the workhorse, NN and TN; NT after copying Bᵀ panels): register-blocked
 *       4×(3 vectors) tiles of C; for every k, one scalar of each of the 4 rows of op(A) is
 *       broadcast and multiplied into 3 vectors of a row of B (12 FMAs per 3 loads and 4
 *       broadcasts). B and C are used in place, unpacked: for the MLP shapes (k ≤ 45) packing
 *       would cost as much as the product. k is split into panels of {@value #KC} so the
 *       B strip stays in L1, and the rows into blocks of {@value #MC} so the A block stays in L2.
 *   <li><b>dots</b> (C narrow, n below one vector, k long: logits [32×1000]·[1000×2]): 4×2 tiles of
 *       dot products along k, reduced across lanes at the end.
 *   <li><b>tnNarrow</b> (Aᵀ·B with n below one vector, m long: Hᵀ·dLogits [1000×32]ᵀ·[32×2]):
 *       vectors run along m, where Aᵀ's columns are contiguous.
 * </ul>
 * Tails follow the house pattern: whole vectors, then one half-width vector, then scalars. Rows left
 * over from the 4-row tiles are computed by clamping the extra row pointers onto the last valid row
 * and storing only the valid rows (a little redundant arithmetic instead of more kernels).
 *
 * <p>Summation order: each C element sums its k products in order p = 0, 1, … with FMA (one rounding
 * per step) inside a k-panel; panels of {@value #KC} are added to C in order. The dot path sums
 * lane-wise partial sums, then reduces the lanes. Agreement with the scalar reference is within
 * the accumulation-length tolerance, not bitwise.
 */
final class FloatGemm {

  private static final VectorSpecies<Float> S = Species.F;
  private static final VectorSpecies<Float> SH = Species.FH;
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
  private static final int NC = 4096 / Float.BYTES;

  private static final int PACK = 0;
  private static final int TILE = 1;
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

  private FloatGemm() {}

  /** Thread-confined scratch (slot PACK or TILE), grown on demand and then reused. */
  private static float[] scratch(int slot, int size) {
    float[][] held = SCRATCH.get();
    if (held[slot].length < size) {
      held[slot] = new float[Math.max(size, 2 * held[slot].length)];
    }
    return held[slot];
  }

  // ------------------------------------------------------------------------------------ entries

  static void gemm(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                   float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    if (m <= 0 || n <= 0) {
      return;
    }
    if (k <= 0) {
      scaleOnly(m, n, alpha, beta, c, cOff, ldc);
      return;
    }
    if (n < L && k >= L) {
      // A narrow C leaves most lanes idle when vectorising along n: copy Bᵀ (n×k, small) and take
      // dot products along k instead.
      float[] bt = scratch(PACK, n * k);
      for (int p = 0; p < k; p++) {
        int row = bOff + p * ldb;
        for (int j = 0; j < n; j++) {
          bt[j * k + p] = b[row + j];
        }
      }
      dots(m, n, k, alpha, a, aOff, lda, bt, 0, k, beta, c, cOff, ldc);
      return;
    }
    direct(m, n, k, alpha, a, aOff, lda, 1, b, bOff, ldb, beta, c, cOff, ldc);
  }

  static void gemmTN(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    if (m <= 0 || n <= 0) {
      return;
    }
    if (k <= 0) {
      scaleOnly(m, n, alpha, beta, c, cOff, ldc);
      return;
    }
    if (n < L && m >= L) {
      tnNarrow(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    // op(A)(i, p) = A[p][i]: row stride 1, column stride lda.
    direct(m, n, k, alpha, a, aOff, 1, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  static void gemmNT(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    if (m <= 0 || n <= 0) {
      return;
    }
    if (k <= 0) {
      scaleOnly(m, n, alpha, beta, c, cOff, ldc);
      return;
    }
    if (n < L && k >= L) {
      // Rows of B are contiguous along k: dot products need no copy.
      dots(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    // Copy Bᵀ panel by panel (KC×NC) so the direct kernel can load rows of op(B); the copy is
    // k·n element moves against 2·m·n·k flops.
    float[] bt = scratch(PACK, Math.min(k, KC) * Math.min(n, NC));
    for (int pc = 0; pc < k; pc += KC) {
      int kb = Math.min(KC, k - pc);
      float betaPanel = pc == 0 ? beta : 1f;
      for (int jc = 0; jc < n; jc += NC) {
        int nb = Math.min(NC, n - jc);
        for (int j = 0; j < nb; j++) {
          int row = bOff + (jc + j) * ldb + pc;
          for (int p = 0; p < kb; p++) {
            bt[p * nb + j] = b[row + p];
          }
        }
        direct(m, nb, kb, alpha, a, aOff + pc, lda, 1, bt, 0, nb, betaPanel, c, cOff + jc, ldc);
      }
    }
  }

  /** k = 0: C = alpha·0 + beta·C, exactly as the reference computes it. */
  private static void scaleOnly(int m, int n, float alpha, float beta, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int ci = cOff + i * ldc + j;
        c[ci] = beta == 0f ? alpha * 0f : alpha * 0f + beta * c[ci];
      }
    }
  }

  // ------------------------------------------------------------------------------------ direct

  /** op(A)(i, p) = a[aOff + i·ars + p·acs]; op(B) = B, row-major with ldb. */
  private static void direct(int m, int n, int k, float alpha, float[] a, int aOff, int ars, int acs,
                             float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    for (int pc = 0; pc < k; pc += KC) {
      int kb = Math.min(KC, k - pc);
      float betaPanel = pc == 0 ? beta : 1f;
      for (int ic = 0; ic < m; ic += MC) {
        int mb = Math.min(MC, m - ic);
        block(mb, n, kb, alpha, a, aOff + pc * acs + ic * ars, ars, acs, b, bOff + pc * ldb, ldb,
            betaPanel, c, cOff + ic * ldc, ldc);
      }
    }
  }

  private static void block(int mb, int n, int kb, float alpha, float[] a, int aBase, int ars, int acs,
                            float[] b, int bBase, int ldb, float beta, float[] c, int cBase, int ldc) {
    int j = 0;
    for (; j + NR <= n; j += NR) {
      for (int i = 0; i < mb; i += MR) {
        tile3(Math.min(MR, mb - i), kb, alpha, a, aBase + i * ars, ars, acs, b, bBase + j, ldb,
            beta, c, cBase + i * ldc + j, ldc);
      }
    }
    for (; j + L <= n; j += L) {
      for (int i = 0; i < mb; i += MR) {
        tile1(Math.min(MR, mb - i), kb, alpha, a, aBase + i * ars, ars, acs, b, bBase + j, ldb,
            beta, c, cBase + i * ldc + j, ldc);
      }
    }
    if (LH < L && j + LH <= n) {
      for (int i = 0; i < mb; i += MR) {
        tileHalf(Math.min(MR, mb - i), kb, alpha, a, aBase + i * ars, ars, acs, b, bBase + j, ldb,
            beta, c, cBase + i * ldc + j, ldc);
      }
      j += LH;
    }
    for (; j < n; j++) {
      for (int i = 0; i < mb; i++) {
        float acc = 0f;
        int ap = aBase + i * ars;
        int bp = bBase + j;
        for (int p = 0; p < kb; p++, ap += acs, bp += ldb) {
          acc = Math.fma(a[ap], b[bp], acc);
        }
        int ci = cBase + i * ldc + j;
        c[ci] = beta == 0f ? alpha * acc : alpha * acc + beta * c[ci];
      }
    }
  }

  /** C tile of mr ≤ 4 rows × 3 vectors. */
  private static void tile3(int mr, int kb, float alpha, float[] a, int ai, int ars, int acs,
                            float[] b, int bj, int ldb, float beta, float[] c, int ci, int ldc) {
    int a0 = ai;
    int a1 = ai + Math.min(1, mr - 1) * ars;
    int a2 = ai + Math.min(2, mr - 1) * ars;
    int a3 = ai + Math.min(3, mr - 1) * ars;
    FloatVector c00 = FloatVector.zero(S);
    FloatVector c01 = c00;
    FloatVector c02 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c12 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c22 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c32 = c00;
    for (int p = 0, ap = 0, bp = bj; p < kb; p++, ap += acs, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      x = FloatVector.broadcast(S, a[a1 + ap]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      x = FloatVector.broadcast(S, a[a2 + ap]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      x = FloatVector.broadcast(S, a[a3 + ap]);
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
  private static void tile1(int mr, int kb, float alpha, float[] a, int ai, int ars, int acs,
                            float[] b, int bj, int ldb, float beta, float[] c, int ci, int ldc) {
    int a0 = ai;
    int a1 = ai + Math.min(1, mr - 1) * ars;
    int a2 = ai + Math.min(2, mr - 1) * ars;
    int a3 = ai + Math.min(3, mr - 1) * ars;
    FloatVector c0 = FloatVector.zero(S);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    for (int p = 0, ap = 0, bp = bj; p < kb; p++, ap += acs, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      c0 = FloatVector.broadcast(S, a[a0 + ap]).fma(b0, c0);
      c1 = FloatVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
      c2 = FloatVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
      c3 = FloatVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
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
  private static void tileHalf(int mr, int kb, float alpha, float[] a, int ai, int ars, int acs,
                               float[] b, int bj, int ldb, float beta, float[] c, int ci, int ldc) {
    int a0 = ai;
    int a1 = ai + Math.min(1, mr - 1) * ars;
    int a2 = ai + Math.min(2, mr - 1) * ars;
    int a3 = ai + Math.min(3, mr - 1) * ars;
    FloatVector c0 = FloatVector.zero(SH);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    for (int p = 0, ap = 0, bp = bj; p < kb; p++, ap += acs, bp += ldb) {
      FloatVector b0 = FloatVector.fromArray(SH, b, bp);
      c0 = FloatVector.broadcast(SH, a[a0 + ap]).fma(b0, c0);
      c1 = FloatVector.broadcast(SH, a[a1 + ap]).fma(b0, c1);
      c2 = FloatVector.broadcast(SH, a[a2 + ap]).fma(b0, c2);
      c3 = FloatVector.broadcast(SH, a[a3 + ap]).fma(b0, c3);
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
  private static void store(FloatVector acc, float alpha, float beta, float[] c, int at) {
    FloatVector r = acc.mul(alpha);
    if (beta != 0f) {
      r = FloatVector.fromArray(S, c, at).fma(FloatVector.broadcast(S, beta), r);
    }
    r.intoArray(c, at);
  }

  private static void storeHalf(FloatVector acc, float alpha, float beta, float[] c, int at) {
    FloatVector r = acc.mul(alpha);
    if (beta != 0f) {
      r = FloatVector.fromArray(SH, c, at).fma(FloatVector.broadcast(SH, beta), r);
    }
    r.intoArray(c, at);
  }

  // ------------------------------------------------------------------------------------ dots

  /** C(i, j) = Σ_p a[aOff + i·lda + p] · bt[btOff + j·ldbt + p]: both operands contiguous along k. */
  private static void dots(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                           float[] bt, int btOff, int ldbt, float beta, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i += 4) {
      int mr = Math.min(4, m - i);
      for (int j = 0; j < n; j += 2) {
        dotTile(mr, Math.min(2, n - j), k, alpha, a, aOff + i * lda, lda, bt, btOff + j * ldbt, ldbt,
            beta, c, cOff + i * ldc + j, ldc);
      }
    }
  }

  /** mr ≤ 4 rows × nr ≤ 2 columns of dot products; extra rows and columns are clamped, not stored. */
  private static void dotTile(int mr, int nr, int k, float alpha, float[] a, int ai, int lda,
                              float[] bt, int bj, int ldbt, float beta, float[] c, int ci, int ldc) {
    int a0 = ai;
    int a1 = ai + Math.min(1, mr - 1) * lda;
    int a2 = ai + Math.min(2, mr - 1) * lda;
    int a3 = ai + Math.min(3, mr - 1) * lda;
    int b0 = bj;
    int b1 = bj + Math.min(1, nr - 1) * ldbt;
    FloatVector v00 = FloatVector.zero(S);
    FloatVector v01 = v00;
    FloatVector v10 = v00;
    FloatVector v11 = v00;
    FloatVector v20 = v00;
    FloatVector v21 = v00;
    FloatVector v30 = v00;
    FloatVector v31 = v00;
    int p = 0;
    for (; p + L <= k; p += L) {
      FloatVector y0 = FloatVector.fromArray(S, bt, b0 + p);
      FloatVector y1 = FloatVector.fromArray(S, bt, b1 + p);
      FloatVector x = FloatVector.fromArray(S, a, a0 + p);
      v00 = x.fma(y0, v00);
      v01 = x.fma(y1, v01);
      x = FloatVector.fromArray(S, a, a1 + p);
      v10 = x.fma(y0, v10);
      v11 = x.fma(y1, v11);
      x = FloatVector.fromArray(S, a, a2 + p);
      v20 = x.fma(y0, v20);
      v21 = x.fma(y1, v21);
      x = FloatVector.fromArray(S, a, a3 + p);
      v30 = x.fma(y0, v30);
      v31 = x.fma(y1, v31);
    }
    float s00 = v00.reduceLanes(VectorOperators.ADD);
    float s01 = v01.reduceLanes(VectorOperators.ADD);
    float s10 = v10.reduceLanes(VectorOperators.ADD);
    float s11 = v11.reduceLanes(VectorOperators.ADD);
    float s20 = v20.reduceLanes(VectorOperators.ADD);
    float s21 = v21.reduceLanes(VectorOperators.ADD);
    float s30 = v30.reduceLanes(VectorOperators.ADD);
    float s31 = v31.reduceLanes(VectorOperators.ADD);
    if (LH < L && p + LH <= k) {
      FloatVector y0 = FloatVector.fromArray(SH, bt, b0 + p);
      FloatVector y1 = FloatVector.fromArray(SH, bt, b1 + p);
      FloatVector x = FloatVector.fromArray(SH, a, a0 + p);
      s00 += x.mul(y0).reduceLanes(VectorOperators.ADD);
      s01 += x.mul(y1).reduceLanes(VectorOperators.ADD);
      x = FloatVector.fromArray(SH, a, a1 + p);
      s10 += x.mul(y0).reduceLanes(VectorOperators.ADD);
      s11 += x.mul(y1).reduceLanes(VectorOperators.ADD);
      x = FloatVector.fromArray(SH, a, a2 + p);
      s20 += x.mul(y0).reduceLanes(VectorOperators.ADD);
      s21 += x.mul(y1).reduceLanes(VectorOperators.ADD);
      x = FloatVector.fromArray(SH, a, a3 + p);
      s30 += x.mul(y0).reduceLanes(VectorOperators.ADD);
      s31 += x.mul(y1).reduceLanes(VectorOperators.ADD);
      p += LH;
    }
    for (; p < k; p++) {
      float y0 = bt[b0 + p];
      float y1 = bt[b1 + p];
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

  private static void put(float acc, float alpha, float beta, float[] c, int at) {
    c[at] = beta == 0f ? alpha * acc : alpha * acc + beta * c[at];
  }

  // ------------------------------------------------------------------------------------ tnNarrow

  /**
   * C = Aᵀ·B with few columns (n < one vector) and many rows: vectors run along i, where row p of
   * the stored A is contiguous; each lane ends up holding one C(i, j), written back one by one.
   */
  private static void tnNarrow(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    float[] tile = scratch(TILE, 8 * L);
    for (int j = 0; j < n; j += 2) {
      int nr = Math.min(2, n - j);
      int bj0 = bOff + j;
      int bj1 = bOff + j + nr - 1;
      int i = 0;
      for (; i + 4 * L <= m; i += 4 * L) {
        FloatVector v00 = FloatVector.zero(S);
        FloatVector v10 = v00;
        FloatVector v20 = v00;
        FloatVector v30 = v00;
        FloatVector v01 = v00;
        FloatVector v11 = v00;
        FloatVector v21 = v00;
        FloatVector v31 = v00;
        for (int p = 0, ap = aOff + i, bp = 0; p < k; p++, ap += lda, bp += ldb) {
          FloatVector y0 = FloatVector.broadcast(S, b[bj0 + bp]);
          FloatVector y1 = FloatVector.broadcast(S, b[bj1 + bp]);
          FloatVector x = FloatVector.fromArray(S, a, ap);
          v00 = x.fma(y0, v00);
          v01 = x.fma(y1, v01);
          x = FloatVector.fromArray(S, a, ap + L);
          v10 = x.fma(y0, v10);
          v11 = x.fma(y1, v11);
          x = FloatVector.fromArray(S, a, ap + 2 * L);
          v20 = x.fma(y0, v20);
          v21 = x.fma(y1, v21);
          x = FloatVector.fromArray(S, a, ap + 3 * L);
          v30 = x.fma(y0, v30);
          v31 = x.fma(y1, v31);
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
        FloatVector v0 = FloatVector.zero(S);
        FloatVector v1 = v0;
        for (int p = 0, ap = aOff + i, bp = 0; p < k; p++, ap += lda, bp += ldb) {
          FloatVector x = FloatVector.fromArray(S, a, ap);
          v0 = x.fma(FloatVector.broadcast(S, b[bj0 + bp]), v0);
          v1 = x.fma(FloatVector.broadcast(S, b[bj1 + bp]), v1);
        }
        v0.intoArray(tile, 0);
        v1.intoArray(tile, 4 * L);
        scatter(tile, L, nr, alpha, beta, c, cOff + i * ldc + j, ldc);
      }
      if (LH < L && i + LH <= m) {
        FloatVector v0 = FloatVector.zero(SH);
        FloatVector v1 = v0;
        for (int p = 0, ap = aOff + i, bp = 0; p < k; p++, ap += lda, bp += ldb) {
          FloatVector x = FloatVector.fromArray(SH, a, ap);
          v0 = x.fma(FloatVector.broadcast(SH, b[bj0 + bp]), v0);
          v1 = x.fma(FloatVector.broadcast(SH, b[bj1 + bp]), v1);
        }
        v0.intoArray(tile, 0);
        v1.intoArray(tile, 4 * L);
        scatter(tile, LH, nr, alpha, beta, c, cOff + i * ldc + j, ldc);
        i += LH;
      }
      for (; i < m; i++) {
        float s0 = 0f;
        float s1 = 0f;
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
  private static void scatter(float[] tile, int rows, int nr, float alpha, float beta,
                              float[] c, int ci, int ldc) {
    for (int r = 0; r < rows; r++, ci += ldc) {
      put(tile[r], alpha, beta, c, ci);
      if (nr > 1) {
        put(tile[4 * L + r], alpha, beta, c, ci + 1);
      }
    }
  }
}
