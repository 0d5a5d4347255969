package org.grokmeter.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-computed results, checked on the scalar reference and on Panama alike. */
class KnownCasesTest {

  static Stream<KernelSupport> impls() {
    return Stream.concat(Stream.of(ScalarKernels.INSTANCE), KernelProvider.panama().stream());
  }

  // A = [[1,2],[3,4]], B = [[5,6],[7,8]]
  private static final float[] A = {1, 2, 3, 4};
  private static final float[] B = {5, 6, 7, 8};

  @ParameterizedTest
  @MethodSource("impls")
  void twoByTwoProducts(KernelSupport ks) {
    float[] c = new float[4];
    ks.gemm(2, 2, 2, 1f, A, 0, 2, B, 0, 2, 0f, c, 0, 2);
    assertArrayEquals(new float[] {19, 22, 43, 50}, c, "A·B");
    ks.gemmTN(2, 2, 2, 1f, A, 0, 2, B, 0, 2, 0f, c, 0, 2);
    assertArrayEquals(new float[] {26, 30, 38, 44}, c, "Aᵀ·B");
    ks.gemmNT(2, 2, 2, 1f, A, 0, 2, B, 0, 2, 0f, c, 0, 2);
    assertArrayEquals(new float[] {17, 23, 39, 53}, c, "A·Bᵀ");
    float[] acc = {1, 1, 1, 1};
    ks.gemm(2, 2, 2, 2f, A, 0, 2, B, 0, 2, -1f, acc, 0, 2);
    assertArrayEquals(new float[] {37, 43, 85, 99}, acc, "2·A·B − C");
    double[] cd = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    ks.gemm(2, 2, 2, 1d, new double[] {1, 2, 3, 4}, 0, 2, new double[] {5, 6, 7, 8}, 0, 2, 0d, cd, 0, 2);
    assertArrayEquals(new double[] {19, 22, 43, 50}, cd, "A·B double over NaN C");
  }

  /** All-ones products equal k exactly, whatever the order of summation: shapes of the MLP. */
  @ParameterizedTest
  @MethodSource("impls")
  void onesGiveTheInnerDimension(KernelSupport ks) {
    for (int[] s : List.of(new int[] {32, 1000, 45}, new int[] {45, 1000, 32}, new int[] {32, 2, 1000})) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      float[] a = filled(m * k, 1f);
      float[] b = filled(k * n, 1f);
      float[] c = new float[m * n];
      ks.gemm(m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
      assertArrayEquals(filled(m * n, k), c, "ones " + m + "x" + n + "x" + k);
      ks.gemmTN(m, n, k, 1f, a, 0, m, b, 0, n, 0f, c, 0, n);
      assertArrayEquals(filled(m * n, k), c, "ones TN " + m + "x" + n + "x" + k);
      ks.gemmNT(m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
      assertArrayEquals(filled(m * n, k), c, "ones NT " + m + "x" + n + "x" + k);
    }
  }

  @ParameterizedTest
  @MethodSource("impls")
  void reductionsOfOneToN(KernelSupport ks) {
    int n = 1025;
    float[] x = new float[n];
    double[] xd = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
      xd[i] = i + 1;
    }
    // every partial sum is an integer below 2^24: exact in float in any order
    assertEquals(n * (n + 1) / 2f, ks.sum(n, x, 0));
    assertEquals(n * (n + 1) / 2d, ks.sum(n, xd, 0));
    assertEquals((double) n * (n + 1) * (2 * n + 1) / 6, ks.sumOfSquares(n, xd, 0));
    assertEquals(2f * 3f + 4f * 5f, ks.dot(2, new float[] {2, 4}, 0, new float[] {3, 5}, 0));
    assertEquals(0f, ks.sum(0, x, 0));
  }

  @ParameterizedTest
  @MethodSource("impls")
  void layerHelpers(KernelSupport ks) {
    float[] c = {1, 2, 3, 4, 5, 6};
    ks.addBias(2, 3, new float[] {10, 20, 30}, 0, c, 0, 3);
    assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, c);
    float[] sums = {Float.NaN, Float.NaN, Float.NaN};
    ks.columnSums(2, 3, c, 0, 3, 0f, sums, 0);
    assertArrayEquals(new float[] {25, 47, 69}, sums);
    float[] y = new float[4];
    ks.reluForward(4, new float[] {-1, 0, 2, Float.NaN}, 0, y, 0);
    assertArrayEquals(new float[] {0, 0, 2, 0}, y);
    float[] g = {5, 6, 7, 8};
    ks.reluBackward(4, new float[] {1, 0, -3, 2}, 0, g, 0);
    assertArrayEquals(new float[] {5, 0, 0, 8}, g);
    float[] yv = new float[2];
    ks.gemv(2, 2, 1f, A, 0, 2, new float[] {1, 1}, 0, 0f, yv, 0);
    assertArrayEquals(new float[] {3, 7}, yv);
    ks.gemvT(2, 2, 1f, A, 0, 2, new float[] {1, 1}, 0, 0f, yv, 0);
    assertArrayEquals(new float[] {4, 6}, yv);
  }

  @ParameterizedTest
  @MethodSource("impls")
  void sgdWithWeightDecay(KernelSupport ks) {
    double[] w = {1, -2};
    ks.sgdUpdate(2, 0.1, 0.01, w, 0, new double[] {0.5, 0.25}, 0);
    assertEquals(1 - 0.1 * (0.5 + 0.01), w[0], 1e-15);
    assertEquals(-2 - 0.1 * (0.25 - 0.02), w[1], 1e-15);
    float[] y = {1, 1};
    ks.axpy(2, 2f, new float[] {3, -1}, 0, y, 0);
    assertArrayEquals(new float[] {7, -1}, y);
  }

  @ParameterizedTest
  @MethodSource("impls")
  void softmaxOfKnownLogits(KernelSupport ks) {
    // [0, 0] label 0: loss ln 2, gradient ±1/2; [ln 3, 0] label 0: p = 3/4, loss ln(4/3)
    double[] logits = {0, 0, Math.log(3), 0};
    double[] grad = new double[4];
    double loss = ks.softmaxCrossEntropy(2, 2, logits, 0, 2, new int[] {0, 0}, 0, grad, 0, 2, 1d);
    assertEquals(Math.log(2) + Math.log(4d / 3), loss, 1e-15);
    assertArrayEquals(new double[] {-0.5, 0.5, -0.25, 0.25}, grad, 1e-15);
    // three classes, uniform: loss ln 3 each, gradient (1/3 − onehot)/rows
    float[] l3 = {1, 1, 1, 2, 2, 2};
    float[] g3 = new float[6];
    double loss3 = ks.softmaxCrossEntropy(2, 3, l3, 0, 3, new int[] {2, 0}, 0, g3, 0, 3, 0.5f);
    assertEquals(2 * Math.log(3), loss3, 1e-12);
    assertArrayEquals(new float[] {1f / 6, 1f / 6, -1f / 3, -1f / 3, 1f / 6, 1f / 6}, g3, 1e-7f);
    // ties go to the first maximum
    assertEquals(1, ks.countCorrect(2, 2, new float[] {1, 1, 0, 1}, 0, 2, new int[] {0, 0}, 0));
  }

  private static float[] filled(int n, float v) {
    float[] x = new float[n];
    java.util.Arrays.fill(x, v);
    return x;
  }
}
