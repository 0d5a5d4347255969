package org.grokmeter.nn;

/**
 * Per-epoch metrics of one run (docs/method.md, setting 2), as primitive arrays indexed by epoch 0..N−1.
 *
 * <p>Training accuracy and loss: the mean over the epoch's batches of the per-batch values measured
 * on each batch's forward pass before its update (the authors' convention; the short last batch
 * weighs as much as a full one). Validation accuracy and loss: exact per-sample means over the
 * held-out samples after the epoch.
 */
public record TrainingCurves(double[] trainAcc, double[] valAcc, double[] trainLoss, double[] valLoss) {

  public static TrainingCurves ofLength(int epochs) {
    return new TrainingCurves(new double[epochs], new double[epochs], new double[epochs], new double[epochs]);
  }

  public int epochs() {
    return trainAcc.length;
  }

  /** The epoch index as a double time axis (t = epoch index, as the paper fits). */
  public double[] epochAxis() {
    double[] t = new double[trainAcc.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = i;
    }
    return t;
  }
}
