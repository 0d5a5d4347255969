package org.grokmeter.kernels;

import java.util.SplittableRandom;

/**
 * One training step's kernel inputs at the paper's shapes as the trainer lays them out: a batch of 32
 * rows, n binary inputs, 1000 hidden units padded to 1024 columns with rows 1040 floats apart, 2
 * classes; random weights and labels from a fixed seed. JMH's {@code KernelBench} and
 * {@code grokmeter info --speed} time the kernels on this same data, so their numbers can be compared.
 */
public final class MlpStepData {

  public static final int BATCH = 32;
  public static final int WIDTH = 1024;
  public static final int STRIDE = 1040;
  public static final int CLASSES = 2;
  /** The learning rate of the timed SGD kernels: tiny, so the weights stay put however many calls run. */
  public static final float LEARNING_RATE = 1e-9f;
  public static final float WEIGHT_DECAY = 1e-2f;

  public final int inputSize;
  /** Selected (row, input) pairs of the batch: the additions per column of the forward layer. */
  public final long selected;
  public final int[] fwdStart;
  public final int[] fwdEntries;
  public final int[] bwdStart;
  public final int[] bwdEntries;
  /** [W1; b1]: inputSize + 1 rows of STRIDE floats. */
  public final float[] w1;
  public final float[] w2;
  public final float[] h;
  public final float[] dh;
  public final float[] logits;
  public final float[] dlogits;
  public final int[] labels;

  /** The data for {@code inputSize} inputs (at most 64) from {@code seed}. */
  public MlpStepData(int inputSize, long seed) {
    if (inputSize < 1 || inputSize > 64) {
      throw new IllegalArgumentException("inputSize must be in 1..64, not " + inputSize);
    }
    int n = inputSize;
    this.inputSize = n;
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] rowBits = new long[BATCH];
    long[] featBits = new long[n + 1];
    long count = 0;
    for (int r = 0; r < BATCH; r++) {
      for (int j = 0; j < n; j++) {
        if (rnd.nextBoolean()) {
          rowBits[r] |= 1L << j;
          featBits[j] |= 1L << r;
          count++;
        }
      }
      featBits[n] |= 1L << r;
    }
    selected = count;
    fwdStart = new int[BinaryBuckets.PATTERNS * BinaryBuckets.groups(BATCH) + 1];
    fwdEntries = new int[BinaryBuckets.groups(BATCH) * n];
    BinaryBuckets.build(BATCH, rowBits, 0, 1, fwdStart, fwdEntries);
    bwdStart = new int[BinaryBuckets.PATTERNS * BinaryBuckets.groups(n + 1) + 1];
    bwdEntries = new int[BinaryBuckets.groups(n + 1) * BATCH];
    BinaryBuckets.build(n + 1, featBits, 0, 1, bwdStart, bwdEntries);
    w1 = floats(rnd, (n + 1) * STRIDE);
    w2 = floats(rnd, CLASSES * STRIDE);
    h = new float[BATCH * STRIDE];
    dh = new float[BATCH * STRIDE];
    logits = new float[BATCH * CLASSES];
    dlogits = new float[BATCH * CLASSES];
    labels = new int[BATCH];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rnd.nextInt(CLASSES);
    }
    // realistic inputs for the later kernels: this batch's h (about half zero), logits and dlogits
    ScalarKernels ref = ScalarKernels.INSTANCE;
    ref.binaryLinearRelu(BATCH, WIDTH, fwdStart, fwdEntries, w1, 0, STRIDE, w1, n * STRIDE, h, 0, STRIDE);
    ref.linearSmallOut(BATCH, CLASSES, WIDTH, h, 0, STRIDE, w2, 0, STRIDE, logits, 0, CLASSES);
    ref.softmaxCrossEntropy(BATCH, CLASSES, logits, 0, CLASSES, labels, 0, dlogits, 0, CLASSES, 1f / BATCH);
  }

  /** Forward layer h = relu(X·W1 + b1). */
  public void binaryLinearRelu(KernelSupport ks) {
    ks.binaryLinearRelu(BATCH, WIDTH, fwdStart, fwdEntries, w1, 0, STRIDE, w1, inputSize * STRIDE, h, 0, STRIDE);
  }

  /** Logits h·W2ᵀ. */
  public void linearSmallOut(KernelSupport ks) {
    ks.linearSmallOut(BATCH, CLASSES, WIDTH, h, 0, STRIDE, w2, 0, STRIDE, logits, 0, CLASSES);
  }

  /** Softmax cross-entropy with its gradient into dlogits; returns the summed loss. */
  public double softmaxCrossEntropy(KernelSupport ks) {
    return ks.softmaxCrossEntropy(BATCH, CLASSES, logits, 0, CLASSES, labels, 0, dlogits, 0, CLASSES, 1f / BATCH);
  }

  /** Correct predictions of the batch. */
  public int countCorrect(KernelSupport ks) {
    return ks.countCorrect(BATCH, CLASSES, logits, 0, CLASSES, labels, 0);
  }

  /** dh through fc2 and the ReLU, and fc2's SGD step, fused. */
  public void reluLinearBackwardSgd(KernelSupport ks) {
    ks.reluLinearBackwardSgd(BATCH, WIDTH, CLASSES, dlogits, 0, CLASSES, h, 0, STRIDE, dh, 0, STRIDE,
        LEARNING_RATE, WEIGHT_DECAY, w2, 0, STRIDE);
  }

  /** fc1's SGD step: Xᵀ·dh scattered into [W1; b1] with weight decay, fused. */
  public void binaryScatterSgd(KernelSupport ks) {
    ks.binaryScatterSgd(inputSize + 1, WIDTH, bwdStart, bwdEntries, dh, 0, STRIDE, LEARNING_RATE, WEIGHT_DECAY,
        w1, 0, STRIDE);
  }

  private static float[] floats(SplittableRandom rnd, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return x;
  }
}
