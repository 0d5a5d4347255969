package org.grokmeter.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.grokmeter.kernels.BinaryBuckets;
import org.grokmeter.kernels.ScalarKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential tests of the MLP kernels: Panama against the scalar reference over column counts
 * straddling every lane boundary, every row count 0..33, input counts from 1 to past a 64-bit word,
 * all-zero rows and offsets, and the real shapes. The two binary kernels must agree bit for bit (same
 * per-element order; fma(x, 1, acc) rounds as acc + x); the FMA kernels within the
 * accumulation-length tolerance.
 */
class PanamaMlpKernelsTest {

  private static final ScalarKernels S = ScalarKernels.INSTANCE;

  static int[] cols() {
    return new int[] {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129, 255, 257, 1000, 1023, 1025};
  }

  /** Row counts 0..33 (the last training batch has 14 rows) against column counts around the lanes. */
  static int[] allRowCols() {
    return new int[] {1, 17, 65, 1000};
  }

  /** Input counts: the smallest, ones straddling a group and a word, the paper's, one past a word. */
  private static final int[] INPUTS = {1, 2, 3, 4, 25, 45, 46, 63, 64, 70};

  /** A random 0/1 matrix (rows × inputs) in BinaryBuckets form; row 0 all zeros when rows &gt; 1. */
  private record Grouped(int[] bucketStart, int[] entries) {
    static Grouped random(int rows, int inputs, UniformRandomProvider rng) {
      int words = (inputs + 63) >>> 6;
      long[] bits = new long[3 + rows * words];
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < inputs; j++) {
          if (!(r == 0 && rows > 1) && rng.nextBoolean()) {
            bits[3 + r * words + (j >>> 6)] |= 1L << j;
          }
        }
      }
      int groups = BinaryBuckets.groups(rows);
      int[] bucketStart = new int[BinaryBuckets.PATTERNS * groups + 1];
      int[] entries = new int[groups * inputs];
      BinaryBuckets.build(rows, bits, 3, words, bucketStart, entries);
      return new Grouped(bucketStart, entries);
    }
  }

  private static float[] random(int n, UniformRandomProvider rng) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (2 * rng.nextDouble() - 1);
    }
    return a;
  }

  private static void binaryLinearRelu(int rows, int cols, int inputs, UniformRandomProvider rng) {
    Grouped b = Grouped.random(rows, inputs, rng);
    int ldw = cols + 3;
    float[] w = random(5 + inputs * ldw, rng);
    float[] bias = random(cols + 1, rng);
    int ldo = cols + 1;
    float[] expected = random(2 + rows * ldo, rng);
    float[] actual = expected.clone();
    S.binaryLinearRelu(rows, cols, b.bucketStart, b.entries, w, 5, ldw, bias, 1, expected, 2, ldo);
    PanamaMlpKernels.binaryLinearRelu(rows, cols, b.bucketStart, b.entries, w, 5, ldw, bias, 1, actual, 2, ldo);
    assertArrayEquals(expected, actual, "rows " + rows + " inputs " + inputs + " cols " + cols);
  }

  private static void binaryScatterSgd(int features, int cols, int rows, UniformRandomProvider rng) {
    Grouped b = Grouped.random(features, rows, rng); // B = Xᵀ: features × batch rows
    int ldg = cols + 2;
    float[] g = random(3 + rows * ldg, rng);
    int ldw = cols + 5;
    float[] expected = random(4 + features * ldw, rng);
    float[] actual = expected.clone();
    S.binaryScatterSgd(features, cols, b.bucketStart, b.entries, g, 3, ldg, 0.01f, 0.01f, expected, 4, ldw);
    PanamaMlpKernels.binaryScatterSgd(features, cols, b.bucketStart, b.entries, g, 3, ldg, 0.01f, 0.01f,
        actual, 4, ldw);
    assertArrayEquals(expected, actual, "features " + features + " rows " + rows + " cols " + cols);
  }

  @ParameterizedTest
  @MethodSource("allRowCols")
  void binaryLinearReluIsBitIdenticalForEveryRowCount(int cols) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(10L + cols);
    for (int rows = 0; rows <= 33; rows++) {
      for (int inputs : INPUTS) {
        binaryLinearRelu(rows, cols, inputs, rng);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cols")
  void binaryLinearReluIsBitIdentical(int cols) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create((long) cols);
    for (int rows : new int[] {1, 2, 3, 4, 5, 14, 32}) {
      for (int inputs : new int[] {1, 3, 25, 45}) {
        binaryLinearRelu(rows, cols, inputs, rng);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("allRowCols")
  void binaryScatterSgdIsBitIdenticalForEveryRowCount(int cols) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(20L + cols);
    for (int rows = 0; rows <= 33; rows++) {
      for (int features : INPUTS) {
        binaryScatterSgd(features, cols, rows, rng);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cols")
  void binaryScatterSgdIsBitIdentical(int cols) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(1000L + cols);
    for (int rows : new int[] {1, 2, 3, 4, 5, 14, 32}) {
      for (int features : new int[] {1, 3, 26, 46}) {
        binaryScatterSgd(features, cols, rows, rng);
      }
    }
  }

  /** The real shapes: 32 and 14 rows, n = 25 and 45 inputs (+ bias row), 1000 hidden units, stride 1008. */
  @ParameterizedTest
  @MethodSource("paperInputs")
  void realShapesAreBitIdentical(int n) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(30L + n);
    for (int rows : new int[] {32, 14, 26}) {
      Grouped fwd = Grouped.random(rows, n, rng);
      float[] w = random(4 + (n + 1) * 1008, rng);
      float[] expected = new float[4 + 32 * 1008];
      float[] actual = new float[4 + 32 * 1008];
      S.binaryLinearRelu(rows, 1000, fwd.bucketStart, fwd.entries, w, 4, 1008, w, 4 + n * 1008, expected, 4, 1008);
      PanamaMlpKernels.binaryLinearRelu(rows, 1000, fwd.bucketStart, fwd.entries, w, 4, 1008, w, 4 + n * 1008,
          actual, 4, 1008);
      assertArrayEquals(expected, actual, "forward rows " + rows);
      Grouped bwd = Grouped.random(n + 1, rows, rng);
      float[] wExpected = w.clone();
      S.binaryScatterSgd(n + 1, 1000, bwd.bucketStart, bwd.entries, expected, 4, 1008, 0.01f, 0.01f, wExpected, 4, 1008);
      PanamaMlpKernels.binaryScatterSgd(n + 1, 1000, bwd.bucketStart, bwd.entries, expected, 4, 1008, 0.01f, 0.01f,
          w, 4, 1008);
      assertArrayEquals(wExpected, w, "backward rows " + rows);
    }
  }

  static int[] paperInputs() {
    return new int[] {25, 45};
  }

  @ParameterizedTest
  @MethodSource("cols")
  void reluLinearBackwardAgrees(int cols) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(2000L + cols);
    for (int rows : new int[] {1, 2, 5, 32}) {
      for (int outputs : new int[] {1, 2, 3}) {
        float[] dy = random(1 + rows * outputs, rng);
        float[] w = random(2 + outputs * cols, rng);
        float[] h = random(rows * cols, rng); // about half negative: the mask matters
        for (int i = 0; i < h.length; i++) {
          h[i] = Math.max(h[i], 0f);
        }
        float[] expected = random(rows * cols, rng);
        float[] actual = expected.clone();
        // the scalar reference computes dh as the first half of its fused backward pass (w is a copy)
        S.reluLinearBackwardSgd(rows, cols, outputs, dy, 1, outputs, h, 0, cols, expected, 0, cols, 0.1f, 0.01f,
            w.clone(), 2, cols);
        PanamaMlpKernels.reluLinearBackward(rows, cols, outputs, dy, 1, outputs, w, 2, cols, h, 0, cols, actual, 0, cols);
        for (int i = 0; i < expected.length; i++) {
          if (h[i] == 0f) {
            assertEquals(0f, actual[i], 0f, "masked entry " + i);
          }
          assertEquals(expected[i], actual[i], tolerance(outputs, 1.0), "entry " + i);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cols")
  void linearSmallOutAgrees(int cols) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(3000L + cols);
    for (int rows : new int[] {1, 3, 5, 32}) {
      for (int outputs : new int[] {1, 2, 3}) {
        int ldh = cols + 1;
        float[] h = random(rows * ldh, rng);
        float[] w = random(outputs * cols, rng);
        float[] expected = new float[rows * outputs + 1];
        float[] actual = new float[rows * outputs + 1];
        S.linearSmallOut(rows, outputs, cols, h, 0, ldh, w, 0, cols, expected, 1, outputs);
        PanamaMlpKernels.linearSmallOut(rows, outputs, cols, h, 0, ldh, w, 0, cols, actual, 1, outputs);
        for (int i = 0; i < expected.length; i++) {
          // terms are bounded by 1 in magnitude: scale by the number of terms
          assertEquals(expected[i], actual[i], tolerance(cols, cols), "entry " + i);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cols")
  void denseOuterSgdAgrees(int cols) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(4000L + cols);
    for (int rows : new int[] {1, 2, 5, 14, 32}) {
      for (int outputs : new int[] {1, 2, 3}) {
        float[] dy = random(rows * outputs, rng);
        float[] h = random(rows * cols, rng);
        float[] expected = random(outputs * cols, rng);
        float[] actual = expected.clone();
        // the scalar reference's update is the second half of its fused backward pass
        S.reluLinearBackwardSgd(rows, cols, outputs, dy, 0, outputs, h, 0, cols, new float[rows * cols], 0, cols,
            0.1f, 0.01f, expected, 0, cols);
        PanamaMlpKernels.denseOuterSgd(outputs, cols, rows, dy, 0, outputs, h, 0, cols, 0.1f, 0.01f, actual, 0, cols);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], 1.0 * 0x1p-23 + 0.1 * tolerance(rows, rows), "entry " + i);
        }
      }
    }
  }

  /** The fused backward + SGD gives the bits of the two kernels it fuses, at every column count and offset. */
  @ParameterizedTest
  @MethodSource("cols")
  void reluLinearBackwardSgdIsTheTwoKernels(int cols) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5000L + cols);
    for (int rows : new int[] {1, 2, 5, 14, 32}) {
      for (int outputs : new int[] {1, 2, 3}) {
        int ld = cols + 3;
        float[] dy = random(1 + rows * outputs, rng);
        float[] h = random(2 + rows * ld, rng);
        for (int i = 0; i < h.length; i++) {
          h[i] = Math.max(h[i], 0f); // about half zero: the mask matters
        }
        float[] w = random(1 + outputs * ld, rng);
        float[] wExpected = w.clone();
        float[] wScalar = w.clone();
        float[] dhExpected = random(3 + rows * ld, rng);
        float[] dhActual = dhExpected.clone();
        float[] dhScalar = dhExpected.clone();
        PanamaMlpKernels.reluLinearBackward(rows, cols, outputs, dy, 1, outputs, wExpected, 1, ld, h, 2, ld,
            dhExpected, 3, ld);
        PanamaMlpKernels.denseOuterSgd(outputs, cols, rows, dy, 1, outputs, h, 2, ld, 0.1f, 0.01f, wExpected, 1, ld);
        PanamaMlpKernels.reluLinearBackwardSgd(rows, cols, outputs, dy, 1, outputs, h, 2, ld, dhActual, 3, ld,
            0.1f, 0.01f, w, 1, ld);
        assertArrayEquals(dhExpected, dhActual, "dh, rows " + rows + ", outputs " + outputs);
        assertArrayEquals(wExpected, w, "w, rows " + rows + ", outputs " + outputs);
        S.reluLinearBackwardSgd(rows, cols, outputs, dy, 1, outputs, h, 2, ld, dhScalar, 3, ld, 0.1f, 0.01f,
            wScalar, 1, ld);
        for (int i = 0; i < w.length; i++) {
          assertEquals(wScalar[i], w[i], 1.0 * 0x1p-23 + 0.1 * tolerance(rows, rows), "w entry " + i);
        }
        for (int i = 0; i < dhActual.length; i++) {
          assertEquals(dhScalar[i], dhActual[i], tolerance(outputs, 1.0), "dh entry " + i);
        }
      }
    }
  }

  /** Float rounding of a sum of `length` terms of magnitude ≤ 1 whose absolute sum is ≤ magnitude. */
  private static double tolerance(int length, double magnitude) {
    return 4.0 * Math.max(length, 1) * 0x1p-24 * Math.max(magnitude, 1.0);
  }
}
