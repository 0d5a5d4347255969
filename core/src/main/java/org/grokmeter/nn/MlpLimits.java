package org.grokmeter.nn;

import org.grokmeter.Limits;
import org.grokmeter.kernels.BinaryBuckets;

/**
 * What one MLP run allocates, from its configuration alone, so that a configuration that cannot run
 * on this JVM is refused before anything is allocated (see {@link Limits}). The sizes mirror the
 * allocations of {@link MlpParams}, {@link MlpTrainer} and {@code ConcealedParity}; the curves term
 * covers the four per-epoch curves, the time axis and the fitter's working arrays.
 * Keys are the sweep-file keys of the MLP experiment.
 */
public final class MlpLimits {

  /** Bytes per epoch: 4 curves + the time axis + the epoch column + two fits' working arrays. */
  static final double BYTES_PER_EPOCH = 8 * 24;

  private MlpLimits() {}

  /**
   * Refuses a configuration whose arrays Java cannot index or whose run does not fit in the heap,
   * naming the key that makes it too large.
   */
  public static void check(MlpConfig c) {
    footprint(c, true);
  }

  /** About how many bytes one run allocates at its peak (the configuration must pass {@link #check}). */
  public static long heapBytes(MlpConfig c) {
    return (long) Math.min(Long.MAX_VALUE, footprint(c, false));
  }

  /** The bytes one run allocates; with {@code refuse}, refused when they or an array do not fit. */
  private static double footprint(MlpConfig c, boolean refuse) {
    double n = c.inputSize();
    double samples = c.samples();
    double b = c.batch();
    double stride = stride(c.hidden());
    double words = Math.ceil(n / 64);
    double batchWords = Math.ceil(b / 64);
    double groupsB = Math.ceil(b / BinaryBuckets.GROUP);
    double groupsN = Math.ceil((n + 1) / BinaryBuckets.GROUP);

    if (refuse) {
      checkArrays(c, n, samples, b, stride, words, batchWords, groupsB, groupsN);
    }
    double weights = 4 * (n + 1 + c.classes()) * stride;
    double workspace = 8 * b * stride + 12 * b * c.classes() + 8 * (samples * words + b * words + (n + 1) * batchWords)
        + 4 * (BinaryBuckets.PATTERNS * (groupsB + groupsN) + groupsB * n + groupsN * b);
    double data = 5 * samples * n + 16 * samples;
    double curves = BYTES_PER_EPOCH * c.epochs();
    double total = weights + workspace + data + curves;
    if (!refuse) {
      return total;
    }
    String inputKey = "input_sizes";
    String key;
    String what;
    if (weights >= workspace && weights >= data && weights >= curves) {
      key = c.hidden() >= n ? "hidden" : inputKey;
      what = "the weights of one run (hidden " + c.hidden() + " x input_size " + c.inputSize() + ")";
    } else if (workspace >= data && workspace >= curves) {
      key = b * stride >= samples * words ? "batch" : inputKey;
      what = "the workspace of one run (batch " + c.batch() + " x hidden " + c.hidden() + ")";
    } else if (data >= curves) {
      key = inputKey;
      what = "the data of one run (" + c.samples() + " samples x input_size " + c.inputSize() + ")";
    } else {
      key = "epochs";
      what = "the curves and fits of one run (" + c.epochs() + " epochs)";
    }
    Limits.checkHeap(key, what + " with everything else it allocates", total);
    return total;
  }

  private static void checkArrays(MlpConfig c, double n, double samples, double b, double stride, double words,
      double batchWords, double groupsB, double groupsN) {
    String inputKey = "input_sizes";
    Limits.checkArray(c.hidden() >= n ? "hidden" : inputKey, "(input_size + 1) x padded hidden weights", (n + 1) * stride);
    Limits.checkArray(c.hidden() >= b ? "hidden" : "batch", "batch x padded hidden activations", b * stride);
    Limits.checkArray(inputKey, "samples x input_size input bits", samples * n);
    Limits.checkArray(inputKey, "samples x input words", samples * words);
    Limits.checkArray("batch", "batch x input words", b * words);
    Limits.checkArray(inputKey, "(input_size + 1) x batch words", (n + 1) * batchWords);
    Limits.checkArray("batch", "batch groups x input_size entries", groupsB * n);
    Limits.checkArray(inputKey, "input groups x batch entries", groupsN * b);
    Limits.checkArray("batch", "batch x classes logits", b * c.classes());
    Limits.checkArray("epochs", "one curve value per epoch", c.epochs());
  }

  /** {@link MlpParams#alignedStride} of {@link MlpParams#paddedWidth}, without int overflow. */
  static double stride(int hidden) {
    double width = Math.ceil(hidden / (double) MlpParams.WIDTH_MULTIPLE) * MlpParams.WIDTH_MULTIPLE;
    double s = Math.ceil(width / 16) * 16;
    return s % 1024 == 0 ? s + 16 : s;
  }
}
