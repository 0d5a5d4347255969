package org.grokmeter.kernels.panama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.grokmeter.kernels.ScalarKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential tests of the MLP's binary-input kernels: Panama against the scalar reference over
 * column counts straddling every lane boundary, batch sizes 1..5 and 32, odd feature counts, empty
 * active lists and offsets. The two add-only kernels must agree bit for bit (same per-element order,
 * no FMA); the FMA kernels within the accumulation-length tolerance.
 */
class PanamaMlpKernelsTest {

  private static final ScalarKernels S = ScalarKernels.INSTANCE;

  static int[] cols() {
    return new int[] {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129, 255, 257, 1000, 1023, 1025};
  }

  private record Batch(int rows, int features, int[] samples, int[] rowStart, int[] activeIdx,
                       int[] featStart, int[] featRows) {}

  /** rows samples of `features` 0/1 inputs (sample 0 all zeros when rows > 1), as both CSR views. */
  private static Batch batch(int rows, int features, UniformRandomProvider rng) {
    int extra = 3; // samples ids are a permutation of rows+extra stored samples
    int stored = rows + extra;
    boolean[][] x = new boolean[stored][features];
    int[] rowStart = new int[stored + 1];
    int total = 0;
    for (int s = 0; s < stored; s++) {
      for (int j = 0; j < features; j++) {
        x[s][j] = s != 0 && rng.nextBoolean();
        total += x[s][j] ? 1 : 0;
      }
    }
    int[] activeIdx = new int[total];
    int p = 0;
    for (int s = 0; s < stored; s++) {
      rowStart[s] = p;
      for (int j = 0; j < features; j++) {
        if (x[s][j]) {
          activeIdx[p++] = j;
        }
      }
    }
    rowStart[stored] = p;
    int[] samples = new int[rows + 2]; // offset 2 into the id array
    for (int r = 0; r < rows; r++) {
      samples[r + 2] = (r * 7 + 1) % stored;
    }
    int[] featStart = new int[features + 1];
    int[] featRows = new int[rows * features];
    int q = 0;
    for (int j = 0; j < features; j++) {
      featStart[j] = q;
      for (int r = 0; r < rows; r++) {
        if (x[samples[r + 2]][j]) {
          featRows[q++] = r;
        }
      }
    }
    featStart[features] = q;
    return new Batch(rows, features, samples, rowStart, activeIdx, featStart, featRows);
  }

  private static float[] random(int n, UniformRandomProvider rng) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (2 * rng.nextDouble() - 1);
    }
    return a;
  }

  @ParameterizedTest
  @MethodSource("cols")
  void binaryLinearReluIsBitIdentical(int cols) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create((long) cols);
    for (int rows : new int[] {1, 2, 3, 4, 5, 32}) {
      for (int features : new int[] {1, 3, 25, 46}) {
        Batch b = batch(rows, features, rng);
        int ldw = cols + 3;
        float[] w = random(5 + features * ldw, rng);
        float[] bias = random(cols + 1, rng);
        int ldo = cols + 1;
        float[] expected = random(2 + rows * ldo, rng);
        float[] actual = expected.clone();
        S.binaryLinearRelu(rows, cols, b.samples, 2, b.rowStart, b.activeIdx, w, 5, ldw, bias, 1, expected, 2, ldo);
        PanamaMlpKernels.binaryLinearRelu(rows, cols, b.samples, 2, b.rowStart, b.activeIdx, w, 5, ldw, bias, 1,
            actual, 2, ldo);
        assertArrayEquals(expected, actual, "rows " + rows + " features " + features);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("cols")
  void binaryScatterSgdIsBitIdentical(int cols) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(1000L + cols);
    for (int rows : new int[] {1, 2, 3, 4, 5, 32}) {
      for (int features : new int[] {1, 3, 26, 46}) {
        Batch b = batch(rows, features, rng);
        int ldg = cols + 2;
        float[] g = random(3 + rows * ldg, rng);
        int ldw = cols + 5;
        float[] expected = random(4 + features * ldw, rng);
        float[] actual = expected.clone();
        S.binaryScatterSgd(features, cols, b.featStart, b.featRows, g, 3, ldg, 0.01f, 0.01f, expected, 4, ldw);
        PanamaMlpKernels.binaryScatterSgd(features, cols, b.featStart, b.featRows, g, 3, ldg, 0.01f, 0.01f,
            actual, 4, ldw);
        assertArrayEquals(expected, actual, "rows " + rows + " features " + features);
      }
    }
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
        S.reluLinearBackward(rows, cols, outputs, dy, 1, outputs, w, 2, cols, h, 0, cols, expected, 0, cols);
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
        S.denseOuterSgd(outputs, cols, rows, dy, 0, outputs, h, 0, cols, 0.1f, 0.01f, expected, 0, cols);
        PanamaMlpKernels.denseOuterSgd(outputs, cols, rows, dy, 0, outputs, h, 0, cols, 0.1f, 0.01f, actual, 0, cols);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], 1.0 * 0x1p-23 + 0.1 * tolerance(rows, rows), "entry " + i);
        }
      }
    }
  }

  /** Float rounding of a sum of `length` terms of magnitude ≤ 1 whose absolute sum is ≤ magnitude. */
  private static double tolerance(int length, double magnitude) {
    return 4.0 * Math.max(length, 1) * 0x1p-24 * Math.max(magnitude, 1.0);
  }
}
