package org.grokmeter.kernels.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the MLP's binary-input kernels (see {@code KernelSupport}'s "MLP kernels"
 * section for the contracts), delegated to from {@code PanamaKernels}.
 *
 * <p>{@link #binaryLinearRelu} and {@link #binaryScatterSgd} vectorise across columns only, so each
 * element is summed in exactly the scalar order (no FMA): their results are bit-identical to
 * {@code ScalarKernels}. Both walk the columns in blocks of {@link #BLOCK} vectors so that the slab
 * of the weight matrix (forward) or of the gradient (backward) a block needs stays in L1 while all
 * rows of the batch pass over it.
 */
final class PanamaMlpKernels {

  private static final VectorSpecies<Float> F = Species.F;
  private static final int L = F.length();
  /** Vectors per column block: 4 independent add chains hide the add latency. */
  private static final int BLOCK = 4;
  private static final int BW = BLOCK * L;
  // 8-vector blocks were measured too (Zen 4, 512-bit, epoch at n = 45): 10-30% slower than 4, the
  // 23 KB weight slab per block no longer staying in L1 next to the outputs.
  private static final VectorSpecies<Float> FH = Species.FH;
  private static final int LH = FH.length();

  private PanamaMlpKernels() {}

  static void binaryLinearRelu(int rows, int cols, int[] samples, int samplesOff, int[] rowStart, int[] activeIdx,
                               float[] w, int wOff, int ldw, float[] bias, int biasOff, float[] out, int outOff,
                               int ldo) {
    int c = 0;
    for (; c + BW <= cols; c += BW) {
      for (int r = 0; r < rows; r++) {
        int s = samples[samplesOff + r];
        int to = rowStart[s + 1];
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int p = rowStart[s]; p < to; p++) {
          int base = wOff + activeIdx[p] * ldw + c;
          a0 = a0.add(FloatVector.fromArray(F, w, base));
          a1 = a1.add(FloatVector.fromArray(F, w, base + L));
          a2 = a2.add(FloatVector.fromArray(F, w, base + 2 * L));
          a3 = a3.add(FloatVector.fromArray(F, w, base + 3 * L));
        }
        int o = outOff + r * ldo + c;
        int b = biasOff + c;
        biasRelu(a0, bias, b, out, o);
        biasRelu(a1, bias, b + L, out, o + L);
        biasRelu(a2, bias, b + 2 * L, out, o + 2 * L);
        biasRelu(a3, bias, b + 3 * L, out, o + 3 * L);
      }
    }
    for (; c + L <= cols; c += L) {
      for (int r = 0; r < rows; r++) {
        int s = samples[samplesOff + r];
        int to = rowStart[s + 1];
        FloatVector a0 = FloatVector.zero(F);
        for (int p = rowStart[s]; p < to; p++) {
          a0 = a0.add(FloatVector.fromArray(F, w, wOff + activeIdx[p] * ldw + c));
        }
        biasRelu(a0, bias, biasOff + c, out, outOff + r * ldo + c);
      }
    }
    if (LH < L && c + LH <= cols) {
      // one half-width step (1000 = 62·16 + 8 hidden units): no scalar work on the real shape
      FloatVector bh = FloatVector.fromArray(FH, bias, biasOff + c);
      FloatVector zero = FloatVector.zero(FH);
      for (int r = 0; r < rows; r++) {
        int s = samples[samplesOff + r];
        int to = rowStart[s + 1];
        FloatVector a0 = zero;
        for (int p = rowStart[s]; p < to; p++) {
          a0 = a0.add(FloatVector.fromArray(FH, w, wOff + activeIdx[p] * ldw + c));
        }
        FloatVector z = a0.add(bh);
        zero.blend(z, z.compare(VectorOperators.GT, 0f)).intoArray(out, outOff + r * ldo + c);
      }
      c += LH;
    }
    for (; c < cols; c++) {
      float bc = bias[biasOff + c];
      for (int r = 0; r < rows; r++) {
        int s = samples[samplesOff + r];
        int to = rowStart[s + 1];
        float acc = 0f;
        for (int p = rowStart[s]; p < to; p++) {
          acc += w[wOff + activeIdx[p] * ldw + c];
        }
        float z = acc + bc;
        out[outOff + r * ldo + c] = z > 0f ? z : 0f;
      }
    }
  }

  /** out = relu(acc + bias), the bias added last as in the scalar kernel. */
  private static void biasRelu(FloatVector acc, float[] bias, int b, float[] out, int o) {
    relu(acc.add(FloatVector.fromArray(F, bias, b))).intoArray(out, o);
  }

  /** z &gt; 0 ? z : 0 exactly as the scalar kernel (NaN and −0 give +0). */
  private static FloatVector relu(FloatVector z) {
    return FloatVector.zero(F).blend(z, z.compare(VectorOperators.GT, 0f));
  }

  static void binaryScatterSgd(int features, int cols, int[] featStart, int[] featRows, float[] g, int gOff, int ldg,
                               float lr, float weightDecay, float[] w, int wOff, int ldw) {
    int c = 0;
    for (; c + BW <= cols; c += BW) {
      for (int f = 0; f < features; f++) {
        int to = featStart[f + 1];
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int p = featStart[f]; p < to; p++) {
          int base = gOff + featRows[p] * ldg + c;
          a0 = a0.add(FloatVector.fromArray(F, g, base));
          a1 = a1.add(FloatVector.fromArray(F, g, base + L));
          a2 = a2.add(FloatVector.fromArray(F, g, base + 2 * L));
          a3 = a3.add(FloatVector.fromArray(F, g, base + 3 * L));
        }
        int wi = wOff + f * ldw + c;
        update(a0, lr, weightDecay, w, wi);
        update(a1, lr, weightDecay, w, wi + L);
        update(a2, lr, weightDecay, w, wi + 2 * L);
        update(a3, lr, weightDecay, w, wi + 3 * L);
      }
    }
    for (; c + L <= cols; c += L) {
      for (int f = 0; f < features; f++) {
        int to = featStart[f + 1];
        FloatVector a0 = FloatVector.zero(F);
        for (int p = featStart[f]; p < to; p++) {
          a0 = a0.add(FloatVector.fromArray(F, g, gOff + featRows[p] * ldg + c));
        }
        update(a0, lr, weightDecay, w, wOff + f * ldw + c);
      }
    }
    if (LH < L && c + LH <= cols) {
      for (int f = 0; f < features; f++) {
        int to = featStart[f + 1];
        FloatVector a0 = FloatVector.zero(FH);
        for (int p = featStart[f]; p < to; p++) {
          a0 = a0.add(FloatVector.fromArray(FH, g, gOff + featRows[p] * ldg + c));
        }
        int wi = wOff + f * ldw + c;
        FloatVector wv = FloatVector.fromArray(FH, w, wi);
        wv.sub(a0.add(wv.mul(weightDecay)).mul(lr)).intoArray(w, wi);
      }
      c += LH;
    }
    for (; c < cols; c++) {
      for (int f = 0; f < features; f++) {
        int to = featStart[f + 1];
        float grad = 0f;
        for (int p = featStart[f]; p < to; p++) {
          grad += g[gOff + featRows[p] * ldg + c];
        }
        int wi = wOff + f * ldw + c;
        float wv = w[wi];
        w[wi] = wv - lr * (grad + weightDecay * wv);
      }
    }
  }

  /** w −= lr·(grad + wd·w), the scalar expression without FMA (bit-identical). */
  private static void update(FloatVector grad, float lr, float weightDecay, float[] w, int wi) {
    FloatVector wv = FloatVector.fromArray(F, w, wi);
    wv.sub(grad.add(wv.mul(weightDecay)).mul(lr)).intoArray(w, wi);
  }

  static void reluLinearBackward(int rows, int cols, int outputs, float[] dy, int dyOff, int lddy,
                                 float[] w, int wOff, int ldw, float[] h, int hOff, int ldh,
                                 float[] dh, int dhOff, int lddh) {
    for (int r = 0; r < rows; r++) {
      int hr = hOff + r * ldh;
      int dr = dhOff + r * lddh;
      int yr = dyOff + r * lddy;
      int c = 0;
      if (outputs == 2) {
        FloatVector d0 = FloatVector.broadcast(F, dy[yr]);
        FloatVector d1 = FloatVector.broadcast(F, dy[yr + 1]);
        for (; c + L <= cols; c += L) {
          FloatVector acc = FloatVector.fromArray(F, w, wOff + c).mul(d0);
          acc = FloatVector.fromArray(F, w, wOff + ldw + c).fma(d1, acc);
          VectorMask<Float> on = FloatVector.fromArray(F, h, hr + c).compare(VectorOperators.GT, 0f);
          FloatVector.zero(F).blend(acc, on).intoArray(dh, dr + c);
        }
      } else {
        for (; c + L <= cols; c += L) {
          FloatVector acc = FloatVector.zero(F);
          for (int k = 0; k < outputs; k++) {
            acc = FloatVector.fromArray(F, w, wOff + k * ldw + c).fma(FloatVector.broadcast(F, dy[yr + k]), acc);
          }
          VectorMask<Float> on = FloatVector.fromArray(F, h, hr + c).compare(VectorOperators.GT, 0f);
          FloatVector.zero(F).blend(acc, on).intoArray(dh, dr + c);
        }
      }
      for (; c < cols; c++) {
        float acc = 0f;
        if (h[hr + c] > 0f) {
          for (int k = 0; k < outputs; k++) {
            acc += dy[yr + k] * w[wOff + k * ldw + c];
          }
        }
        dh[dr + c] = acc;
      }
    }
  }

  static void linearSmallOut(int rows, int outputs, int cols, float[] h, int hOff, int ldh,
                             float[] w, int wOff, int ldw, float[] y, int yOff, int ldy) {
    for (int r = 0; r < rows; r++) {
      int hr = hOff + r * ldh;
      for (int k = 0; k < outputs; k++) {
        int wk = wOff + k * ldw;
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int c = 0;
        for (; c + BW <= cols; c += BW) {
          a0 = FloatVector.fromArray(F, h, hr + c).fma(FloatVector.fromArray(F, w, wk + c), a0);
          a1 = FloatVector.fromArray(F, h, hr + c + L).fma(FloatVector.fromArray(F, w, wk + c + L), a1);
          a2 = FloatVector.fromArray(F, h, hr + c + 2 * L).fma(FloatVector.fromArray(F, w, wk + c + 2 * L), a2);
          a3 = FloatVector.fromArray(F, h, hr + c + 3 * L).fma(FloatVector.fromArray(F, w, wk + c + 3 * L), a3);
        }
        for (; c + L <= cols; c += L) {
          a0 = FloatVector.fromArray(F, h, hr + c).fma(FloatVector.fromArray(F, w, wk + c), a0);
        }
        float acc = sumLanes(a0.add(a1).add(a2.add(a3)));
        for (; c < cols; c++) {
          acc += h[hr + c] * w[wk + c];
        }
        y[yOff + r * ldy + k] = acc;
      }
    }
  }

  /**
   * Lanes summed in ascending order. Not {@code reduceLanes(ADD)}: its order is unspecified and the
   * interpreted fallback and the C2 intrinsic may differ, so a run's bits could depend on when the
   * JIT compiled the kernel.
   */
  private static float sumLanes(FloatVector v) {
    float s = 0f;
    for (int i = 0; i < L; i++) {
      s += v.lane(i);
    }
    return s;
  }

  static void denseOuterSgd(int outputs, int cols, int rows, float[] dy, int dyOff, int lddy,
                            float[] h, int hOff, int ldh, float lr, float weightDecay, float[] w, int wOff, int ldw) {
    int c = 0;
    for (; c + BW <= cols; c += BW) {
      for (int k = 0; k < outputs; k++) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        for (int r = 0; r < rows; r++) {
          FloatVector d = FloatVector.broadcast(F, dy[dyOff + r * lddy + k]);
          int hr = hOff + r * ldh + c;
          a0 = FloatVector.fromArray(F, h, hr).fma(d, a0);
          a1 = FloatVector.fromArray(F, h, hr + L).fma(d, a1);
          a2 = FloatVector.fromArray(F, h, hr + 2 * L).fma(d, a2);
          a3 = FloatVector.fromArray(F, h, hr + 3 * L).fma(d, a3);
        }
        int wi = wOff + k * ldw + c;
        update(a0, lr, weightDecay, w, wi);
        update(a1, lr, weightDecay, w, wi + L);
        update(a2, lr, weightDecay, w, wi + 2 * L);
        update(a3, lr, weightDecay, w, wi + 3 * L);
      }
    }
    for (; c + L <= cols; c += L) {
      for (int k = 0; k < outputs; k++) {
        FloatVector a0 = FloatVector.zero(F);
        for (int r = 0; r < rows; r++) {
          a0 = FloatVector.fromArray(F, h, hOff + r * ldh + c).fma(FloatVector.broadcast(F, dy[dyOff + r * lddy + k]), a0);
        }
        update(a0, lr, weightDecay, w, wOff + k * ldw + c);
      }
    }
    for (; c < cols; c++) {
      for (int k = 0; k < outputs; k++) {
        float grad = 0f;
        for (int r = 0; r < rows; r++) {
          grad += dy[dyOff + r * lddy + k] * h[hOff + r * ldh + c];
        }
        int wi = wOff + k * ldw + c;
        float wv = w[wi];
        w[wi] = wv - lr * (grad + weightDecay * wv);
      }
    }
  }
}
