package org.grokmeter.nn;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * The MLP's parameters as flat float arrays, laid out so that every hot loop runs along contiguous
 * memory:
 * <ul>
 *   <li>{@code w1}: (n + 1) × hidden, row j &lt; n = the weights leaving input j (the transpose of
 *       PyTorch's {@code fc1.weight}), so X·W1 for 0/1 inputs is a sum of whole rows; row n is the
 *       fc1 bias (the weight of a constant-1 input), so its gradient and update are those of one more
 *       input row that is active in every sample;</li>
 *   <li>{@code w2}: classes × hidden, PyTorch's {@code fc2.weight} layout (fc2 has no bias), so each
 *       logit is a contiguous dot product over the hidden units.</li>
 * </ul>
 */
public final class MlpParams {

  public final int inputSize;
  public final int hidden;
  public final int classes;
  public final float[] w1;
  public final float[] w2;

  public MlpParams(int inputSize, int hidden, int classes) {
    this.inputSize = inputSize;
    this.hidden = hidden;
    this.classes = classes;
    this.w1 = new float[(inputSize + 1) * hidden];
    this.w2 = new float[classes * hidden];
  }

  /**
   * SPEC §3 initialisation: Xavier-uniform weights U(−√(6/(fan_in+fan_out)), +√(6/(fan_in+fan_out)))
   * for both layers, PyTorch's default fc1 bias U(−1/√n, 1/√n). Draw order: w1 row by row, then b1,
   * then w2 row by row; each value is {@code bound·(2u − 1)} with u = nextDouble(), rounded to float.
   */
  public static MlpParams init(int inputSize, int hidden, int classes, UniformRandomProvider rng) {
    MlpParams p = new MlpParams(inputSize, hidden, classes);
    double bound1 = Math.sqrt(6.0 / (inputSize + hidden));
    int bias = p.biasOffset();
    for (int i = 0; i < bias; i++) {
      p.w1[i] = (float) (bound1 * (2.0 * rng.nextDouble() - 1.0));
    }
    double biasBound = 1.0 / Math.sqrt(inputSize);
    for (int i = 0; i < hidden; i++) {
      p.w1[bias + i] = (float) (biasBound * (2.0 * rng.nextDouble() - 1.0));
    }
    double bound2 = Math.sqrt(6.0 / (hidden + classes));
    for (int i = 0; i < p.w2.length; i++) {
      p.w2[i] = (float) (bound2 * (2.0 * rng.nextDouble() - 1.0));
    }
    return p;
  }

  public static MlpParams init(MlpConfig config, UniformRandomProvider rng) {
    return init(config.inputSize(), config.hidden(), config.classes(), rng);
  }

  /** Offset of the fc1 bias (row n) in {@link #w1}. */
  public int biasOffset() {
    return inputSize * hidden;
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
