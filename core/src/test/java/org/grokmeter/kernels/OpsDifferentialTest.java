package org.grokmeter.kernels;

import static org.grokmeter.kernels.GemmDifferentialTest.randomDoubles;
import static org.grokmeter.kernels.GemmDifferentialTest.within;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.grokmeter.Tolerances;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The linear model's vector kernels and the MLP's loss and accuracy, scalar reference vs Panama, over
 * sizes that straddle every lane boundary (8 doubles per vector at 512 bits, half vectors of 4,
 * unrolled blocks of 32). Reductions are also checked against a double-double reference with the
 * accumulation-length bound; kernels that involve no reordering must match exactly.
 */
class OpsDifferentialTest {

  static final int[] SIZES = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 129, 255, 257,
      1023, 1025};
  private static final int OFF = 3;
  private static KernelSupport panama;
  private static final KernelSupport SCALAR = ScalarKernels.INSTANCE;

  @BeforeAll
  static void loadPanama() {
    panama = KernelProvider.panama().orElseThrow(() ->
        new AssertionError("Panama kernels unavailable: " + KernelProvider.reason()));
  }

  static IntStream sizes() {
    return IntStream.of(SIZES);
  }

  private static double doubleTol(int terms, double bound) {
    return Tolerances.KERNEL_BOUND_FACTOR * Tolerances.DOUBLE_UNIT_ROUNDOFF
        * (terms + Tolerances.KERNEL_EXTRA_ROUNDINGS) * bound + Tolerances.KERNEL_ABSOLUTE_FLOOR;
  }

  // ------------------------------------------------------------------------------------ reductions

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void reductions(int n) {
    SplittableRandom rnd = new SplittableRandom(n);
    double[] xd = randomDoubles(rnd, n + OFF + 2);
    double[] yd = randomDoubles(rnd, n + OFF + 5);
    double[] d = ddSum(n, xd, OFF, yd, OFF + 2);
    double[] q = ddSum(n, xd, OFF, xd, OFF);
    for (KernelSupport ks : new KernelSupport[] {SCALAR, panama}) {
      within(d[0], ks.dot(n, xd, OFF, yd, OFF + 2), doubleTol(n, d[1]), ks.name() + " dot n=" + n);
      within(q[0], ks.sumOfSquares(n, xd, OFF), doubleTol(n, q[1]), ks.name() + " sumOfSquares n=" + n);
    }
  }

  /** {value, Σ|terms|} with the value summed in double-double from exact products. */
  private static double[] ddSum(int n, double[] x, int xOff, double[] y, int yOff) {
    double hi = 0;
    double lo = 0;
    double bound = 0;
    for (int i = 0; i < n; i++) {
      double a = x[xOff + i];
      double b = y == null ? 1 : y[yOff + i];
      double t = a * b;
      double tErr = Math.fma(a, b, -t);
      double sum = hi + t;
      double bb = sum - hi;
      lo += (hi - (sum - bb)) + (t - bb) + tErr;
      hi = sum;
      bound += Math.abs(t);
    }
    return new double[] {hi + lo, bound};
  }

  // ------------------------------------------------------------------------------------ updates

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void updates(int n) {
    SplittableRandom rnd = new SplittableRandom(n + 99);
    double[] xd = randomDoubles(rnd, n + OFF);
    double[] yd = randomDoubles(rnd, n + OFF + 1);
    // axpy: one rounding (FMA) against two, so a few ulps of the operands' scale; scale: exact
    closeD(yd, y -> SCALAR.axpy(n, -0.75, xd, OFF, y, OFF + 1), y -> panama.axpy(n, -0.75, xd, OFF, y, OFF + 1), 2,
        "axpy");
    closeD(yd, y -> SCALAR.scale(n, 1.5, y, OFF), y -> panama.scale(n, 1.5, y, OFF), 0, "scale");
  }

  /** Element by element within ulps·ulp(max(|before|, |after|, 1)) — exact when ulps is 0. */
  private static void closeD(double[] init, Consumer<double[]> ref, Consumer<double[]> test, int ulps, String what) {
    double[] r = init.clone();
    double[] t = init.clone();
    ref.accept(r);
    test.accept(t);
    for (int i = 0; i < r.length; i++) {
      double scale = Math.max(Math.max(Math.abs(init[i]), Math.abs(r[i])), 1);
      within(r[i], t[i], ulps * Math.ulp(scale), what + " at " + i);
    }
  }

  // ------------------------------------------------------------------------------------ softmax

  @ParameterizedTest(name = "rows={0}")
  @MethodSource("sizes")
  void softmaxCrossEntropyAndAccuracy(int rows) {
    for (int cols : new int[] {1, 2, 3, 5, 17}) {
      SplittableRandom rnd = new SplittableRandom(rows * 13L + cols);
      int ld = cols + 1;
      float[] lf = new float[OFF + rows * ld];
      for (int i = 0; i < lf.length; i++) {
        lf[i] = (float) ((rnd.nextDouble() - 0.5) * 20);
      }
      if (rows > 1) {
        // a tie (first maximum wins) and a huge logit (no overflow)
        lf[OFF] = 3f;
        lf[OFF + Math.min(1, cols - 1)] = 3f;
        lf[OFF + ld] = 80f;
      }
      int[] labels = new int[rows + 1];
      for (int i = 0; i < rows; i++) {
        labels[i + 1] = rnd.nextInt(cols);
      }
      float[] gfs = new float[OFF + rows * ld];
      float[] gfp = new float[OFF + rows * ld];
      float scaleF = rows == 0 ? 1f : 1f / rows;
      double lossS = SCALAR.softmaxCrossEntropy(rows, cols, lf, OFF, ld, labels, 1, gfs, OFF, ld, scaleF);
      double lossP = panama.softmaxCrossEntropy(rows, cols, lf, OFF, ld, labels, 1, gfp, OFF, ld, scaleF);
      within(lossS, lossP, Tolerances.SOFTMAX_RELATIVE * Math.max(1, Math.abs(lossS)), "float loss cols=" + cols);
      for (int i = 0; i < gfs.length; i++) {
        within(gfs[i], gfp[i], Tolerances.SOFTMAX_FLOAT_GRADIENT_ULPS * Math.ulp(Math.abs(gfs[i]))
            + Tolerances.SOFTMAX_RELATIVE, "float grad cols=" + cols + " at " + i);
      }
      // loss only (grad == null) is the same number
      within(lossP, panama.softmaxCrossEntropy(rows, cols, lf, OFF, ld, labels, 1, null, 0, 0, 1f), 0,
          "loss without gradient");
      assertEquals(SCALAR.countCorrect(rows, cols, lf, OFF, ld, labels, 1),
          panama.countCorrect(rows, cols, lf, OFF, ld, labels, 1), "countCorrect cols=" + cols);
    }
  }
}
