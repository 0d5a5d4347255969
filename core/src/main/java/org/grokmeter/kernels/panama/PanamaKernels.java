package org.grokmeter.kernels.panama;

import org.grokmeter.kernels.ErfSums;
import org.grokmeter.kernels.KernelSupport;

/**
 * The SIMD implementation of {@link KernelSupport} on the Vector API ({@code jdk.incubator.vector}).
 *
 * <p>Loaded reflectively by {@code KernelProvider}, so nothing outside this package links against
 * the incubator module. The work lives in {@link DoubleGemm} and {@link DoubleOps} (the linear
 * model), {@link PanamaErfSums} (the fitter) and {@link PanamaMlpKernels} (the MLP), static methods
 * on the species constants of {@link Species}; this class only dispatches. The summation orders and
 * where results are bit-identical to {@code ScalarKernels} are documented on those classes.
 */
public final class PanamaKernels implements KernelSupport {

  public static final PanamaKernels INSTANCE = new PanamaKernels();

  private PanamaKernels() {}

  @Override
  public String name() {
    return "panama";
  }

  @Override
  public String description() {
    return "Panama Vector API (jdk.incubator.vector), " + Species.F.vectorBitSize() + "-bit vectors";
  }

  @Override
  public int floatLanes() {
    return Species.F.length();
  }

  @Override
  public int doubleLanes() {
    return Species.D.length();
  }

  // ================================================================ the linear model, float64

  @Override
  public void gemm(int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b,
      int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    DoubleGemm.gemm(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public void gemmTN(int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b,
      int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    DoubleGemm.gemmTN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public void gemmNT(int m, int n, int k, double alpha, double[] a, int aOff, int lda, double[] b,
      int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    DoubleGemm.gemmNT(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
    DoubleOps.axpy(n, alpha, x, xOff, y, yOff);
  }

  @Override
  public void scale(int n, double alpha, double[] x, int xOff) {
    DoubleOps.scale(n, alpha, x, xOff);
  }

  @Override
  public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
    return DoubleOps.dot(n, x, xOff, y, yOff);
  }

  @Override
  public double sumOfSquares(int n, double[] x, int xOff) {
    return DoubleOps.dot(n, x, xOff, x, xOff);
  }

  // ================================================================ the fitter

  @Override
  public ErfSums erfSums() {
    return PanamaErfSums.INSTANCE;
  }

  // ================================================================ the MLP, float32

  @Override
  public void binaryLinearRelu(int rows, int cols, int[] bucketStart, int[] entries,
                               float[] w, int wOff, int ldw, float[] bias, int biasOff, float[] out, int outOff, int ldo) {
    PanamaMlpKernels.binaryLinearRelu(rows, cols, bucketStart, entries, w, wOff, ldw, bias, biasOff, out, outOff, ldo);
  }

  @Override
  public void linearSmallOut(int rows, int outputs, int cols, float[] h, int hOff, int ldh,
                             float[] w, int wOff, int ldw, float[] y, int yOff, int ldy) {
    PanamaMlpKernels.linearSmallOut(rows, outputs, cols, h, hOff, ldh, w, wOff, ldw, y, yOff, ldy);
  }

  @Override
  public double softmaxCrossEntropy(int rows, int cols, float[] logits, int lOff, int ldl,
      int[] labels, int labelsOff, float[] grad, int gOff, int ldg, float gradScale) {
    return PanamaMlpKernels.softmaxCrossEntropy(rows, cols, logits, lOff, ldl, labels, labelsOff, grad, gOff, ldg,
        gradScale);
  }

  @Override
  public int countCorrect(int rows, int cols, float[] logits, int lOff, int ldl, int[] labels,
      int labelsOff) {
    return PanamaMlpKernels.countCorrect(rows, cols, logits, lOff, ldl, labels, labelsOff);
  }

  @Override
  public void reluLinearBackwardSgd(int rows, int cols, int outputs, float[] dy, int dyOff, int lddy,
                                    float[] h, int hOff, int ldh, float[] dh, int dhOff, int lddh,
                                    float lr, float weightDecay, float[] w, int wOff, int ldw) {
    PanamaMlpKernels.reluLinearBackwardSgd(rows, cols, outputs, dy, dyOff, lddy, h, hOff, ldh, dh, dhOff, lddh,
        lr, weightDecay, w, wOff, ldw);
  }

  @Override
  public void binaryScatterSgd(int features, int cols, int[] bucketStart, int[] entries, float[] g, int gOff, int ldg,
                               float lr, float weightDecay, float[] w, int wOff, int ldw) {
    PanamaMlpKernels.binaryScatterSgd(features, cols, bucketStart, entries, g, gOff, ldg, lr, weightDecay, w, wOff, ldw);
  }
}
