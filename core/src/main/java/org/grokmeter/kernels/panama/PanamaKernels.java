package org.grokmeter.kernels.panama;

import org.grokmeter.kernels.KernelSupport;

/**
 * The SIMD implementation of {@link KernelSupport} on the Vector API ({@code jdk.incubator.vector}).
 *
 * <p>Loaded reflectively by {@code KernelProvider}, so nothing outside this package links against
 * the incubator module. The work lives in {@link FloatGemm}, {@link DoubleGemm}, {@link FloatOps} and
 * {@link DoubleOps} (static methods on the species constants of {@link Species}); this class only
 * dispatches. Results agree with {@code ScalarKernels} within the accumulation-length tolerance; the
 * summation orders are documented on those classes.
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

  @Override
  public void gemm(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b,
      int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    FloatGemm.gemm(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public void gemmTN(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b,
      int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    FloatGemm.gemmTN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public void gemmNT(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b,
      int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    FloatGemm.gemmNT(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

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
  public void gemv(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
      float beta, float[] y, int yOff) {
    FloatOps.gemv(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
  }

  @Override
  public void gemvT(int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff,
      float beta, float[] y, int yOff) {
    FloatOps.gemvT(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
  }

  @Override
  public void gemv(int m, int n, double alpha, double[] a, int aOff, int lda, double[] x, int xOff,
      double beta, double[] y, int yOff) {
    DoubleOps.gemv(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
  }

  @Override
  public void gemvT(int m, int n, double alpha, double[] a, int aOff, int lda, double[] x, int xOff,
      double beta, double[] y, int yOff) {
    DoubleOps.gemvT(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
  }

  @Override
  public void addBias(int rows, int cols, float[] bias, int biasOff, float[] c, int cOff, int ldc) {
    FloatOps.addBias(rows, cols, bias, biasOff, c, cOff, ldc);
  }

  @Override
  public void addBias(int rows, int cols, double[] bias, int biasOff, double[] c, int cOff, int ldc) {
    DoubleOps.addBias(rows, cols, bias, biasOff, c, cOff, ldc);
  }

  @Override
  public void columnSums(int rows, int cols, float[] a, int aOff, int lda, float beta, float[] out,
      int outOff) {
    FloatOps.columnSums(rows, cols, a, aOff, lda, beta, out, outOff);
  }

  @Override
  public void columnSums(int rows, int cols, double[] a, int aOff, int lda, double beta,
      double[] out, int outOff) {
    DoubleOps.columnSums(rows, cols, a, aOff, lda, beta, out, outOff);
  }

  @Override
  public void reluForward(int n, float[] x, int xOff, float[] y, int yOff) {
    FloatOps.reluForward(n, x, xOff, y, yOff);
  }

  @Override
  public void reluForward(int n, double[] x, int xOff, double[] y, int yOff) {
    DoubleOps.reluForward(n, x, xOff, y, yOff);
  }

  @Override
  public void reluBackward(int n, float[] activation, int actOff, float[] grad, int gradOff) {
    FloatOps.reluBackward(n, activation, actOff, grad, gradOff);
  }

  @Override
  public void reluBackward(int n, double[] activation, int actOff, double[] grad, int gradOff) {
    DoubleOps.reluBackward(n, activation, actOff, grad, gradOff);
  }

  @Override
  public double softmaxCrossEntropy(int rows, int cols, float[] logits, int lOff, int ldl,
      int[] labels, int labelsOff, float[] grad, int gOff, int ldg, float gradScale) {
    return FloatOps.softmaxCrossEntropy(rows, cols, logits, lOff, ldl, labels, labelsOff, grad, gOff, ldg, gradScale);
  }

  @Override
  public double softmaxCrossEntropy(int rows, int cols, double[] logits, int lOff, int ldl,
      int[] labels, int labelsOff, double[] grad, int gOff, int ldg, double gradScale) {
    return DoubleOps.softmaxCrossEntropy(rows, cols, logits, lOff, ldl, labels, labelsOff, grad, gOff, ldg, gradScale);
  }

  @Override
  public int countCorrect(int rows, int cols, float[] logits, int lOff, int ldl, int[] labels,
      int labelsOff) {
    return FloatOps.countCorrect(rows, cols, logits, lOff, ldl, labels, labelsOff);
  }

  @Override
  public int countCorrect(int rows, int cols, double[] logits, int lOff, int ldl, int[] labels,
      int labelsOff) {
    return DoubleOps.countCorrect(rows, cols, logits, lOff, ldl, labels, labelsOff);
  }

  @Override
  public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    FloatOps.axpy(n, alpha, x, xOff, y, yOff);
  }

  @Override
  public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
    DoubleOps.axpy(n, alpha, x, xOff, y, yOff);
  }

  @Override
  public void scale(int n, float alpha, float[] x, int xOff) {
    FloatOps.scale(n, alpha, x, xOff);
  }

  @Override
  public void scale(int n, double alpha, double[] x, int xOff) {
    DoubleOps.scale(n, alpha, x, xOff);
  }

  @Override
  public void sgdUpdate(int n, float lr, float weightDecay, float[] w, int wOff, float[] g, int gOff) {
    FloatOps.sgdUpdate(n, lr, weightDecay, w, wOff, g, gOff);
  }

  @Override
  public void sgdUpdate(int n, double lr, double weightDecay, double[] w, int wOff, double[] g, int gOff) {
    DoubleOps.sgdUpdate(n, lr, weightDecay, w, wOff, g, gOff);
  }

  @Override
  public float sum(int n, float[] x, int xOff) {
    return FloatOps.sum(n, x, xOff);
  }

  @Override
  public double sum(int n, double[] x, int xOff) {
    return DoubleOps.sum(n, x, xOff);
  }

  @Override
  public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
    return FloatOps.dot(n, x, xOff, y, yOff);
  }

  @Override
  public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
    return DoubleOps.dot(n, x, xOff, y, yOff);
  }

  @Override
  public float sumOfSquares(int n, float[] x, int xOff) {
    return FloatOps.dot(n, x, xOff, x, xOff);
  }

  @Override
  public double sumOfSquares(int n, double[] x, int xOff) {
    return DoubleOps.dot(n, x, xOff, x, xOff);
  }

  // ================================================================ MLP kernels (binary inputs)
  // For the concealed-parity MLP; the work lives in PanamaMlpKernels.

  @Override
  public void binaryLinearRelu(int rows, int cols, int[] bucketStart, int[] entries,
                               float[] w, int wOff, int ldw, float[] bias, int biasOff, float[] out, int outOff, int ldo) {
    PanamaMlpKernels.binaryLinearRelu(rows, cols, bucketStart, entries, w, wOff, ldw, bias, biasOff, out, outOff, ldo);
  }

  @Override
  public void binaryScatterSgd(int features, int cols, int[] bucketStart, int[] entries, float[] g, int gOff, int ldg,
                               float lr, float weightDecay, float[] w, int wOff, int ldw) {
    PanamaMlpKernels.binaryScatterSgd(features, cols, bucketStart, entries, g, gOff, ldg, lr, weightDecay, w, wOff, ldw);
  }

  @Override
  public void reluLinearBackward(int rows, int cols, int outputs, float[] dy, int dyOff, int lddy,
                                 float[] w, int wOff, int ldw, float[] h, int hOff, int ldh,
                                 float[] dh, int dhOff, int lddh) {
    PanamaMlpKernels.reluLinearBackward(rows, cols, outputs, dy, dyOff, lddy, w, wOff, ldw, h, hOff, ldh, dh, dhOff,
        lddh);
  }

  @Override
  public void linearSmallOut(int rows, int outputs, int cols, float[] h, int hOff, int ldh,
                             float[] w, int wOff, int ldw, float[] y, int yOff, int ldy) {
    PanamaMlpKernels.linearSmallOut(rows, outputs, cols, h, hOff, ldh, w, wOff, ldw, y, yOff, ldy);
  }

  @Override
  public void denseOuterSgd(int outputs, int cols, int rows, float[] dy, int dyOff, int lddy,
                            float[] h, int hOff, int ldh, float lr, float weightDecay, float[] w, int wOff, int ldw) {
    PanamaMlpKernels.denseOuterSgd(outputs, cols, rows, dy, dyOff, lddy, h, hOff, ldh, lr, weightDecay, w, wOff, ldw);
  }

  @Override
  public void reluLinearBackwardSgd(int rows, int cols, int outputs, float[] dy, int dyOff, int lddy,
                                    float[] h, int hOff, int ldh, float[] dh, int dhOff, int lddh,
                                    float lr, float weightDecay, float[] w, int wOff, int ldw) {
    PanamaMlpKernels.reluLinearBackwardSgd(rows, cols, outputs, dy, dyOff, lddy, h, hOff, ldh, dh, dhOff, lddh,
        lr, weightDecay, w, wOff, ldw);
  }
}
