package org.grokmeter.data;

import org.apache.commons.rng.JumpableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The concealed-parity task of Miller, O'Neill &amp; Bui (docs/method.md, setting 2): k = 3 uniform parity bits
 * b₁..b₃ padded with uniform random bits to the input size n; label 0 when Π(2bᵢ − 1) = −1, else 1;
 * a random split into training and validation samples.
 *
 * <p>The inputs are 0/1, so besides the dense matrix the data set keeps, per sample, the ascending
 * list of its active (=1) inputs (CSR: {@link #rowStart()}, {@link #activeIdx()}); the MLP's first
 * layer sums the selected weight rows instead of multiplying by zeros and ones.
 *
 * <p>Randomness: everything comes from one seed through Commons RNG's
 * {@code RandomSource.XO_RO_SHI_RO_128_PP} (xoroshiro128++), seeded with the run's seed (a
 * {@code long}, expanded to the native 128-bit state by Commons RNG's documented SplitMix64
 * conversion). Independent streams for the data, the weight initialisation and the batch
 * shuffling are the generator's {@code jump()} sub-streams (2⁶⁴ draws apart), see {@link Streams}.
 * Unlike the authors' code, the concealment bits are drawn independently of the parity bits (the
 * re-seeding quirk described in docs/method.md is not reproduced).
 */
public final class ConcealedParity {

  /** The paper's task: 3 parity bits. */
  public static final int PARITY_BITS = 3;

  private final int inputSize;
  private final int samples;
  private final byte[] bits;
  private final int[] labels;
  private final int[] rowStart;
  private final int[] activeIdx;
  private final int[] trainSamples;
  private final int[] validationSamples;

  private ConcealedParity(int inputSize, byte[] bits, int[] labels, int[] trainSamples, int[] validationSamples) {
    this.inputSize = inputSize;
    this.samples = labels.length;
    this.bits = bits;
    this.labels = labels;
    this.trainSamples = trainSamples;
    this.validationSamples = validationSamples;
    this.rowStart = new int[samples + 1];
    int ones = 0;
    for (byte b : bits) {
      ones += b;
    }
    this.activeIdx = new int[ones];
    int p = 0;
    for (int s = 0; s < samples; s++) {
      rowStart[s] = p;
      for (int j = 0; j < inputSize; j++) {
        if (bits[s * inputSize + j] != 0) {
          activeIdx[p++] = j;
        }
      }
    }
    rowStart[samples] = p;
  }

  /** The three seeded random streams of one run, all derived from one seed. */
  public record Streams(UniformRandomProvider data, UniformRandomProvider init, UniformRandomProvider shuffle) {

    /** xoroshiro128++ seeded with {@code seed}; data, init and shuffle are successive jump() copies. */
    public static Streams of(long seed) {
      JumpableUniformRandomProvider master =
          (JumpableUniformRandomProvider) RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
      UniformRandomProvider data = master.jump();
      UniformRandomProvider init = master.jump();
      UniformRandomProvider shuffle = master.jump();
      return new Streams(data, init, shuffle);
    }
  }

  /**
   * Draws {@code samples} samples of input size {@code inputSize} and splits them randomly into
   * {@code trainSize} training and the rest validation samples (paper: 1000 samples, 750 / 250).
   */
  public static ConcealedParity generate(int inputSize, int samples, int trainSize, UniformRandomProvider rng) {
    if (inputSize < PARITY_BITS) {
      throw new IllegalArgumentException("input size " + inputSize + " is below the " + PARITY_BITS + " parity bits");
    }
    if (samples < 2 || trainSize < 1 || trainSize >= samples) {
      throw new IllegalArgumentException("need 1 <= trainSize < samples, got trainSize " + trainSize
          + " of " + samples + " samples");
    }
    byte[] bits = new byte[samples * inputSize];
    int[] labels = new int[samples];
    for (int s = 0; s < samples; s++) {
      int zeros = 0;
      for (int j = 0; j < inputSize; j++) {
        byte b = (byte) (rng.nextBoolean() ? 1 : 0);
        bits[s * inputSize + j] = b;
        if (j < PARITY_BITS && b == 0) {
          zeros++;
        }
      }
      // Π(2bᵢ − 1) = (−1)^(number of zero bits): −1 (class 0) when that number is odd.
      labels[s] = (zeros & 1) == 1 ? 0 : 1;
    }
    int[] perm = new int[samples];
    for (int i = 0; i < samples; i++) {
      perm[i] = i;
    }
    shuffle(perm, 0, samples, rng);
    int[] train = java.util.Arrays.copyOfRange(perm, 0, trainSize);
    int[] val = java.util.Arrays.copyOfRange(perm, trainSize, samples);
    return new ConcealedParity(inputSize, bits, labels, train, val);
  }

  /** The paper's data set: 1000 samples, 750 training, 250 validation. */
  public static ConcealedParity paper(int inputSize, UniformRandomProvider rng) {
    return generate(inputSize, 1000, 750, rng);
  }

  /** Fisher–Yates shuffle of a[from, to) (no allocation; used every epoch). */
  public static void shuffle(int[] a, int from, int to, UniformRandomProvider rng) {
    for (int i = to - 1; i > from; i--) {
      int j = from + rng.nextInt(i - from + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  public int inputSize() {
    return inputSize;
  }

  public int samples() {
    return samples;
  }

  /** Input bit j of sample s (0 or 1). */
  public int bit(int s, int j) {
    return bits[s * inputSize + j];
  }

  public int label(int s) {
    return labels[s];
  }

  /** Labels of all samples (shared, do not modify). */
  public int[] labels() {
    return labels;
  }

  /** CSR row pointers into {@link #activeIdx()}: sample s's active inputs are [rowStart[s], rowStart[s+1]). */
  public int[] rowStart() {
    return rowStart;
  }

  /** Active input indices of all samples, ascending within each sample (shared, do not modify). */
  public int[] activeIdx() {
    return activeIdx;
  }

  /** Sample ids of the training split, in the order drawn (a copy). */
  public int[] trainSamples() {
    return trainSamples.clone();
  }

  /** Sample ids of the validation split (a copy). */
  public int[] validationSamples() {
    return validationSamples.clone();
  }

  public int trainSize() {
    return trainSamples.length;
  }

  public int validationSize() {
    return validationSamples.length;
  }

  /** The dense input matrix of the given samples as doubles (for the reference implementation and tests). */
  public double[][] denseInputs(int[] sampleIds) {
    double[][] x = new double[sampleIds.length][inputSize];
    for (int i = 0; i < sampleIds.length; i++) {
      for (int j = 0; j < inputSize; j++) {
        x[i][j] = bits[sampleIds[i] * inputSize + j];
      }
    }
    return x;
  }
}
