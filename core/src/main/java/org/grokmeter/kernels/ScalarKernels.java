package org.grokmeter.kernels;

/**
 * The reference implementation and the specification of {@link KernelSupport}: obvious loops.
 *
 * <p>Summation order, documented because the differential tests rely on it: every dot product and
 * reduction accumulates left to right (index 0 first) in the element type (float sums in float,
 * double sums in double), starting from zero; a GEMM element is then combined as
 * {@code alpha·acc + beta·c}, with beta == 0 meaning "ignore c". No FMA, no reassociation.
 * {@link #softmaxCrossEntropy} works in double internally.
 */
public final class ScalarKernels implements KernelSupport {

  public static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public String description() {
    return "scalar reference (plain Java loops)";
  }

  @Override
  public int floatLanes() {
    return 1;
  }

  @Override
  public int doubleLanes() {
    return 1;
  }

  // ================================================================ the linear model, float64

  @Override
  public void gemm(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                   double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double acc = 0d;
        for (int p = 0; p < k; p++) {
          acc += a[aOff + i * lda + p] * b[bOff + p * ldb + j];
        }
        int ci = cOff + i * ldc + j;
        c[ci] = beta == 0d ? alpha * acc : alpha * acc + beta * c[ci];
      }
    }
  }

  @Override
  public void gemmTN(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                     double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double acc = 0d;
        for (int p = 0; p < k; p++) {
          acc += a[aOff + p * lda + i] * b[bOff + p * ldb + j];
        }
        int ci = cOff + i * ldc + j;
        c[ci] = beta == 0d ? alpha * acc : alpha * acc + beta * c[ci];
      }
    }
  }

  @Override
  public void gemmNT(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                     double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double acc = 0d;
        for (int p = 0; p < k; p++) {
          acc += a[aOff + i * lda + p] * b[bOff + j * ldb + p];
        }
        int ci = cOff + i * ldc + j;
        c[ci] = beta == 0d ? alpha * acc : alpha * acc + beta * c[ci];
      }
    }
  }

  @Override
  public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  @Override
  public void scale(int n, double alpha, double[] x, int xOff) {
    for (int i = 0; i < n; i++) {
      x[xOff + i] *= alpha;
    }
  }

  @Override
  public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
    double acc = 0d;
    for (int i = 0; i < n; i++) {
      acc += x[xOff + i] * y[yOff + i];
    }
    return acc;
  }

  @Override
  public double sumOfSquares(int n, double[] x, int xOff) {
    return dot(n, x, xOff, x, xOff);
  }

  // ================================================================ the fitter

  @Override
  public ErfSums erfSums() {
    return ScalarErfSums.INSTANCE;
  }

  // ================================================================ the MLP, float32

  @Override
  public void binaryLinearRelu(int rows, int cols, int[] bucketStart, int[] entries,
                               float[] w, int wOff, int ldw, float[] bias, int biasOff, float[] out, int outOff, int ldo) {
    for (int g = 0; g < BinaryBuckets.groups(rows); g++) {
      int inGroup = Math.min(BinaryBuckets.GROUP, rows - g * BinaryBuckets.GROUP);
      int from = bucketStart[g * BinaryBuckets.PATTERNS];
      int to = bucketStart[(g + 1) * BinaryBuckets.PATTERNS];
      for (int c = 0; c < cols; c++) {
        float[] acc = new float[BinaryBuckets.GROUP]; // acc[b]: output row GROUP·g + b, in entry order
        for (int q = from; q < to; q++) {
          int e = entries[q];
          float v = w[wOff + (e >>> 4) * ldw + c];
          for (int b = 0; b < BinaryBuckets.GROUP; b++) {
            if ((e & (1 << b)) != 0) {
              acc[b] += v;
            }
          }
        }
        for (int b = 0; b < inGroup; b++) {
          float z = acc[b] + bias[biasOff + c];
          out[outOff + (g * BinaryBuckets.GROUP + b) * ldo + c] = z > 0f ? z : 0f;
        }
      }
    }
  }

  @Override
  public void linearSmallOut(int rows, int outputs, int cols, float[] h, int hOff, int ldh,
                             float[] w, int wOff, int ldw, float[] y, int yOff, int ldy) {
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < outputs; k++) {
        float acc = 0f;
        for (int c = 0; c < cols; c++) {
          acc += h[hOff + r * ldh + c] * w[wOff + k * ldw + c];
        }
        y[yOff + r * ldy + k] = acc;
      }
    }
  }

  @Override
  public double softmaxCrossEntropy(int rows, int cols, float[] logits, int lOff, int ldl,
                                    int[] labels, int labelsOff, float[] grad, int gOff, int ldg, float gradScale) {
    double loss = 0d;
    for (int i = 0; i < rows; i++) {
      int row = lOff + i * ldl;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, logits[row + j]);
      }
      double z = 0d;
      for (int j = 0; j < cols; j++) {
        z += Math.exp(logits[row + j] - max);
      }
      int label = labels[labelsOff + i];
      double logZ = Math.log(z);
      loss += logZ - (logits[row + label] - max);
      if (grad != null) {
        int g = gOff + i * ldg;
        for (int j = 0; j < cols; j++) {
          double p = Math.exp(logits[row + j] - max - logZ);
          grad[g + j] = (float) (gradScale * (p - (j == label ? 1d : 0d)));
        }
      }
    }
    return loss;
  }

  @Override
  public int countCorrect(int rows, int cols, float[] logits, int lOff, int ldl, int[] labels, int labelsOff) {
    int correct = 0;
    for (int i = 0; i < rows; i++) {
      int row = lOff + i * ldl;
      int best = 0;
      for (int j = 1; j < cols; j++) {
        if (logits[row + j] > logits[row + best]) {
          best = j;
        }
      }
      if (best == labels[labelsOff + i]) {
        correct++;
      }
    }
    return correct;
  }

  @Override
  public void reluLinearBackwardSgd(int rows, int cols, int outputs, float[] dy, int dyOff, int lddy,
                                    float[] h, int hOff, int ldh, float[] dh, int dhOff, int lddh,
                                    float lr, float weightDecay, float[] w, int wOff, int ldw) {
    // dh first: it needs the old w
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        float acc = 0f;
        if (h[hOff + r * ldh + c] > 0f) {
          for (int k = 0; k < outputs; k++) {
            acc += dy[dyOff + r * lddy + k] * w[wOff + k * ldw + c];
          }
        }
        dh[dhOff + r * lddh + c] = acc;
      }
    }
    for (int k = 0; k < outputs; k++) {
      for (int c = 0; c < cols; c++) {
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

  @Override
  public void binaryScatterSgd(int features, int cols, int[] bucketStart, int[] entries, float[] g, int gOff, int ldg,
                               float lr, float weightDecay, float[] w, int wOff, int ldw) {
    for (int grp = 0; grp < BinaryBuckets.groups(features); grp++) {
      int inGroup = Math.min(BinaryBuckets.GROUP, features - grp * BinaryBuckets.GROUP);
      int from = bucketStart[grp * BinaryBuckets.PATTERNS];
      int to = bucketStart[(grp + 1) * BinaryBuckets.PATTERNS];
      for (int c = 0; c < cols; c++) {
        float[] grad = new float[BinaryBuckets.GROUP]; // grad[b]: weight row GROUP·grp + b, in entry order
        for (int q = from; q < to; q++) {
          int e = entries[q];
          float v = g[gOff + (e >>> 4) * ldg + c];
          for (int b = 0; b < BinaryBuckets.GROUP; b++) {
            if ((e & (1 << b)) != 0) {
              grad[b] += v;
            }
          }
        }
        for (int b = 0; b < inGroup; b++) {
          int wi = wOff + (grp * BinaryBuckets.GROUP + b) * ldw + c;
          float wv = w[wi];
          w[wi] = wv - lr * (grad[b] + weightDecay * wv);
        }
      }
    }
  }
}
