package org.grokmeter.kernels;

/**
 * The kernels grokmeter runs, one implementation per process ({@link Kernels#IMPL}): the dense
 * float64 kernels of the linear teacher–student model, the fitter's erf pass ({@link #erfSums}), and
 * the float32 kernels of the concealed-parity MLP. Nothing else: a kernel joins this interface when
 * production code calls it.
 *
 * <p>All matrices are row-major, addressed by an array, an offset and a leading dimension (the
 * distance between the starts of two consecutive rows). Dimensions are explicit and may be zero.
 *
 * <p>{@link ScalarKernels} is the specification: plain loops with a documented summation order.
 * The Panama implementation agrees with it bit for bit where a contract below says so, and
 * otherwise within rounding: it may sum in a different order (several accumulators, FMA), never to a
 * different result beyond that. {@link SelfCheck} compares the two on every kernel listed here.
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

  // ================================================================ the linear model, float64
  // GEMM follows the BLAS convention C = alpha·op(A)·op(B) + beta·C; when beta == 0 the previous
  // contents of C are ignored (even NaN), so callers need not clear C first.

  /** C[m×n] = alpha·A·B + beta·C with A m×k (lda), B k×n (ldb). */
  void gemm(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
            double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);

  /** C[m×n] = alpha·Aᵀ·B + beta·C with A stored k×m (lda), B k×n (ldb). */
  void gemmTN(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
              double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);

  /** C[m×n] = alpha·A·Bᵀ + beta·C with A m×k (lda), B stored n×k (ldb). */
  void gemmNT(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
              double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);

  /** y += alpha·x. */
  void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff);

  /** x *= alpha (exact per element: every implementation gives the same bits). */
  void scale(int n, double alpha, double[] x, int xOff);

  /** Σ x[i]·y[i]. */
  double dot(int n, double[] x, int xOff, double[] y, int yOff);

  /** Σ x[i]². */
  double sumOfSquares(int n, double[] x, int xOff);

  // ================================================================ the fitter

  /** The fitter's pass for the paper's erf model, from the same implementation family. */
  ErfSums erfSums();

  // ================================================================ the MLP, float32
  // The inputs are 0/1, so X·W is a sum of the selected rows of W and Xᵀ·G a sum of selected rows of
  // G: exact, without a single multiply. The 0/1 matrix is given in the grouped form of
  // BinaryBuckets (output rows in groups of BinaryBuckets.GROUP = 3, each input listed once per group
  // with the pattern of the rows that select it), so that a kernel loads each selected row once for
  // all the rows of its group that select it. Both binary kernels' results are exact functions of
  // that form: every element is summed in the order of the entries, and fma(x, 1, acc) rounds exactly
  // like acc + x, so implementations may use either and still produce the same bits.

  /**
   * Binary linear layer with bias and ReLU: out = relu(B·W + bias) with B (rows × inputs) given as
   * {@link BinaryBuckets} ({@code bucketStart}, {@code entries}). For output row r = 3g + b
   * (b &lt; {@link BinaryBuckets#GROUP}), {@code out[r][c] = max(0, acc + bias[c])} where acc starts
   * at +0 and adds {@code w[j][c]} for every entry {@code (j << 4) | p} of group g with bit b of p
   * set, in entry order; the bias is added last. Every implementation produces these exact bits
   * ("z &gt; 0 ? z : 0": NaN and −0 give +0).
   */
  void binaryLinearRelu(int rows, int cols, int[] bucketStart, int[] entries,
                        float[] w, int wOff, int ldw, float[] bias, int biasOff, float[] out, int outOff, int ldo);

  /**
   * A linear layer with few outputs (the logits): {@code y[r][k] = Σ_c h[r][c]·w[k][c]} (W stored
   * outputs×cols, i.e. h·Wᵀ). Scalar order: c ascending from 0 in float; vector implementations use
   * several accumulators and FMA (results agree within rounding, fixed order for a given
   * implementation).
   */
  void linearSmallOut(int rows, int outputs, int cols, float[] h, int hOff, int ldh,
                      float[] w, int wOff, int ldw, float[] y, int yOff, int ldy);

  /**
   * Row-wise softmax cross-entropy. Returns Σ_rows −log softmax(logits)[label] (a sum, in double);
   * when {@code grad} is non-null writes grad = gradScale·(softmax − onehot(label)) (for a mean
   * loss over a batch of B rows pass gradScale = 1/B). grad may alias logits. Computed in double;
   * implementations may use a different but equivalent formula (results agree within rounding).
   */
  double softmaxCrossEntropy(int rows, int cols, float[] logits, int lOff, int ldl,
                             int[] labels, int labelsOff, float[] grad, int gOff, int ldg, float gradScale);

  /** Number of rows whose argmax (first maximum on ties) equals the label; the same in every implementation. */
  int countCorrect(int rows, int cols, float[] logits, int lOff, int ldl, int[] labels, int labelsOff);

  /**
   * The backward pass through the output layer y = h·Wᵀ (W stored outputs×cols, no bias) and the
   * ReLU that produced h, then that layer's SGD step, all from the old W:
   * {@code dh[r][c] = h[r][c] > 0 ? Σ_k dy[r][k]·w[k][c] : 0} (k ascending from 0), then
   * {@code w[k][c] −= lr·(Σ_r dy[r][k]·h[r][c] + weightDecay·w[k][c])} (r ascending from 0).
   * Implementations may use FMA and fuse both into one pass over h (results agree within rounding;
   * a masked dh is exactly +0).
   */
  void reluLinearBackwardSgd(int rows, int cols, int outputs, float[] dy, int dyOff, int lddy,
                             float[] h, int hOff, int ldh, float[] dh, int dhOff, int lddh,
                             float lr, float weightDecay, float[] w, int wOff, int ldw);

  /**
   * SGD step with weight decay for a weight matrix whose gradient is Xᵀ·G with X a 0/1 matrix,
   * fused so the gradient is never stored. B = Xᵀ (features × rows of G) is given as
   * {@link BinaryBuckets}: for weight row f = 3g + b, {@code grad[c]} starts at +0 and adds
   * {@code g[j][c]} for every entry {@code (j << 4) | p} of group g with bit b of p set, in entry
   * order; then {@code w[f][c] = w[f][c] − lr·(grad[c] + weightDecay·w[f][c])} (no FMA; rows with no
   * entry still decay). Every implementation produces these exact bits.
   */
  void binaryScatterSgd(int features, int cols, int[] bucketStart, int[] entries, float[] g, int gOff, int ldg,
                        float lr, float weightDecay, float[] w, int wOff, int ldw);
}
