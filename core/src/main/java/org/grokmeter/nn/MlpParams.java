package org.grokmeter.nn;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * The MLP's parameters as flat float arrays, laid out so that every hot loop runs along contiguous,
 * aligned memory:
 * <ul>
 *   <li>{@code w1}: (n + 1) rows of {@link #stride} floats, row j &lt; n = the weights leaving input j
 *       (the transpose of PyTorch's {@code fc1.weight}), so X·W1 for 0/1 inputs is a sum of whole
 *       rows; row n is the fc1 bias (the weight of a constant-1 input), so its gradient and update
 *       are those of one more input row that is active in every sample;</li>
 *   <li>{@code w2}: classes rows of {@link #stride} floats, PyTorch's {@code fc2.weight} layout (fc2
 *       has no bias), so each logit is a contiguous dot product over the hidden units.</li>
 * </ul>
 *
 * <p>Alignment: the data start at index {@link #OFFSET} and rows are {@link #stride} floats apart (a
 * multiple of 16), so with 64-byte object alignment ({@code -XX:ObjectAlignmentInBytes=64}, set
 * by the launcher and the benchmarks) and the usual 16-byte array header every row starts on a
 * cache line and no 512-bit load straddles two. Measured on Zen 4 (the binary-input forward kernel,
 * docs/kernels.md "The MLP's design choices, measured"): rows on 32-byte boundaries run 7% slower,
 * rows on 16-byte boundaries 35-50% slower. Without the flag nothing changes but the speed. The kernels run over
 * {@link #width} columns, the padding included.
 */
public final class MlpParams {

  /** Floats before the first element: 16-byte array header + 48 bytes = a 64-byte boundary. */
  public static final int OFFSET = 12;

  public final int inputSize;
  public final int hidden;
  public final int classes;
  /**
   * Columns the kernels process: hidden rounded up to {@link #WIDTH_MULTIPLE}. The padding columns
   * start at zero and stay exactly zero through training (zero weights and bias give h = relu(0) = 0,
   * so every gradient and update of a padding column is 0), so results over the first
   * {@code hidden} columns do not depend on them.
   */
  public final int width;
  /** Distance between rows of w1 and w2, in floats (see {@link #alignedStride}). */
  public final int stride;
  public final float[] w1;
  public final float[] w2;

  public MlpParams(int inputSize, int hidden, int classes) {
    this.inputSize = inputSize;
    this.hidden = hidden;
    this.classes = classes;
    this.width = paddedWidth(hidden);
    this.stride = alignedStride(width);
    this.w1 = new float[OFFSET + (inputSize + 1) * stride];
    this.w2 = new float[OFFSET + classes * stride];
  }

  /**
   * Padded width multiple: the kernels' column block (4 vectors of 16 floats at 512 bits, two
   * blocks at 256 bits), so the hot loops never run a partial block or a scalar tail. At the paper's
   * 1000 hidden units that is 2.4% more columns and three fewer passes over the batch per kernel call.
   */
  public static final int WIDTH_MULTIPLE = 64;

  /** hidden rounded up to {@link #WIDTH_MULTIPLE}. */
  public static int paddedWidth(int hidden) {
    return (hidden + WIDTH_MULTIPLE - 1) / WIDTH_MULTIPLE * WIDTH_MULTIPLE;
  }

  /**
   * A row length rounded up to 16 floats (64 bytes), plus 16 when that is a multiple of 4 KiB: rows
   * exactly 4 KiB apart would map a column block of all rows onto the same L1 sets.
   */
  public static int alignedStride(int cols) {
    int s = (cols + 15) & ~15;
    return s % 1024 == 0 ? s + 16 : s;
  }

  /**
   * The paper's initialisation (docs/method.md, setting 2): Xavier-uniform weights U(−√(6/(fan_in+fan_out)), +√(6/(fan_in+fan_out)))
   * for both layers, PyTorch's default fc1 bias U(−1/√n, 1/√n). Draw order: w1 row by row, then b1,
   * then w2 row by row; each value is {@code bound·(2u − 1)} with u = nextDouble(), rounded to float.
   */
  public static MlpParams init(int inputSize, int hidden, int classes, UniformRandomProvider rng) {
    MlpParams p = new MlpParams(inputSize, hidden, classes);
    double bound1 = Math.sqrt(6.0 / (inputSize + hidden));
    for (int j = 0; j < inputSize; j++) {
      for (int c = 0; c < hidden; c++) {
        p.w1[p.w1Index(j, c)] = (float) (bound1 * (2.0 * rng.nextDouble() - 1.0));
      }
    }
    double biasBound = 1.0 / Math.sqrt(inputSize);
    for (int c = 0; c < hidden; c++) {
      p.w1[p.biasOffset() + c] = (float) (biasBound * (2.0 * rng.nextDouble() - 1.0));
    }
    double bound2 = Math.sqrt(6.0 / (hidden + classes));
    for (int k = 0; k < classes; k++) {
      for (int c = 0; c < hidden; c++) {
        p.w2[p.w2Index(k, c)] = (float) (bound2 * (2.0 * rng.nextDouble() - 1.0));
      }
    }
    return p;
  }

  public static MlpParams init(MlpConfig config, UniformRandomProvider rng) {
    return init(config.inputSize(), config.hidden(), config.classes(), rng);
  }

  /** Index in {@link #w1} of the weight from input j to hidden unit c (j = n is the bias row). */
  public int w1Index(int j, int c) {
    return OFFSET + j * stride + c;
  }

  /** Index in {@link #w2} of the weight from hidden unit c to class k. */
  public int w2Index(int k, int c) {
    return OFFSET + k * stride + c;
  }

  /** Offset of the fc1 bias (row n) in {@link #w1}. */
  public int biasOffset() {
    return w1Index(inputSize, 0);
  }

  /** fc1 bias entry c. */
  public float b1(int c) {
    return w1[biasOffset() + c];
  }

  public MlpParams copy() {
    MlpParams p = new MlpParams(inputSize, hidden, classes);
    System.arraycopy(w1, 0, p.w1, 0, w1.length);
    System.arraycopy(w2, 0, p.w2, 0, w2.length);
    return p;
  }
}
