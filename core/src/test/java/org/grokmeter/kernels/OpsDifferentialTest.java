package org.grokmeter.kernels;

import static org.grokmeter.kernels.GemmDifferentialTest.randomDoubles;
import static org.grokmeter.kernels.GemmDifferentialTest.randomFloats;
import static org.grokmeter.kernels.GemmDifferentialTest.within;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.grokmeter.Tolerances;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every non-GEMM kernel, scalar reference vs Panama, over sizes that straddle every lane boundary
 * (16 floats / 8 doubles per vector here, half vectors of 8 / 4, unrolled blocks of 64 / 32).
 * Reductions are also checked against a double / double-double reference with the
 * accumulation-length bound; elementwise kernels that involve no reordering must match exactly.
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

  private static double floatTol(int terms, double bound) {
    return Tolerances.KERNEL_BOUND_FACTOR * Tolerances.FLOAT_UNIT_ROUNDOFF
        * (terms + Tolerances.KERNEL_EXTRA_ROUNDINGS) * bound + Tolerances.KERNEL_ABSOLUTE_FLOOR;
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
    float[] xf = randomFloats(rnd, n + OFF + 2);
    float[] yf = randomFloats(rnd, n + OFF + 5);
    double[] xd = randomDoubles(rnd, n + OFF + 2);
    double[] yd = randomDoubles(rnd, n + OFF + 5);
    double sum = 0;
    double sumBound = 0;
    double dot = 0;
    double dotBound = 0;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      sum += xf[OFF + i];
      sumBound += Math.abs(xf[OFF + i]);
      dot += (double) xf[OFF + i] * yf[OFF + 2 + i];
      dotBound += Math.abs((double) xf[OFF + i] * yf[OFF + 2 + i]);
      sq += (double) xf[OFF + i] * xf[OFF + i];
    }
    for (KernelSupport ks : new KernelSupport[] {SCALAR, panama}) {
      within(sum, ks.sum(n, xf, OFF), floatTol(n, sumBound), ks.name() + " float sum n=" + n);
      within(dot, ks.dot(n, xf, OFF, yf, OFF + 2), floatTol(n, dotBound), ks.name() + " float dot n=" + n);
      within(sq, ks.sumOfSquares(n, xf, OFF), floatTol(n, sq), ks.name() + " float sumOfSquares n=" + n);
    }
    double[] s = ddSum(n, xd, OFF, null, 0);
    double[] d = ddSum(n, xd, OFF, yd, OFF + 2);
    double[] q = ddSum(n, xd, OFF, xd, OFF);
    for (KernelSupport ks : new KernelSupport[] {SCALAR, panama}) {
      within(s[0], ks.sum(n, xd, OFF), doubleTol(n, s[1]), ks.name() + " double sum n=" + n);
      within(d[0], ks.dot(n, xd, OFF, yd, OFF + 2), doubleTol(n, d[1]), ks.name() + " double dot n=" + n);
      within(q[0], ks.sumOfSquares(n, xd, OFF), doubleTol(n, q[1]), ks.name() + " double sumOfSquares n=" + n);
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

  // ------------------------------------------------------------------------------------ gemv

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void gemvBothWays(int n) {
    for (int m : new int[] {0, 1, 3, 4, 5, 17}) {
      for (double[] ab : new double[][] {{1, 0}, {-0.5, 2}}) {
        gemvCase(m, n, ab[0], ab[1]);
        gemvCase(n, m, ab[0], ab[1]);
      }
    }
  }

  private static void gemvCase(int m, int n, double alpha, double beta) {
    SplittableRandom rnd = new SplittableRandom(m * 1000L + n);
    int lda = n + 2;
    float[] af = randomFloats(rnd, OFF + m * lda + 1);
    double[] ad = randomDoubles(rnd, OFF + m * lda + 1);
    for (boolean transposed : new boolean[] {false, true}) {
      int xn = transposed ? m : n;
      int yn = transposed ? n : m;
      float[] xf = randomFloats(rnd, OFF + xn);
      double[] xd = randomDoubles(rnd, OFF + xn);
      float[] y0f = randomFloats(rnd, OFF + yn + 2);
      double[] y0d = randomDoubles(rnd, OFF + yn + 2);
      if (beta == 0) {
        for (int i = 0; i < yn; i++) {
          y0f[OFF + i] = Float.NaN;
          y0d[OFF + i] = Double.NaN;
        }
      }
      float[] ysf = y0f.clone();
      float[] ypf = y0f.clone();
      double[] ysd = y0d.clone();
      double[] ypd = y0d.clone();
      if (transposed) {
        SCALAR.gemvT(m, n, (float) alpha, af, OFF, lda, xf, OFF, (float) beta, ysf, OFF);
        panama.gemvT(m, n, (float) alpha, af, OFF, lda, xf, OFF, (float) beta, ypf, OFF);
        SCALAR.gemvT(m, n, alpha, ad, OFF, lda, xd, OFF, beta, ysd, OFF);
        panama.gemvT(m, n, alpha, ad, OFF, lda, xd, OFF, beta, ypd, OFF);
      } else {
        SCALAR.gemv(m, n, (float) alpha, af, OFF, lda, xf, OFF, (float) beta, ysf, OFF);
        panama.gemv(m, n, (float) alpha, af, OFF, lda, xf, OFF, (float) beta, ypf, OFF);
        SCALAR.gemv(m, n, alpha, ad, OFF, lda, xd, OFF, beta, ysd, OFF);
        panama.gemv(m, n, alpha, ad, OFF, lda, xd, OFF, beta, ypd, OFF);
      }
      int len = transposed ? m : n;
      for (int r = 0; r < yn; r++) {
        double ref = 0;
        double bound = 0;
        double refD = 0;
        double boundD = 0;
        for (int t = 0; t < len; t++) {
          int at = transposed ? OFF + t * lda + r : OFF + r * lda + t;
          double pf = (double) af[at] * xf[OFF + t];
          ref += pf;
          bound += Math.abs(pf);
          double pd = ad[at] * xd[OFF + t];
          refD += pd;
          boundD += Math.abs(pd);
        }
        double cf = beta == 0 ? 0 : y0f[OFF + r];
        double cd = beta == 0 ? 0 : y0d[OFF + r];
        String what = (transposed ? "gemvT" : "gemv") + " m=" + m + " n=" + n + " row " + r;
        double tf = floatTol(len, Math.abs(alpha) * bound + Math.abs(beta * cf));
        within(alpha * ref + beta * cf, ysf[OFF + r], tf, "scalar float " + what);
        within(alpha * ref + beta * cf, ypf[OFF + r], tf, "panama float " + what);
        // refD is plain double: allow its own error on top (the double-double check is in GEMM tests)
        double td = 2 * doubleTol(len, Math.abs(alpha) * boundD + Math.abs(beta * cd));
        within(alpha * refD + beta * cd, ysd[OFF + r], td, "scalar double " + what);
        within(alpha * refD + beta * cd, ypd[OFF + r], td, "panama double " + what);
      }
      for (int i = 0; i < OFF; i++) {
        assertEquals(y0f[i], ypf[i], "gemv wrote before y");
        assertEquals(y0d[i], ypd[i], "gemv wrote before y");
      }
      for (int i = OFF + yn; i < y0f.length; i++) {
        assertEquals(y0f[i], ypf[i], "gemv wrote after y");
        assertEquals(y0d[i], ypd[i], "gemv wrote after y");
      }
    }
  }

  // ------------------------------------------------------------------------------------ elementwise

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void reluIsExact(int n) {
    SplittableRandom rnd = new SplittableRandom(7 * n + 1);
    float[] xf = randomFloats(rnd, n + OFF + 1);
    double[] xd = randomDoubles(rnd, n + OFF + 1);
    if (n > 2) {
      xf[OFF] = Float.NaN;
      xf[OFF + 1] = -0f;
      xd[OFF] = Double.NaN;
      xd[OFF + 1] = -0d;
    }
    float[] yfs = new float[n + OFF + 1];
    float[] yfp = new float[n + OFF + 1];
    double[] yds = new double[n + OFF + 1];
    double[] ydp = new double[n + OFF + 1];
    SCALAR.reluForward(n, xf, OFF, yfs, OFF);
    panama.reluForward(n, xf, OFF, yfp, OFF);
    SCALAR.reluForward(n, xd, OFF, yds, OFF);
    panama.reluForward(n, xd, OFF, ydp, OFF);
    assertArrayEquals(yfs, yfp, "reluForward float");
    assertArrayEquals(yds, ydp, "reluForward double");
    // in place
    float[] inPlace = xf.clone();
    panama.reluForward(n, inPlace, OFF, inPlace, OFF);
    float[] inPlaceRef = xf.clone();
    SCALAR.reluForward(n, inPlaceRef, OFF, inPlaceRef, OFF);
    assertArrayEquals(inPlaceRef, inPlace, "reluForward in place");

    float[] gf = randomFloats(rnd, n + OFF + 2);
    double[] gd = randomDoubles(rnd, n + OFF + 2);
    float[] gfs = gf.clone();
    float[] gfp = gf.clone();
    double[] gds = gd.clone();
    double[] gdp = gd.clone();
    SCALAR.reluBackward(n, xf, OFF, gfs, OFF + 1);
    panama.reluBackward(n, xf, OFF, gfp, OFF + 1);
    SCALAR.reluBackward(n, xd, OFF, gds, OFF + 1);
    panama.reluBackward(n, xd, OFF, gdp, OFF + 1);
    assertArrayEquals(gfs, gfp, "reluBackward float");
    assertArrayEquals(gds, gdp, "reluBackward double");
  }

  @ParameterizedTest(name = "cols={0}")
  @MethodSource("sizes")
  void biasAndColumnSumsAreExact(int cols) {
    for (int rows : new int[] {0, 1, 5, 32}) {
      SplittableRandom rnd = new SplittableRandom(rows * 31L + cols);
      int ld = cols + 3;
      float[] cf = randomFloats(rnd, OFF + rows * ld + 2);
      double[] cd = randomDoubles(rnd, OFF + rows * ld + 2);
      float[] bf = randomFloats(rnd, cols + 1);
      double[] bd = randomDoubles(rnd, cols + 1);
      same(cf, c -> SCALAR.addBias(rows, cols, bf, 1, c, OFF, ld), c -> panama.addBias(rows, cols, bf, 1, c, OFF, ld),
          "addBias float rows=" + rows);
      same(cd, c -> SCALAR.addBias(rows, cols, bd, 1, c, OFF, ld), c -> panama.addBias(rows, cols, bd, 1, c, OFF, ld),
          "addBias double rows=" + rows);
      for (float beta : new float[] {0f, 0.5f}) {
        float[] of = randomFloats(rnd, cols + 4);
        double[] od = randomDoubles(rnd, cols + 4);
        if (beta == 0f) {
          java.util.Arrays.fill(of, 2, 2 + cols, Float.NaN);
          java.util.Arrays.fill(od, 2, 2 + cols, Double.NaN);
        }
        same(of, o -> SCALAR.columnSums(rows, cols, cf, OFF, ld, beta, o, 2),
            o -> panama.columnSums(rows, cols, cf, OFF, ld, beta, o, 2), "columnSums float rows=" + rows);
        same(od, o -> SCALAR.columnSums(rows, cols, cd, OFF, ld, beta, o, 2),
            o -> panama.columnSums(rows, cols, cd, OFF, ld, beta, o, 2), "columnSums double rows=" + rows);
      }
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes")
  void updates(int n) {
    SplittableRandom rnd = new SplittableRandom(n + 99);
    float[] xf = randomFloats(rnd, n + OFF);
    double[] xd = randomDoubles(rnd, n + OFF);
    float[] yf = randomFloats(rnd, n + OFF + 1);
    double[] yd = randomDoubles(rnd, n + OFF + 1);
    // elementwise: one or two roundings each way, so a few ulps of the operands' scale
    closeF(yf, y -> SCALAR.axpy(n, -0.75f, xf, OFF, y, OFF + 1), y -> panama.axpy(n, -0.75f, xf, OFF, y, OFF + 1), 2,
        "axpy float");
    closeD(yd, y -> SCALAR.axpy(n, -0.75, xd, OFF, y, OFF + 1), y -> panama.axpy(n, -0.75, xd, OFF, y, OFF + 1), 2,
        "axpy double");
    closeF(yf, y -> SCALAR.scale(n, 1.5f, y, OFF), y -> panama.scale(n, 1.5f, y, OFF), 0, "scale float");
    closeD(yd, y -> SCALAR.scale(n, 1.5, y, OFF), y -> panama.scale(n, 1.5, y, OFF), 0, "scale double");
    closeF(yf, w -> SCALAR.sgdUpdate(n, 0.01f, 0.01f, w, OFF + 1, xf, OFF),
        w -> panama.sgdUpdate(n, 0.01f, 0.01f, w, OFF + 1, xf, OFF), 3, "sgdUpdate float");
    closeD(yd, w -> SCALAR.sgdUpdate(n, 0.01, 0.01, w, OFF + 1, xd, OFF),
        w -> panama.sgdUpdate(n, 0.01, 0.01, w, OFF + 1, xd, OFF), 3, "sgdUpdate double");
  }

  private static void same(float[] init, Consumer<float[]> ref, Consumer<float[]> test, String what) {
    float[] r = init.clone();
    float[] t = init.clone();
    ref.accept(r);
    test.accept(t);
    assertArrayEquals(r, t, what);
  }

  private static void same(double[] init, Consumer<double[]> ref, Consumer<double[]> test, String what) {
    double[] r = init.clone();
    double[] t = init.clone();
    ref.accept(r);
    test.accept(t);
    assertArrayEquals(r, t, what);
  }

  /** Element by element within ulps·ulp(max(|before|, |after|, 1)) — exact when ulps is 0. */
  private static void closeF(float[] init, Consumer<float[]> ref, Consumer<float[]> test, int ulps, String what) {
    float[] r = init.clone();
    float[] t = init.clone();
    ref.accept(r);
    test.accept(t);
    for (int i = 0; i < r.length; i++) {
      double scale = Math.max(Math.max(Math.abs(init[i]), Math.abs(r[i])), 1);
      within(r[i], t[i], ulps * Math.ulp((float) scale), what + " at " + i);
    }
  }

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
      double[] ld64 = new double[OFF + rows * ld];
      for (int i = 0; i < lf.length; i++) {
        ld64[i] = (rnd.nextDouble() - 0.5) * 20;
        lf[i] = (float) ld64[i];
      }
      if (rows > 1) {
        // a tie (first maximum wins) and a huge logit (no overflow)
        lf[OFF] = 3f;
        lf[OFF + Math.min(1, cols - 1)] = 3f;
        ld64[OFF] = 3;
        ld64[OFF + Math.min(1, cols - 1)] = 3;
        lf[OFF + ld] = 80f;
        ld64[OFF + ld] = 700;
      }
      int[] labels = new int[rows + 1];
      for (int i = 0; i < rows; i++) {
        labels[i + 1] = rnd.nextInt(cols);
      }
      float[] gfs = new float[OFF + rows * ld];
      float[] gfp = new float[OFF + rows * ld];
      double[] gds = new double[OFF + rows * ld];
      double[] gdp = new double[OFF + rows * ld];
      float scaleF = rows == 0 ? 1f : 1f / rows;
      double lossS = SCALAR.softmaxCrossEntropy(rows, cols, lf, OFF, ld, labels, 1, gfs, OFF, ld, scaleF);
      double lossP = panama.softmaxCrossEntropy(rows, cols, lf, OFF, ld, labels, 1, gfp, OFF, ld, scaleF);
      within(lossS, lossP, Tolerances.SOFTMAX_RELATIVE * Math.max(1, Math.abs(lossS)), "float loss cols=" + cols);
      for (int i = 0; i < gfs.length; i++) {
        within(gfs[i], gfp[i], Tolerances.SOFTMAX_FLOAT_GRADIENT_ULPS * Math.ulp(Math.abs(gfs[i]))
            + Tolerances.SOFTMAX_RELATIVE, "float grad cols=" + cols + " at " + i);
      }
      double lossSd = SCALAR.softmaxCrossEntropy(rows, cols, ld64, OFF, ld, labels, 1, gds, OFF, ld, 0.5);
      double lossPd = panama.softmaxCrossEntropy(rows, cols, ld64, OFF, ld, labels, 1, gdp, OFF, ld, 0.5);
      within(lossSd, lossPd, Tolerances.SOFTMAX_RELATIVE * Math.max(1, Math.abs(lossSd)), "double loss cols=" + cols);
      for (int i = 0; i < gds.length; i++) {
        within(gds[i], gdp[i], Tolerances.SOFTMAX_RELATIVE, "double grad cols=" + cols + " at " + i);
      }
      // loss only (grad == null) is the same number
      within(lossP, panama.softmaxCrossEntropy(rows, cols, lf, OFF, ld, labels, 1, null, 0, 0, 1f), 0,
          "loss without gradient");
      assertEquals(SCALAR.countCorrect(rows, cols, lf, OFF, ld, labels, 1),
          panama.countCorrect(rows, cols, lf, OFF, ld, labels, 1), "countCorrect float cols=" + cols);
      assertEquals(SCALAR.countCorrect(rows, cols, ld64, OFF, ld, labels, 1),
          panama.countCorrect(rows, cols, ld64, OFF, ld, labels, 1), "countCorrect double cols=" + cols);
    }
  }
}
