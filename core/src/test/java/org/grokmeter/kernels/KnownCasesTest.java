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
  private static final double[] A = {1, 2, 3, 4};
  private static final double[] B = {5, 6, 7, 8};

  @ParameterizedTest
  @MethodSource("impls")
  void twoByTwoProducts(KernelSupport ks) {
    double[] c = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    ks.gemm(2, 2, 2, 1d, A, 0, 2, B, 0, 2, 0d, c, 0, 2);
    assertArrayEquals(new double[] {19, 22, 43, 50}, c, "A·B over a NaN C");
    ks.gemmTN(2, 2, 2, 1d, A, 0, 2, B, 0, 2, 0d, c, 0, 2);
    assertArrayEquals(new double[] {26, 30, 38, 44}, c, "Aᵀ·B");
    ks.gemmNT(2, 2, 2, 1d, A, 0, 2, B, 0, 2, 0d, c, 0, 2);
    assertArrayEquals(new double[] {17, 23, 39, 53}, c, "A·Bᵀ");
    double[] acc = {1, 1, 1, 1};
    ks.gemm(2, 2, 2, 2d, A, 0, 2, B, 0, 2, -1d, acc, 0, 2);
    assertArrayEquals(new double[] {37, 43, 85, 99}, acc, "2·A·B − C");
  }

  /** All-ones products equal k exactly, whatever the order of summation: the linear model's shapes. */
  @ParameterizedTest
  @MethodSource("impls")
  void onesGiveTheInnerDimension(KernelSupport ks) {
    for (int[] s : List.of(new int[] {300, 1, 300}, new int[] {120, 120, 90}, new int[] {32, 2, 1000})) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      double[] a = filled(m * k, 1);
      double[] b = filled(k * n, 1);
      double[] c = new double[m * n];
      ks.gemm(m, n, k, 1d, a, 0, k, b, 0, n, 0d, c, 0, n);
      assertArrayEquals(filled(m * n, k), c, "ones " + m + "x" + n + "x" + k);
      ks.gemmTN(m, n, k, 1d, a, 0, m, b, 0, n, 0d, c, 0, n);
      assertArrayEquals(filled(m * n, k), c, "ones TN " + m + "x" + n + "x" + k);
      ks.gemmNT(m, n, k, 1d, a, 0, k, b, 0, k, 0d, c, 0, n);
      assertArrayEquals(filled(m * n, k), c, "ones NT " + m + "x" + n + "x" + k);
    }
  }

  @ParameterizedTest
  @MethodSource("impls")
  void reductionsOfOneToN(KernelSupport ks) {
    int n = 1025;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
    }
    // every partial sum is an integer below 2^53: exact in any order
    assertEquals((double) n * (n + 1) * (2 * n + 1) / 6, ks.sumOfSquares(n, x, 0));
    assertEquals(2d * 3d + 4d * 5d, ks.dot(2, new double[] {2, 4}, 0, new double[] {3, 5}, 0));
    assertEquals(0d, ks.dot(0, x, 0, x, 0));
  }

  @ParameterizedTest
  @MethodSource("impls")
  void vectorUpdates(KernelSupport ks) {
    double[] y = {1, 1, 5};
    ks.axpy(2, 2d, new double[] {3, -1}, 0, y, 0);
    assertArrayEquals(new double[] {7, -1, 5}, y);
    ks.scale(2, -0.5, y, 1);
    assertArrayEquals(new double[] {7, 0.5, -2.5}, y);
  }

  /** A 0/1 layer by hand: rows select inputs, so each output is a sum of rows of W plus the bias. */
  @ParameterizedTest
  @MethodSource("impls")
  void binaryLayerAndScatter(KernelSupport ks) {
    // X = [[1,0,1],[0,1,1],[0,0,0],[1,1,0]] (4 rows × 3 inputs); W rows (1, −1), (2, −2), (4, −4); bias (0.5, 3)
    long[] rowBits = {0b101, 0b110, 0b000, 0b011};
    int[] start = new int[BinaryBuckets.PATTERNS * BinaryBuckets.groups(4) + 1];
    int[] entries = new int[BinaryBuckets.groups(4) * 3];
    BinaryBuckets.build(4, rowBits, 0, 1, start, entries);
    float[] w = {1, -1, 2, -2, 4, -4, 0.5f, 3};
    float[] out = new float[8];
    ks.binaryLinearRelu(4, 2, start, entries, w, 0, 2, w, 6, out, 0, 2);
    assertArrayEquals(new float[] {5.5f, 0, 6.5f, 0, 0.5f, 3, 3.5f, 0}, out);
    // Xᵀ (3 features × 4 rows): feature j selects the rows that have input j
    long[] featBits = {0b1001, 0b1010, 0b0011};
    int[] fStart = new int[BinaryBuckets.PATTERNS * BinaryBuckets.groups(3) + 1];
    int[] fEntries = new int[BinaryBuckets.groups(3) * 4];
    BinaryBuckets.build(3, featBits, 0, 1, fStart, fEntries);
    float[] g = {1, 2, 10, 20, 100, 200, 1000, 2000};
    float[] wt = new float[6];
    ks.binaryScatterSgd(3, 2, fStart, fEntries, g, 0, 2, 0.5f, 0f, wt, 0, 2);
    assertArrayEquals(new float[] {-500.5f, -1001, -505, -1010, -5.5f, -11}, wt);
  }

  @ParameterizedTest
  @MethodSource("impls")
  void softmaxOfKnownLogits(KernelSupport ks) {
    // [0, 0] label 0: loss ln 2, gradient ±1/2; [ln 3, 0] label 0: p = 3/4, loss ln(4/3)
    float[] logits = {0, 0, (float) Math.log(3), 0};
    float[] grad = new float[4];
    double loss = ks.softmaxCrossEntropy(2, 2, logits, 0, 2, new int[] {0, 0}, 0, grad, 0, 2, 1f);
    assertEquals(Math.log(2) + Math.log(4d / 3), loss, 1e-7);
    assertArrayEquals(new float[] {-0.5f, 0.5f, -0.25f, 0.25f}, grad, 1e-7f);
    // three classes, uniform: loss ln 3 each, gradient (1/3 − onehot)/rows
    float[] l3 = {1, 1, 1, 2, 2, 2};
    float[] g3 = new float[6];
    double loss3 = ks.softmaxCrossEntropy(2, 3, l3, 0, 3, new int[] {2, 0}, 0, g3, 0, 3, 0.5f);
    assertEquals(2 * Math.log(3), loss3, 1e-12);
    assertArrayEquals(new float[] {1f / 6, 1f / 6, -1f / 3, -1f / 3, 1f / 6, 1f / 6}, g3, 1e-7f);
    // ties go to the first maximum
    assertEquals(1, ks.countCorrect(2, 2, new float[] {1, 1, 0, 1}, 0, 2, new int[] {0, 0}, 0));
  }

  private static double[] filled(int n, double v) {
    double[] x = new double[n];
    java.util.Arrays.fill(x, v);
    return x;
  }
}
