package org.grokmeter.kernels.panama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.grokmeter.kernels.BinaryBuckets;

/**
 * Vector API versions of the MLP's kernels (contracts in {@code KernelSupport}'s MLP section),
 * delegated to from {@code PanamaKernels}. {@link #reluLinearBackward} and {@link #denseOuterSgd}
 * are the two halves of {@link #reluLinearBackwardSgd}, which runs them on the columns its fused
 * two-output pass does not cover.
 *
 * <p>{@link #binaryLinearRelu} and {@link #binaryScatterSgd} both compute out = B·D with B a 0/1
 * matrix in the grouped form of {@link BinaryBuckets}: output rows in groups of three, each input
 * listed once per group in the bucket of its pattern (the 7 nonzero subsets of the three rows). Per
 * column block of {@link #BLOCK} vectors and group, 12 accumulators stay in registers, and each
 * bucket has its own loop that loads a row of D once and adds it into the accumulators of the rows
 * its pattern names: at random 0/1 inputs 7 loads for 12 additions instead of 12, and no branch
 * inside the loops (the loop exits are the only data-dependent branches). In each loop the rows its
 * pattern names alternate between {@code add} and {@code fma(x, 1, acc)} (the same rounding, so the
 * same bits): on Zen 4 the 512-bit adds and FMAs issue on separate pipe pairs, and the mixture
 * sustains two additions per cycle where plain adds sustain one (measured). Each element is summed
 * in the order of the entries, exactly as {@code ScalarKernels} does: the results are bit-identical.
 * The slab of D a column block needs (46 rows × 256 B at n = 45) stays in L1 while all groups pass
 * over it. Columns beyond the last whole block take the scalar path in the same order (the trainer
 * pads its width to whole blocks, so it never gets there).
 *
 * <p>Why three rows, and not two or four: see {@link BinaryBuckets}.
 */
final class PanamaMlpKernels {

  private static final VectorSpecies<Float> F = Species.F;
  private static final int L = F.length();
  /** Vectors per column block: 4 independent add chains hide the add latency. */
  private static final int BLOCK = 4;
  private static final int BW = BLOCK * L;
  // 8-vector blocks were measured too (Zen 4, 512-bit, epoch at n = 45): 10-30% slower than 4, the
  // 23 KB weight slab per block no longer staying in L1 next to the outputs.

  private static final int G = BinaryBuckets.GROUP;
  private static final int NP = BinaryBuckets.PATTERNS;

  private PanamaMlpKernels() {}

  static void binaryLinearRelu(int rows, int cols, int[] bucketStart, int[] entries,
                               float[] w, int wOff, int ldw, float[] bias, int biasOff, float[] out, int outOff,
                               int ldo) {
    int c = 0;
    // One call per group and block, not per block: a call then takes ~40 loop back-edges, so C2
    // compiles the method once, on the training's own profile, instead of the chain of on-stack
    // replacements long calls trigger (a first run of 3000 epochs: 5.5-5.9 s -> 4.6-5.0 s).
    for (int groups = (rows + G - 1) / G; c + BW <= cols; c += BW) {
      for (int g = 0; g < groups; g++) {
        forwardBlock(rows, g, c, bucketStart, entries, w, wOff, ldw, bias, biasOff, out, outOff, ldo);
      }
    }
    if (c < cols) {
      groupedScalar(rows, c, cols, bucketStart, entries, w, wOff, ldw, false, 0f, 0f, bias, biasOff, out, outOff, ldo);
    }
  }

  static void binaryScatterSgd(int features, int cols, int[] bucketStart, int[] entries, float[] g, int gOff, int ldg,
                               float lr, float weightDecay, float[] w, int wOff, int ldw) {
    int c = 0;
    for (int groups = (features + G - 1) / G; c + BW <= cols; c += BW) { // per group: as above
      for (int grp = 0; grp < groups; grp++) {
        sgdBlock(features, grp, c, bucketStart, entries, g, gOff, ldg, lr, weightDecay, w, wOff, ldw);
      }
    }
    if (c < cols) {
      groupedScalar(features, c, cols, bucketStart, entries, g, gOff, ldg, true, lr, weightDecay, null, 0, w, wOff, ldw);
    }
  }

  /** The last columns [c0, cols), one at a time, in the same order. */
  private static void groupedScalar(int rows, int c0, int cols, int[] bucketStart, int[] entries, float[] d, int dOff,
                                    int ldd, boolean sgd, float lr, float weightDecay, float[] bias, int biasOff,
                                    float[] out, int outOff, int ldo) {
    for (int c = c0; c < cols; c++) {
      for (int g = 0, groups = (rows + G - 1) / G; g < groups; g++) {
        float a0 = 0f;
        float a1 = 0f;
        float a2 = 0f;
        int to = bucketStart[(g + 1) * NP];
        for (int q = bucketStart[g * NP]; q < to; q++) {
          int e = entries[q];
          float v = d[dOff + (e >>> 4) * ldd + c];
          if ((e & 1) != 0) {
            a0 += v;
          }
          if ((e & 2) != 0) {
            a1 += v;
          }
          if ((e & 4) != 0) {
            a2 += v;
          }
        }
        int r0 = g * G;
        int inGroup = Math.min(G, rows - r0);
        for (int b = 0; b < inGroup; b++) {
          float acc = b == 0 ? a0 : b == 1 ? a1 : a2;
          int oi = outOff + (r0 + b) * ldo + c;
          if (sgd) {
            float wv = out[oi];
            out[oi] = wv - lr * (acc + weightDecay * wv);
          } else {
            float z = acc + bias[biasOff + c];
            out[oi] = z > 0f ? z : 0f;
          }
        }
      }
    }
  }

  // ---- The grouped kernels written out for groups of three rows and 4-vector column blocks: forward
  // (out = relu(acc + bias)) and sgd (out −= lr·(acc + wd·out), the scalar expression without FMA).
  // One template, written out: 7 bucket loops in BinaryBuckets order (patterns 1, 3, 2, 6, 7, 5, 4;
  // bit b = row b of the group), in each the rows of the pattern alternating add / fma starting with
  // add. No helper calls inside: C2 stops inlining ordinary methods into a method past a node
  // budget, and a vector handed to a method that is not inlined is boxed (~10x slower, measured).
  // No half-width species in this class: fma on both the full- and the half-width species in one
  // JVM can leave a kernel boxed (docs/kernels.md, pitfalls) — with the half-width tail kernels that
  // used to be here, groups of three were boxed in one JVM in four; without them, in none of 21.

  private static void forwardBlock(int rows, int g, int c, int[] bucketStart, int[] entries, float[] d, int dOff, int ldd,
                                   float[] bias, int biasOff, float[] out, int outOff, int ldo) {
    FloatVector one = FloatVector.broadcast(F, 1f);
    FloatVector zero = FloatVector.zero(F);
    int bc = biasOff + c;
    int dc = dOff + c;
    int gb = g * 7;
    FloatVector a00 = FloatVector.zero(F);
    FloatVector a01 = a00;
    FloatVector a02 = a00;
    FloatVector a03 = a00;
    FloatVector a10 = a00;
    FloatVector a11 = a00;
    FloatVector a12 = a00;
    FloatVector a13 = a00;
    FloatVector a20 = a00;
    FloatVector a21 = a00;
    FloatVector a22 = a00;
    FloatVector a23 = a00;
    int q = bucketStart[gb];
    for (int to = bucketStart[gb + 1]; q < to; q++) { // pattern 1
      int base = dc + (entries[q] >>> 4) * ldd;
      FloatVector v0 = FloatVector.fromArray(F, d, base);
      FloatVector v1 = FloatVector.fromArray(F, d, base + L);
      FloatVector v2 = FloatVector.fromArray(F, d, base + 2 * L);
      FloatVector v3 = FloatVector.fromArray(F, d, base + 3 * L);
      a00 = a00.add(v0);
      a01 = a01.add(v1);
      a02 = a02.add(v2);
      a03 = a03.add(v3);
    }
    for (int to = bucketStart[gb + 2]; q < to; q++) { // pattern 3
      int base = dc + (entries[q] >>> 4) * ldd;
      FloatVector v0 = FloatVector.fromArray(F, d, base);
      FloatVector v1 = FloatVector.fromArray(F, d, base + L);
      FloatVector v2 = FloatVector.fromArray(F, d, base + 2 * L);
      FloatVector v3 = FloatVector.fromArray(F, d, base + 3 * L);
      a00 = a00.add(v0);
      a01 = a01.add(v1);
      a02 = a02.add(v2);
      a03 = a03.add(v3);
      a10 = v0.fma(one, a10);
      a11 = v1.fma(one, a11);
      a12 = v2.fma(one, a12);
      a13 = v3.fma(one, a13);
    }
    for (int to = bucketStart[gb + 3]; q < to; q++) { // pattern 2
      int base = dc + (entries[q] >>> 4) * ldd;
      FloatVector v0 = FloatVector.fromArray(F, d, base);
      FloatVector v1 = FloatVector.fromArray(F, d, base + L);
      FloatVector v2 = FloatVector.fromArray(F, d, base + 2 * L);
      FloatVector v3 = FloatVector.fromArray(F, d, base + 3 * L);
      a10 = a10.add(v0);
      a11 = a11.add(v1);
      a12 = a12.add(v2);
      a13 = a13.add(v3);
    }
    for (int to = bucketStart[gb + 4]; q < to; q++) { // pattern 6
      int base = dc + (entries[q] >>> 4) * ldd;
      FloatVector v0 = FloatVector.fromArray(F, d, base);
      FloatVector v1 = FloatVector.fromArray(F, d, base + L);
      FloatVector v2 = FloatVector.fromArray(F, d, base + 2 * L);
      FloatVector v3 = FloatVector.fromArray(F, d, base + 3 * L);
      a10 = a10.add(v0);
      a11 = a11.add(v1);
      a12 = a12.add(v2);
      a13 = a13.add(v3);
      a20 = v0.fma(one, a20);
      a21 = v1.fma(one, a21);
      a22 = v2.fma(one, a22);
      a23 = v3.fma(one, a23);
    }
    for (int to = bucketStart[gb + 5]; q < to; q++) { // pattern 7
      int base = dc + (entries[q] >>> 4) * ldd;
      FloatVector v0 = FloatVector.fromArray(F, d, base);
      FloatVector v1 = FloatVector.fromArray(F, d, base + L);
      FloatVector v2 = FloatVector.fromArray(F, d, base + 2 * L);
      FloatVector v3 = FloatVector.fromArray(F, d, base + 3 * L);
      a00 = a00.add(v0);
      a01 = a01.add(v1);
      a02 = a02.add(v2);
      a03 = a03.add(v3);
      a10 = v0.fma(one, a10);
      a11 = v1.fma(one, a11);
      a12 = v2.fma(one, a12);
      a13 = v3.fma(one, a13);
      a20 = a20.add(v0);
      a21 = a21.add(v1);
      a22 = a22.add(v2);
      a23 = a23.add(v3);
    }
    for (int to = bucketStart[gb + 6]; q < to; q++) { // pattern 5
      int base = dc + (entries[q] >>> 4) * ldd;
      FloatVector v0 = FloatVector.fromArray(F, d, base);
      FloatVector v1 = FloatVector.fromArray(F, d, base + L);
      FloatVector v2 = FloatVector.fromArray(F, d, base + 2 * L);
      FloatVector v3 = FloatVector.fromArray(F, d, base + 3 * L);
      a00 = a00.add(v0);
      a01 = a01.add(v1);
      a02 = a02.add(v2);
      a03 = a03.add(v3);
      a20 = v0.fma(one, a20);
      a21 = v1.fma(one, a21);
      a22 = v2.fma(one, a22);
      a23 = v3.fma(one, a23);
    }
    for (int to = bucketStart[gb + 7]; q < to; q++) { // pattern 4
      int base = dc + (entries[q] >>> 4) * ldd;
      FloatVector v0 = FloatVector.fromArray(F, d, base);
      FloatVector v1 = FloatVector.fromArray(F, d, base + L);
      FloatVector v2 = FloatVector.fromArray(F, d, base + 2 * L);
      FloatVector v3 = FloatVector.fromArray(F, d, base + 3 * L);
      a20 = a20.add(v0);
      a21 = a21.add(v1);
      a22 = a22.add(v2);
      a23 = a23.add(v3);
    }
    int r0 = g * 3;
    int o = outOff + r0 * ldo + c;
    FloatVector z00 = a00.add(FloatVector.fromArray(F, bias, bc));
    zero.blend(z00, z00.compare(VectorOperators.GT, 0f)).intoArray(out, o);
    FloatVector z01 = a01.add(FloatVector.fromArray(F, bias, bc + L));
    zero.blend(z01, z01.compare(VectorOperators.GT, 0f)).intoArray(out, o + L);
    FloatVector z02 = a02.add(FloatVector.fromArray(F, bias, bc + 2 * L));
    zero.blend(z02, z02.compare(VectorOperators.GT, 0f)).intoArray(out, o + 2 * L);
    FloatVector z03 = a03.add(FloatVector.fromArray(F, bias, bc + 3 * L));
    zero.blend(z03, z03.compare(VectorOperators.GT, 0f)).intoArray(out, o + 3 * L);
    if (r0 + 1 < rows) {
      FloatVector z10 = a10.add(FloatVector.fromArray(F, bias, bc));
      zero.blend(z10, z10.compare(VectorOperators.GT, 0f)).intoArray(out, o + ldo);
      FloatVector z11 = a11.add(FloatVector.fromArray(F, bias, bc + L));
      zero.blend(z11, z11.compare(VectorOperators.GT, 0f)).intoArray(out, o + ldo + L);
      FloatVector z12 = a12.add(FloatVector.fromArray(F, bias, bc + 2 * L));
      zero.blend(z12, z12.compare(VectorOperators.GT, 0f)).intoArray(out, o + ldo + 2 * L);
      FloatVector z13 = a13.add(FloatVector.fromArray(F, bias, bc + 3 * L));
      zero.blend(z13, z13.compare(VectorOperators.GT, 0f)).intoArray(out, o + ldo + 3 * L);
    }
    if (r0 + 2 < rows) {
      FloatVector z20 = a20.add(FloatVector.fromArray(F, bias, bc));
      zero.blend(z20, z20.compare(VectorOperators.GT, 0f)).intoArray(out, o + 2 * ldo);
      FloatVector z21 = a21.add(FloatVector.fromArray(F, bias, bc + L));
      zero.blend(z21, z21.compare(VectorOperators.GT, 0f)).intoArray(out, o + 2 * ldo + L);
      FloatVector z22 = a22.add(FloatVector.fromArray(F, bias, bc + 2 * L));
      zero.blend(z22, z22.compare(VectorOperators.GT, 0f)).intoArray(out, o + 2 * ldo + 2 * L);
      FloatVector z23 = a23.add(FloatVector.fromArray(F, bias, bc + 3 * L));
      zero.blend(z23, z23.compare(VectorOperators.GT, 0f)).intoArray(out, o + 2 * ldo + 3 * L);
    }
  }

  private static void sgdBlock(int rows, int g, int c, int[] bucketStart, int[] entries, float[] d, int dOff, int ldd,
                               float lr, float weightDecay, float[] out, int outOff, int ldo) {
    FloatVector one = FloatVector.broadcast(F, 1f);
    int dc = dOff + c;
    int gb = g * 7;
    FloatVector a00 = FloatVector.zero(F);
    FloatVector a01 = a00;
    FloatVector a02 = a00;
    FloatVector a03 = a00;
    FloatVector a10 = a00;
    FloatVector a11 = a00;
    FloatVector a12 = a00;
    FloatVector a13 = a00;
    FloatVector a20 = a00;
    FloatVector a21 = a00;
    FloatVector a22 = a00;
    FloatVector a23 = a00;
    int q = bucketStart[gb];
    for (int to = bucketStart[gb + 1]; q < to; q++) { // pattern 1
      int base = dc + (entries[q] >>> 4) * ldd;
      FloatVector v0 = FloatVector.fromArray(F, d, base);
      FloatVector v1 = FloatVector.fromArray(F, d, base + L);
      FloatVector v2 = FloatVector.fromArray(F, d, base + 2 * L);
      FloatVector v3 = FloatVector.fromArray(F, d, base + 3 * L);
      a00 = a00.add(v0);
      a01 = a01.add(v1);
      a02 = a02.add(v2);
      a03 = a03.add(v3);
    }
    for (int to = bucketStart[gb + 2]; q < to; q++) { // pattern 3
      int base = dc + (entries[q] >>> 4) * ldd;
      FloatVector v0 = FloatVector.fromArray(F, d, base);
      FloatVector v1 = FloatVector.fromArray(F, d, base + L);
      FloatVector v2 = FloatVector.fromArray(F, d, base + 2 * L);
      FloatVector v3 = FloatVector.fromArray(F, d, base + 3 * L);
      a00 = a00.add(v0);
      a01 = a01.add(v1);
      a02 = a02.add(v2);
      a03 = a03.add(v3);
      a10 = v0.fma(one, a10);
      a11 = v1.fma(one, a11);
      a12 = v2.fma(one, a12);
      a13 = v3.fma(one, a13);
    }
    for (int to = bucketStart[gb + 3]; q < to; q++) { // pattern 2
      int base = dc + (entries[q] >>> 4) * ldd;
      FloatVector v0 = FloatVector.fromArray(F, d, base);
      FloatVector v1 = FloatVector.fromArray(F, d, base + L);
      FloatVector v2 = FloatVector.fromArray(F, d, base + 2 * L);
      FloatVector v3 = FloatVector.fromArray(F, d, base + 3 * L);
      a10 = a10.add(v0);
      a11 = a11.add(v1);
      a12 = a12.add(v2);
      a13 = a13.add(v3);
    }
    for (int to = bucketStart[gb + 4]; q < to; q++) { // pattern 6
      int base = dc + (entries[q] >>> 4) * ldd;
      FloatVector v0 = FloatVector.fromArray(F, d, base);
      FloatVector v1 = FloatVector.fromArray(F, d, base + L);
      FloatVector v2 = FloatVector.fromArray(F, d, base + 2 * L);
      FloatVector v3 = FloatVector.fromArray(F, d, base + 3 * L);
      a10 = a10.add(v0);
      a11 = a11.add(v1);
      a12 = a12.add(v2);
      a13 = a13.add(v3);
      a20 = v0.fma(one, a20);
      a21 = v1.fma(one, a21);
      a22 = v2.fma(one, a22);
      a23 = v3.fma(one, a23);
    }
    for (int to = bucketStart[gb + 5]; q < to; q++) { // pattern 7
      int base = dc + (entries[q] >>> 4) * ldd;
      FloatVector v0 = FloatVector.fromArray(F, d, base);
      FloatVector v1 = FloatVector.fromArray(F, d, base + L);
      FloatVector v2 = FloatVector.fromArray(F, d, base + 2 * L);
      FloatVector v3 = FloatVector.fromArray(F, d, base + 3 * L);
      a00 = a00.add(v0);
      a01 = a01.add(v1);
      a02 = a02.add(v2);
      a03 = a03.add(v3);
      a10 = v0.fma(one, a10);
      a11 = v1.fma(one, a11);
      a12 = v2.fma(one, a12);
      a13 = v3.fma(one, a13);
      a20 = a20.add(v0);
      a21 = a21.add(v1);
      a22 = a22.add(v2);
      a23 = a23.add(v3);
    }
    for (int to = bucketStart[gb + 6]; q < to; q++) { // pattern 5
      int base = dc + (entries[q] >>> 4) * ldd;
      FloatVector v0 = FloatVector.fromArray(F, d, base);
      FloatVector v1 = FloatVector.fromArray(F, d, base + L);
      FloatVector v2 = FloatVector.fromArray(F, d, base + 2 * L);
      FloatVector v3 = FloatVector.fromArray(F, d, base + 3 * L);
      a00 = a00.add(v0);
      a01 = a01.add(v1);
      a02 = a02.add(v2);
      a03 = a03.add(v3);
      a20 = v0.fma(one, a20);
      a21 = v1.fma(one, a21);
      a22 = v2.fma(one, a22);
      a23 = v3.fma(one, a23);
    }
    for (int to = bucketStart[gb + 7]; q < to; q++) { // pattern 4
      int base = dc + (entries[q] >>> 4) * ldd;
      FloatVector v0 = FloatVector.fromArray(F, d, base);
      FloatVector v1 = FloatVector.fromArray(F, d, base + L);
      FloatVector v2 = FloatVector.fromArray(F, d, base + 2 * L);
      FloatVector v3 = FloatVector.fromArray(F, d, base + 3 * L);
      a20 = a20.add(v0);
      a21 = a21.add(v1);
      a22 = a22.add(v2);
      a23 = a23.add(v3);
    }
    int r0 = g * 3;
    int o = outOff + r0 * ldo + c;
    FloatVector w00 = FloatVector.fromArray(F, out, o);
    w00.sub(a00.add(w00.mul(weightDecay)).mul(lr)).intoArray(out, o);
    FloatVector w01 = FloatVector.fromArray(F, out, o + L);
    w01.sub(a01.add(w01.mul(weightDecay)).mul(lr)).intoArray(out, o + L);
    FloatVector w02 = FloatVector.fromArray(F, out, o + 2 * L);
    w02.sub(a02.add(w02.mul(weightDecay)).mul(lr)).intoArray(out, o + 2 * L);
    FloatVector w03 = FloatVector.fromArray(F, out, o + 3 * L);
    w03.sub(a03.add(w03.mul(weightDecay)).mul(lr)).intoArray(out, o + 3 * L);
    if (r0 + 1 < rows) {
      FloatVector w10 = FloatVector.fromArray(F, out, o + ldo);
      w10.sub(a10.add(w10.mul(weightDecay)).mul(lr)).intoArray(out, o + ldo);
      FloatVector w11 = FloatVector.fromArray(F, out, o + ldo + L);
      w11.sub(a11.add(w11.mul(weightDecay)).mul(lr)).intoArray(out, o + ldo + L);
      FloatVector w12 = FloatVector.fromArray(F, out, o + ldo + 2 * L);
      w12.sub(a12.add(w12.mul(weightDecay)).mul(lr)).intoArray(out, o + ldo + 2 * L);
      FloatVector w13 = FloatVector.fromArray(F, out, o + ldo + 3 * L);
      w13.sub(a13.add(w13.mul(weightDecay)).mul(lr)).intoArray(out, o + ldo + 3 * L);
    }
    if (r0 + 2 < rows) {
      FloatVector w20 = FloatVector.fromArray(F, out, o + 2 * ldo);
      w20.sub(a20.add(w20.mul(weightDecay)).mul(lr)).intoArray(out, o + 2 * ldo);
      FloatVector w21 = FloatVector.fromArray(F, out, o + 2 * ldo + L);
      w21.sub(a21.add(w21.mul(weightDecay)).mul(lr)).intoArray(out, o + 2 * ldo + L);
      FloatVector w22 = FloatVector.fromArray(F, out, o + 2 * ldo + 2 * L);
      w22.sub(a22.add(w22.mul(weightDecay)).mul(lr)).intoArray(out, o + 2 * ldo + 2 * L);
      FloatVector w23 = FloatVector.fromArray(F, out, o + 2 * ldo + 3 * L);
      w23.sub(a23.add(w23.mul(weightDecay)).mul(lr)).intoArray(out, o + 2 * ldo + 3 * L);
    }
  }

  /** w −= lr·(grad + wd·w), the scalar expression without FMA (bit-identical). */
  private static void update(FloatVector grad, float lr, float weightDecay, float[] w, int wi) {
    FloatVector wv = FloatVector.fromArray(F, w, wi);
    wv.sub(grad.add(wv.mul(weightDecay)).mul(lr)).intoArray(w, wi);
  }

  /**
   * reluLinearBackward then denseOuterSgd on the same h and the old w, fused for two outputs: per
   * column block the two weight rows stay in registers, each h vector is loaded once for dh and for
   * both gradient rows, and the gradient never leaves the registers. The same operations in the same
   * order as the two kernels (so the same bits).
   */
  static void reluLinearBackwardSgd(int rows, int cols, int outputs, float[] dy, int dyOff, int lddy,
                                    float[] h, int hOff, int ldh, float[] dh, int dhOff, int lddh,
                                    float lr, float weightDecay, float[] w, int wOff, int ldw) {
    int c = 0;
    if (outputs == 2) {
      for (; c + BW <= cols; c += BW) {
        backwardSgdBlock(rows, c, dy, dyOff, lddy, h, hOff, ldh, dh, dhOff, lddh, lr, weightDecay, w, wOff, ldw);
      }
    }
    if (c < cols) {
      reluLinearBackward(rows, cols - c, outputs, dy, dyOff, lddy, w, wOff + c, ldw, h, hOff + c, ldh,
          dh, dhOff + c, lddh);
      denseOuterSgd(outputs, cols - c, rows, dy, dyOff, lddy, h, hOff + c, ldh, lr, weightDecay, w, wOff + c, ldw);
    }
  }

  private static void backwardSgdBlock(int rows, int c, float[] dy, int dyOff, int lddy, float[] h, int hOff, int ldh,
                                       float[] dh, int dhOff, int lddh, float lr, float weightDecay,
                                       float[] w, int wOff, int ldw) {
    int i0 = wOff + c;
    int i1 = i0 + ldw;
    FloatVector u0 = FloatVector.fromArray(F, w, i0);
    FloatVector u1 = FloatVector.fromArray(F, w, i0 + L);
    FloatVector u2 = FloatVector.fromArray(F, w, i0 + 2 * L);
    FloatVector u3 = FloatVector.fromArray(F, w, i0 + 3 * L);
    FloatVector v0 = FloatVector.fromArray(F, w, i1);
    FloatVector v1 = FloatVector.fromArray(F, w, i1 + L);
    FloatVector v2 = FloatVector.fromArray(F, w, i1 + 2 * L);
    FloatVector v3 = FloatVector.fromArray(F, w, i1 + 3 * L);
    FloatVector zero = FloatVector.zero(F);
    FloatVector g00 = zero; // gradient of w row 0 (u), chains 0..3
    FloatVector g01 = zero;
    FloatVector g02 = zero;
    FloatVector g03 = zero;
    FloatVector g10 = zero; // gradient of w row 1 (v)
    FloatVector g11 = zero;
    FloatVector g12 = zero;
    FloatVector g13 = zero;
    for (int r = 0; r < rows; r++) {
      int yr = dyOff + r * lddy;
      FloatVector d0 = FloatVector.broadcast(F, dy[yr]);
      FloatVector d1 = FloatVector.broadcast(F, dy[yr + 1]);
      int hr = hOff + r * ldh + c;
      int dr = dhOff + r * lddh + c;
      FloatVector x0 = FloatVector.fromArray(F, h, hr);
      zero.blend(v0.fma(d1, u0.mul(d0)), x0.compare(VectorOperators.GT, 0f)).intoArray(dh, dr);
      g00 = x0.fma(d0, g00);
      g10 = x0.fma(d1, g10);
      FloatVector x1 = FloatVector.fromArray(F, h, hr + L);
      zero.blend(v1.fma(d1, u1.mul(d0)), x1.compare(VectorOperators.GT, 0f)).intoArray(dh, dr + L);
      g01 = x1.fma(d0, g01);
      g11 = x1.fma(d1, g11);
      FloatVector x2 = FloatVector.fromArray(F, h, hr + 2 * L);
      zero.blend(v2.fma(d1, u2.mul(d0)), x2.compare(VectorOperators.GT, 0f)).intoArray(dh, dr + 2 * L);
      g02 = x2.fma(d0, g02);
      g12 = x2.fma(d1, g12);
      FloatVector x3 = FloatVector.fromArray(F, h, hr + 3 * L);
      zero.blend(v3.fma(d1, u3.mul(d0)), x3.compare(VectorOperators.GT, 0f)).intoArray(dh, dr + 3 * L);
      g03 = x3.fma(d0, g03);
      g13 = x3.fma(d1, g13);
    }
    u0.sub(g00.add(u0.mul(weightDecay)).mul(lr)).intoArray(w, i0);
    u1.sub(g01.add(u1.mul(weightDecay)).mul(lr)).intoArray(w, i0 + L);
    u2.sub(g02.add(u2.mul(weightDecay)).mul(lr)).intoArray(w, i0 + 2 * L);
    u3.sub(g03.add(u3.mul(weightDecay)).mul(lr)).intoArray(w, i0 + 3 * L);
    v0.sub(g10.add(v0.mul(weightDecay)).mul(lr)).intoArray(w, i1);
    v1.sub(g11.add(v1.mul(weightDecay)).mul(lr)).intoArray(w, i1 + L);
    v2.sub(g12.add(v2.mul(weightDecay)).mul(lr)).intoArray(w, i1 + 2 * L);
    v3.sub(g13.add(v3.mul(weightDecay)).mul(lr)).intoArray(w, i1 + 3 * L);
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
    if (outputs == 2) {
      int r = 0;
      for (; r + 2 <= rows; r += 2) {
        logitsTwoRows(r, true, cols, h, hOff, ldh, w, wOff, ldw, y, yOff, ldy);
      }
      if (r < rows) {
        logitsTwoRows(r, false, cols, h, hOff, ldh, w, wOff, ldw, y, yOff, ldy);
      }
      return;
    }
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
   * Two classes, rows r and r + 1 (only row r when {@code twoRows} is false): one pass over both rows
   * of h with both rows of w, 8 FMA chains (2 rows × 2 classes × 2 vectors), each weight vector loaded
   * once for two rows: one load per FMA instead of 1.5 for a row at a time.
   */
  private static void logitsTwoRows(int r, boolean twoRows, int cols, float[] h, int hOff, int ldh,
                                    float[] w, int wOff, int ldw, float[] y, int yOff, int ldy) {
    int h0 = hOff + r * ldh;
    int h1 = twoRows ? h0 + ldh : h0; // a last, odd row: computed twice, stored once
    int w0 = wOff;
    int w1 = wOff + ldw;
    FloatVector a000 = FloatVector.zero(F); // row, class, chain
    FloatVector a001 = a000;
    FloatVector a010 = a000;
    FloatVector a011 = a000;
    FloatVector a100 = a000;
    FloatVector a101 = a000;
    FloatVector a110 = a000;
    FloatVector a111 = a000;
    int c = 0;
    for (; c + 2 * L <= cols; c += 2 * L) {
      FloatVector u0 = FloatVector.fromArray(F, w, w0 + c);
      FloatVector u1 = FloatVector.fromArray(F, w, w0 + c + L);
      FloatVector v0 = FloatVector.fromArray(F, w, w1 + c);
      FloatVector v1 = FloatVector.fromArray(F, w, w1 + c + L);
      FloatVector x0 = FloatVector.fromArray(F, h, h0 + c);
      FloatVector x1 = FloatVector.fromArray(F, h, h0 + c + L);
      a000 = x0.fma(u0, a000);
      a001 = x1.fma(u1, a001);
      a010 = x0.fma(v0, a010);
      a011 = x1.fma(v1, a011);
      FloatVector z0 = FloatVector.fromArray(F, h, h1 + c);
      FloatVector z1 = FloatVector.fromArray(F, h, h1 + c + L);
      a100 = z0.fma(u0, a100);
      a101 = z1.fma(u1, a101);
      a110 = z0.fma(v0, a110);
      a111 = z1.fma(v1, a111);
    }
    for (; c + L <= cols; c += L) {
      FloatVector u0 = FloatVector.fromArray(F, w, w0 + c);
      FloatVector v0 = FloatVector.fromArray(F, w, w1 + c);
      FloatVector x0 = FloatVector.fromArray(F, h, h0 + c);
      FloatVector z0 = FloatVector.fromArray(F, h, h1 + c);
      a000 = x0.fma(u0, a000);
      a010 = x0.fma(v0, a010);
      a100 = z0.fma(u0, a100);
      a110 = z0.fma(v0, a110);
    }
    float s00 = treeSum(a000.add(a001));
    float s01 = treeSum(a010.add(a011));
    float s10 = treeSum(a100.add(a101));
    float s11 = treeSum(a110.add(a111));
    for (; c < cols; c++) {
      s00 += h[h0 + c] * w[w0 + c];
      s01 += h[h0 + c] * w[w1 + c];
      s10 += h[h1 + c] * w[w0 + c];
      s11 += h[h1 + c] * w[w1 + c];
    }
    int yr = yOff + r * ldy;
    y[yr] = s00;
    y[yr + 1] = s01;
    if (twoRows) {
      y[yr + ldy] = s10;
      y[yr + ldy + 1] = s11;
    }
  }

  /** Swap partners for {@link #treeSum}: lane i with lane i ^ d, d = L/2, L/4, …, 1. */
  private static final VectorShuffle<Float>[] SWAPS = swaps();

  @SuppressWarnings("unchecked")
  private static VectorShuffle<Float>[] swaps() {
    int steps = Integer.numberOfTrailingZeros(L);
    VectorShuffle<Float>[] s = new VectorShuffle[steps];
    for (int i = 0; i < steps; i++) {
      int d = L >>> (i + 1);
      s[i] = VectorShuffle.fromOp(F, lane -> lane ^ d);
    }
    return s;
  }

  private static final VectorShuffle<Float> SWAP_HALF = SWAPS[0];
  private static final VectorShuffle<Float> SWAP_2 = SWAPS.length > 1 ? SWAPS[1] : null;
  private static final VectorShuffle<Float> SWAP_3 = SWAPS.length > 2 ? SWAPS[2] : null;
  private static final VectorShuffle<Float> SWAP_4 = SWAPS.length > 3 ? SWAPS[3] : null;

  /**
   * The lanes of v summed as a fixed butterfly (lane i + lane i ^ L/2, then ^ L/4, …): the same
   * order in the interpreter and in C2 (unlike {@code reduceLanes}), and log₂L dependent vector adds
   * instead of L dependent scalar ones. Extracting the lanes and adding them in the same tree (as
   * {@link DoubleOps#sumLanes} does for doubles) gives the same bits, but took the logits 2.5–2.7 µs
   * per batch instead of 2.25.
   */
  private static float treeSum(FloatVector v) {
    v = v.add(v.rearrange(SWAP_HALF));
    if (SWAP_2 != null) {
      v = v.add(v.rearrange(SWAP_2));
    }
    if (SWAP_3 != null) {
      v = v.add(v.rearrange(SWAP_3));
    }
    if (SWAP_4 != null) {
      v = v.add(v.rearrange(SWAP_4));
    }
    return v.lane(0);
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

  // ---- loss and accuracy: scalar code (2 logits per row leave nothing to vectorise)

  /**
   * Softmax cross-entropy in double, like the reference. Two classes (the parity task) get a closed
   * form with one exp and one log1p per row: with d = l_other − l_label, loss = softplus(d) and
   * p_other = σ(d). Other widths compute each exp once and reuse it for the gradient.
   */
  static double softmaxCrossEntropy(int rows, int cols, float[] logits, int lOff, int ldl,
                                    int[] labels, int labelsOff, float[] grad, int gOff, int ldg,
                                    float gradScale) {
    double loss = 0d;
    if (cols == 2) {
      for (int i = 0; i < rows; i++) {
        int row = lOff + i * ldl;
        int label = labels[labelsOff + i];
        if (label != 0 && label != 1) {
          throw new ArrayIndexOutOfBoundsException("label " + label + " outside [0, 2) in row " + i);
        }
        double d = (double) logits[row + 1 - label] - logits[row + label];
        double e = Math.exp(-Math.abs(d));
        loss += Math.max(d, 0d) + Math.log1p(e);
        if (grad != null) {
          // σ(d) = p_other; computed from e = exp(−|d|) so it never overflows.
          double pOther = d >= 0d ? 1d / (1d + e) : e / (1d + e);
          int g = gOff + i * ldg;
          float gOther = (float) (gradScale * pOther);
          float gLabel = (float) (-gradScale * pOther);
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
          grad[g + j] = (float) (gradScale * (ex[j] * inv - (j == label ? 1d : 0d)));
        }
      }
    }
    return loss;
  }

  static int countCorrect(int rows, int cols, float[] logits, int lOff, int ldl, int[] labels, int labelsOff) {
    int correct = 0;
    for (int i = 0; i < rows; i++) {
      int row = lOff + i * ldl;
      int best = 0;
      float bestValue = cols > 0 ? logits[row] : 0f;
      for (int j = 1; j < cols; j++) {
        float v = logits[row + j];
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
