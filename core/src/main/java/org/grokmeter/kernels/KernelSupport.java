package org.grokmeter.kernels;

/**
 * The one narrow interface every kernel implementation provides.
 *
 * <p>All matrices are row-major, addressed by an array, an offset and a leading dimension (the
 * distance between the starts of two consecutive rows). Dimensions are explicit and may be zero.
 * GEMM follows the BLAS convention {@code C = alpha·op(A)·op(B) + beta·C}; when {@code beta == 0}
 * the previous contents of C are ignored (even NaN), so callers need not clear C first.
 *
 * <p>{@link ScalarKernels} is the specification: plain loops with a documented summation order.
 * The Panama implementation must agree with it within {@code Tolerances}; it may sum in a
 * different order (several accumulators, FMA), never with a different result beyond rounding.
 */
public interface KernelSupport {

  /** Short name used in provenance and {@code grokmeter info}: "scalar" or "panama". */
  String name();

  /** Human-readable description, e.g. "Panama Vector API (jdk.incubator.vector), 512-bit". */
  String description();

  /** Floats per vector register used by this implementation (1 for scalar). */
  int floatLanes();

  /** Doubles per vector register used by this implementation (1 for scalar). */
  int doubleLanes();

  // ---------------------------------------------------------------- GEMM, float32

  /** C[m×n] = alpha·A·B + beta·C with A m×k (lda), B k×n (ldb). */
  void gemm(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

  /** C[m×n] = alpha·Aᵀ·B + beta·C with A stored k×m (lda), B k×n (ldb). */
  void gemmTN(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

  /** C[m×n] = alpha·A·Bᵀ + beta·C with A m×k (lda), B stored n×k (ldb). */
  void gemmNT(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

  // ---------------------------------------------------------------- GEMM, float64

  void gemm(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
            double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);

  void gemmTN(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
              double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);

  void gemmNT(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
              double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);

  // ---------------------------------------------------------------- matrix-vector

  /** y[m] = alpha·A·x + beta·y with A m×n (lda), x of length n. */
  void gemv(int m, int n, float alpha, float[] a, int aOff, int lda,
            float[] x, int xOff, float beta, float[] y, int yOff);

  /** y[n] = alpha·Aᵀ·x + beta·y with A m×n (lda), x of length m. */
  void gemvT(int m, int n, float alpha, float[] a, int aOff, int lda,
             float[] x, int xOff, float beta, float[] y, int yOff);

  void gemv(int m, int n, double alpha, double[] a, int aOff, int lda,
            double[] x, int xOff, double beta, double[] y, int yOff);

  void gemvT(int m, int n, double alpha, double[] a, int aOff, int lda,
             double[] x, int xOff, double beta, double[] y, int yOff);

  // ---------------------------------------------------------------- layer helpers

  /** C[i][j] += bias[j] for every row i of the rows×cols block of C. */
  void addBias(int rows, int cols, float[] bias, int biasOff, float[] c, int cOff, int ldc);

  void addBias(int rows, int cols, double[] bias, int biasOff, double[] c, int cOff, int ldc);

  /** out[j] = beta·out[j] + Σ_i A[i][j]: column sums of a rows×cols block (bias gradients). */
  void columnSums(int rows, int cols, float[] a, int aOff, int lda, float beta, float[] out, int outOff);

  void columnSums(int rows, int cols, double[] a, int aOff, int lda, double beta, double[] out, int outOff);

  /** y[i] = max(x[i], 0); x and y may be the same range. */
  void reluForward(int n, float[] x, int xOff, float[] y, int yOff);

  void reluForward(int n, double[] x, int xOff, double[] y, int yOff);

  /** grad[i] = activation[i] > 0 ? grad[i] : 0 (the ReLU mask applied to an upstream gradient). */
  void reluBackward(int n, float[] activation, int actOff, float[] grad, int gradOff);

  void reluBackward(int n, double[] activation, int actOff, double[] grad, int gradOff);

  /**
   * Row-wise softmax cross-entropy. Returns Σ_rows −log softmax(logits)[label] (a sum, in double);
   * when {@code grad} is non-null writes grad = gradScale·(softmax − onehot(label)) (for a mean
   * loss over a batch of B rows pass gradScale = 1/B). grad may alias logits.
   */
  double softmaxCrossEntropy(int rows, int cols, float[] logits, int lOff, int ldl,
                             int[] labels, int labelsOff, float[] grad, int gOff, int ldg, float gradScale);

  double softmaxCrossEntropy(int rows, int cols, double[] logits, int lOff, int ldl,
                             int[] labels, int labelsOff, double[] grad, int gOff, int ldg, double gradScale);

  /** Number of rows whose argmax (first maximum on ties) equals the label. */
  int countCorrect(int rows, int cols, float[] logits, int lOff, int ldl, int[] labels, int labelsOff);

  int countCorrect(int rows, int cols, double[] logits, int lOff, int ldl, int[] labels, int labelsOff);

  // ---------------------------------------------------------------- vector updates

  /** y += alpha·x. */
  void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

  void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff);

  /** x *= alpha. */
  void scale(int n, float alpha, float[] x, int xOff);

  void scale(int n, double alpha, double[] x, int xOff);

  /** SGD with weight decay added to the gradient (PyTorch convention): w −= lr·(g + weightDecay·w). */
  void sgdUpdate(int n, float lr, float weightDecay, float[] w, int wOff, float[] g, int gOff);

  void sgdUpdate(int n, double lr, double weightDecay, double[] w, int wOff, double[] g, int gOff);

  // ---------------------------------------------------------------- reductions

  float sum(int n, float[] x, int xOff);

  double sum(int n, double[] x, int xOff);

  float dot(int n, float[] x, int xOff, float[] y, int yOff);

  double dot(int n, double[] x, int xOff, double[] y, int yOff);

  float sumOfSquares(int n, float[] x, int xOff);

  double sumOfSquares(int n, double[] x, int xOff);

  // ================================================================ MLP kernels (binary inputs)
  // For the concealed-parity MLP. The inputs are 0/1, so X·W is a sum of the
  // selected rows of W and Xᵀ·G a sum of selected rows of G: exact, without a single multiply, and
  // about half the work of the dense products. The 0/1 matrix is given in the grouped form of
  // BinaryBuckets (output rows in groups of BinaryBuckets.GROUP = 3, each input listed once per
  // group with the pattern of the rows that select it), so that a kernel loads each selected row
  // once for both outputs of a group. Both kernels' results are exact functions of that form: every element is summed
  // in the order of the entries, and fma(x, 1, acc) rounds exactly like acc + x, so implementations
  // may use either and still produce the same bits.

  /**
   * Binary linear layer with bias and ReLU: out = relu(B·W + bias) with B (rows × inputs) given as
   * {@link BinaryBuckets} ({@code bucketStart}, {@code entries}). For output row r = 2g + b,
   * {@code out[r][c] = max(0, acc + bias[c])} where acc starts at +0 and adds {@code w[j][c]} for
   * every entry {@code (j << 4) | p} of group g with bit b of p set, in entry order; the bias is
   * added last. Every implementation produces these exact bits ("z &gt; 0 ? z : 0": NaN and −0 give +0).
   */
  void binaryLinearRelu(int rows, int cols, int[] bucketStart, int[] entries,
                        float[] w, int wOff, int ldw, float[] bias, int biasOff, float[] out, int outOff, int ldo);

  /**
   * SGD step with weight decay for a weight matrix whose gradient is Xᵀ·G with X a 0/1 matrix,
   * fused so the gradient is never stored. B = Xᵀ (features × rows of G) is given as
   * {@link BinaryBuckets}: for each weight row f in [0, features) the gradient row is the sum of the rows of G that B's row f
   * selects; for f = 2g + b,
   * {@code grad[c]} starts at +0 and adds {@code g[j][c]} for every entry {@code (j << 4) | p} of
   * group g with bit b of p set, in entry order; then
   * {@code w[f][c] = w[f][c] − lr·(grad[c] + weightDecay·w[f][c])} (the expression of
   * {@link #sgdUpdate}, no FMA; rows with no entry still decay). Every implementation produces these exact bits.
   */
  void binaryScatterSgd(int features, int cols, int[] bucketStart, int[] entries, float[] g, int gOff, int ldg,
                        float lr, float weightDecay, float[] w, int wOff, int ldw);

  /**
   * Back-propagation through a bias-free linear layer y = h·Wᵀ (W stored outputs×cols) and the ReLU
   * that produced h: {@code dh[r][c] = h[r][c] > 0 ? Σ_k dy[r][k]·w[k][c] : 0}, k ascending from 0.
   * Implementations may use FMA (results agree within rounding).
   */
  void reluLinearBackward(int rows, int cols, int outputs, float[] dy, int dyOff, int lddy,
                          float[] w, int wOff, int ldw, float[] h, int hOff, int ldh,
                          float[] dh, int dhOff, int lddh);

  /**
   * A linear layer with few outputs: {@code y[r][k] = Σ_c h[r][c]·w[k][c]} (W stored outputs×cols,
   * i.e. h·Wᵀ). Scalar order: c ascending from 0 in float; vector implementations use several
   * accumulators and FMA (results agree within rounding, fixed order for a given implementation).
   */
  void linearSmallOut(int rows, int outputs, int cols, float[] h, int hOff, int ldh,
                      float[] w, int wOff, int ldw, float[] y, int yOff, int ldy);

  /**
   * SGD step with weight decay for a small dense weight matrix W (outputs×cols) whose gradient is
   * dyᵀ·h (dy rows×outputs, h rows×cols), fused: {@code grad[k][c] = Σ_r dy[r][k]·h[r][c]} (r
   * ascending from 0), then {@code w[k][c] −= lr·(grad[k][c] + weightDecay·w[k][c])}.
   */
  void denseOuterSgd(int outputs, int cols, int rows, float[] dy, int dyOff, int lddy,
                     float[] h, int hOff, int ldh, float lr, float weightDecay, float[] w, int wOff, int ldw);

  /**
   * The backward pass through the output layer and its SGD step, fused: exactly
   * {@link #reluLinearBackward} (dh from dy, the old w and h) followed by {@link #denseOuterSgd}
   * (w −= lr·(dyᵀ·h + weightDecay·w)) on the same arguments; implementations may fuse them into one
   * pass over h.
   */
  void reluLinearBackwardSgd(int rows, int cols, int outputs, float[] dy, int dyOff, int lddy,
                             float[] h, int hOff, int ldh, float[] dh, int dhOff, int lddh,
                             float lr, float weightDecay, float[] w, int wOff, int ldw);
}
