package org.grokmeter.nn;

/**
 * Settings of one concealed-parity MLP run (docs/method.md, setting 2). {@link #paper(int)} gives the paper's values:
 * hidden width 1000, 2 classes, batch 32, SGD lr 1e-2, weight decay 1e-2, 3000 epochs, 1000 samples
 * split 750 / 250.
 */
public record MlpConfig(int inputSize, int hidden, int classes, int batch, float lr, float weightDecay,
                        int epochs, int samples, int trainSize) {

  /** The paper's data: 1000 samples, 750 of them for training and the rest for validation. */
  public static final int PAPER_SAMPLES = 1000;
  public static final int PAPER_TRAIN_SIZE = 750;

  public MlpConfig {
    if (inputSize < 3) {
      throw new IllegalArgumentException("input size must be at least 3 (the parity bits), got " + inputSize);
    }
    if (hidden < 1 || classes < 2 || batch < 1 || epochs < 0) {
      throw new IllegalArgumentException("need hidden >= 1, classes >= 2, batch >= 1, epochs >= 0; got hidden "
          + hidden + ", classes " + classes + ", batch " + batch + ", epochs " + epochs);
    }
    if (!(lr > 0f) || !(weightDecay >= 0f) || Float.isInfinite(lr) || Float.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("need lr > 0 and weight decay >= 0 (finite), got lr " + lr
          + ", weight decay " + weightDecay);
    }
    if (trainSize < 1 || trainSize >= samples) {
      throw new IllegalArgumentException("need 1 <= train size < samples, got " + trainSize + " of " + samples);
    }
  }

  /** The paper's settings for the given input size. */
  public static MlpConfig paper(int inputSize) {
    return new MlpConfig(inputSize, 1000, 2, 32, 0.01f, 0.01f, 3000, PAPER_SAMPLES, PAPER_TRAIN_SIZE);
  }

  public MlpConfig withEpochs(int newEpochs) {
    return new MlpConfig(inputSize, hidden, classes, batch, lr, weightDecay, newEpochs, samples, trainSize);
  }

  public MlpConfig withHidden(int newHidden) {
    return new MlpConfig(inputSize, newHidden, classes, batch, lr, weightDecay, epochs, samples, trainSize);
  }

  public MlpConfig withLr(float newLr) {
    return new MlpConfig(inputSize, hidden, classes, batch, newLr, weightDecay, epochs, samples, trainSize);
  }

  public MlpConfig withWeightDecay(float newWeightDecay) {
    return new MlpConfig(inputSize, hidden, classes, batch, lr, newWeightDecay, epochs, samples, trainSize);
  }

  public MlpConfig withBatch(int newBatch) {
    return new MlpConfig(inputSize, hidden, classes, newBatch, lr, weightDecay, epochs, samples, trainSize);
  }

  /** Number of SGD steps per epoch: the last partial batch is kept. */
  public int batchesPerEpoch() {
    return (trainSize + batch - 1) / batch;
  }
}
