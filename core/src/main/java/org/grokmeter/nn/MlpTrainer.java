package org.grokmeter.nn;

import java.util.function.IntConsumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.grokmeter.data.ConcealedParity;
import org.grokmeter.kernels.BinaryBuckets;
import org.grokmeter.kernels.KernelSupport;
import org.grokmeter.kernels.Kernels;

/**
 * Trains the concealed-parity MLP (docs/method.md, setting 2) in float32 on the SIMD kernels: fc1 (n → hidden, bias,
 * ReLU), fc2 (hidden → classes, no bias), softmax cross-entropy averaged over the batch, plain SGD
 * with weight decay on every parameter (g + wd·w), batches reshuffled every epoch with the last
 * partial batch kept.
 *
 * <p>Everything the epoch loop touches is allocated here, once: after construction,
 * {@link #trainEpoch()} and {@link #evaluate()} allocate nothing. One trainer is one single-threaded
 * run; runs are parallelised by the caller, so results never depend on the thread count.
 *
 * <p>One SGD step, all gradients taken at the pre-update parameters:
 * <ol>
 *   <li>h = relu(X·W1 + b1): the sum of the selected rows of W1 (inputs are 0/1);</li>
 *   <li>logits = h·W2ᵀ; loss, accuracy and dlogits = (softmax − onehot)/B;</li>
 *   <li>dh = (dlogits·W2) ⊙ [h &gt; 0] (with the old W2);</li>
 *   <li>W2 −= lr·(dlogitsᵀ·h + wd·W2), fused;</li>
 *   <li>W1 −= lr·(Xᵀ·dh + wd·W1) and b1 −= lr·(Σ_rows dh + wd·b1), fused as one scatter-add of dh
 *       rows into the selected rows of [W1; b1ᵀ] (the bias row is selected by every row).</li>
 * </ol>
 * Both binary products take X (forward) and Xᵀ (backward) in the grouped form of
 * {@link BinaryBuckets}, built per batch from bit sets: the sums run in its order.
 */
public final class MlpTrainer {

  private final ConcealedParity data;
  private final MlpConfig config;
  private final MlpParams params;
  private final UniformRandomProvider shuffleRng;
  private final KernelSupport k;

  private final int n;
  /** Columns the kernels run over: hidden padded (MlpParams.width); the padding stays zero. */
  private final int width;
  private final int classes;
  private final int[] labels;

  /** Row stride of w1, w2, h and dh (aligned, see MlpParams); w1 and w2 data offsets. */
  private final int ld;
  private final int w1;
  private final int w2;

  // ---- workspace (allocated once; h and dh rows aligned like the parameters)
  private final int[] trainOrder;
  private final int[] validation;
  private final float[] h;
  private final float[] dh;
  private final float[] logits;
  private final float[] dlogits;
  private final int[] batchLabels;
  /** Each sample's inputs as a bit set (bit j: input j is 1), {@code words} longs per sample. */
  private final long[] sampleBits;
  private final int words;
  /** The batch's rows as bit sets (forward) and each input's batch rows as bit sets (backward). */
  private final long[] rowBits;
  private final long[] featBits;
  private final int batchWords;
  /** X of the batch (forward) and Xᵀ with the bias row (backward) in BinaryBuckets form. */
  private final int[] fwdStart;
  private final int[] fwdEntries;
  private final int[] bwdStart;
  private final int[] bwdEntries;

  // ---- metrics of the last epoch
  private double lastTrainAcc;
  private double lastTrainLoss;
  private double lastValAcc;
  private double lastValLoss;

  public MlpTrainer(ConcealedParity data, MlpConfig config, MlpParams params, UniformRandomProvider shuffleRng) {
    this(data, config, params, shuffleRng, Kernels.IMPL);
  }

  public MlpTrainer(ConcealedParity data, MlpConfig config, MlpParams params, UniformRandomProvider shuffleRng,
                    KernelSupport kernels) {
    if (data.inputSize() != config.inputSize() || params.inputSize != config.inputSize()
        || params.hidden != config.hidden() || params.classes != config.classes()) {
      throw new IllegalArgumentException("data, config and parameters disagree on the shape");
    }
    this.data = data;
    this.config = config;
    this.params = params;
    this.shuffleRng = shuffleRng;
    this.k = kernels;
    this.n = config.inputSize();
    this.width = params.width;
    this.classes = config.classes();
    this.labels = data.labels();
    this.trainOrder = data.trainSamples();
    this.validation = data.validationSamples();
    int b = config.batch();
    this.ld = params.stride;
    this.w1 = MlpParams.OFFSET;
    this.w2 = MlpParams.OFFSET;
    this.h = new float[MlpParams.OFFSET + b * ld];
    this.dh = new float[MlpParams.OFFSET + b * ld];
    this.logits = new float[b * classes];
    this.dlogits = new float[b * classes];
    this.batchLabels = new int[b];
    this.words = (n + 63) >>> 6;
    int[] rowStart = data.rowStart();
    int[] activeIdx = data.activeIdx();
    int samples = rowStart.length - 1;
    this.sampleBits = new long[samples * words];
    for (int s = 0; s < samples; s++) {
      for (int q = rowStart[s]; q < rowStart[s + 1]; q++) {
        sampleBits[s * words + (activeIdx[q] >>> 6)] |= 1L << activeIdx[q];
      }
    }
    this.batchWords = (b + 63) >>> 6;
    this.rowBits = new long[b * words];
    this.featBits = new long[(n + 1) * batchWords];
    this.fwdStart = new int[BinaryBuckets.PATTERNS * BinaryBuckets.groups(b) + 1];
    this.fwdEntries = new int[BinaryBuckets.groups(b) * n];
    this.bwdStart = new int[BinaryBuckets.PATTERNS * BinaryBuckets.groups(n + 1) + 1];
    this.bwdEntries = new int[BinaryBuckets.groups(n + 1) * b];
  }

  /**
   * A complete run: data from {@code Streams.data}, weights from {@code Streams.init}, batch order
   * from {@code Streams.shuffle}, all derived from {@code seed}. {@code afterEpoch} (may be null) is
   * called with the epoch index after each epoch.
   */
  public static TrainingCurves run(MlpConfig config, long seed, IntConsumer afterEpoch) {
    return run(config, seed, afterEpoch, Kernels.IMPL);
  }

  public static TrainingCurves run(MlpConfig config, long seed, IntConsumer afterEpoch, KernelSupport kernels) {
    ConcealedParity.Streams streams = ConcealedParity.Streams.of(seed);
    ConcealedParity data = ConcealedParity.generate(config.inputSize(), config.samples(), config.trainSize(),
        streams.data());
    MlpParams params = MlpParams.init(config, streams.init());
    return new MlpTrainer(data, config, params, streams.shuffle(), kernels).train(afterEpoch);
  }

  /** Trains for {@code config.epochs()} epochs and returns the curves. */
  public TrainingCurves train(IntConsumer afterEpoch) {
    TrainingCurves curves = TrainingCurves.ofLength(config.epochs());
    for (int e = 0; e < config.epochs(); e++) {
      trainEpoch();
      evaluate();
      curves.trainAcc()[e] = lastTrainAcc;
      curves.trainLoss()[e] = lastTrainLoss;
      curves.valAcc()[e] = lastValAcc;
      curves.valLoss()[e] = lastValLoss;
      if (afterEpoch != null) {
        afterEpoch.accept(e);
      }
    }
    return curves;
  }

  /** One epoch of SGD over a fresh shuffle of the training samples; sets the training metrics. */
  public void trainEpoch() {
    ConcealedParity.shuffle(trainOrder, 0, trainOrder.length, shuffleRng);
    int b = config.batch();
    double accSum = 0;
    double lossSum = 0;
    int batches = 0;
    for (int off = 0; off < trainOrder.length; off += b) {
      int rows = Math.min(b, trainOrder.length - off);
      step(trainOrder, off, rows);
      accSum += lastStepCorrect / (double) rows;
      lossSum += lastStepLoss / rows;
      batches++;
    }
    lastTrainAcc = accSum / batches;
    lastTrainLoss = lossSum / batches;
  }

  private int lastStepCorrect;
  private double lastStepLoss;

  /**
   * One SGD step on the samples {@code ids[off, off+rows)}. Afterwards {@link #lastStepCorrect()} and
   * {@link #lastStepLossSum()} hold the batch's pre-update accuracy count and summed loss.
   */
  public void step(int[] ids, int off, int rows) {
    float lr = config.lr();
    float wd = config.weightDecay();
    MlpParams p = params;
    forward(ids, off, rows);
    lastStepCorrect = k.countCorrect(rows, classes, logits, 0, classes, batchLabels, 0);
    lastStepLoss = k.softmaxCrossEntropy(rows, classes, logits, 0, classes, batchLabels, 0,
        dlogits, 0, classes, 1f / rows);
    // dh with the old W2, then W2 moves: one fused pass
    int o = MlpParams.OFFSET;
    k.reluLinearBackwardSgd(rows, width, classes, dlogits, 0, classes, h, o, ld, dh, o, ld, lr, wd, p.w2, w2, ld);
    // W1 and its bias row n (active in every row) in one fused pass
    buildFeatureBuckets(rows);
    k.binaryScatterSgd(n + 1, width, bwdStart, bwdEntries, dh, o, ld, lr, wd, p.w1, w1, ld);
  }

  public int lastStepCorrect() {
    return lastStepCorrect;
  }

  public double lastStepLossSum() {
    return lastStepLoss;
  }

  /** h and logits for samples ids[off, off+rows), and their labels into batchLabels. */
  private void forward(int[] ids, int off, int rows) {
    MlpParams p = params;
    int o = MlpParams.OFFSET;
    for (int r = 0; r < rows; r++) {
      System.arraycopy(sampleBits, ids[off + r] * words, rowBits, r * words, words);
    }
    BinaryBuckets.build(rows, rowBits, 0, words, fwdStart, fwdEntries);
    k.binaryLinearRelu(rows, width, fwdStart, fwdEntries, p.w1, w1, ld, p.w1, p.biasOffset(), h, o, ld);
    k.linearSmallOut(rows, classes, width, h, o, ld, p.w2, w2, ld, logits, 0, classes);
    for (int r = 0; r < rows; r++) {
      batchLabels[r] = labels[ids[off + r]];
    }
  }

  /**
   * For Xᵀ·dh, from the batch's row bit sets left by the forward pass: for each input j the batch
   * rows in which input j is 1 as a bit set, the bias "input" n active in every row; then grouped.
   */
  private void buildFeatureBuckets(int rows) {
    java.util.Arrays.fill(featBits, 0L);
    for (int r = 0; r < rows; r++) {
      long bit = 1L << r;
      int rw = r >>> 6;
      for (int w = 0; w < words; w++) {
        long set = rowBits[r * words + w];
        while (set != 0) {
          int j = (w << 6) + Long.numberOfTrailingZeros(set);
          featBits[j * batchWords + rw] |= bit;
          set &= set - 1;
        }
      }
      featBits[n * batchWords + rw] |= bit;
    }
    BinaryBuckets.build(n + 1, featBits, 0, batchWords, bwdStart, bwdEntries);
  }

  /** Validation accuracy and loss on the held-out samples (exact per-sample means), in chunks of a batch. */
  public void evaluate() {
    int b = config.batch();
    int correct = 0;
    double loss = 0;
    for (int off = 0; off < validation.length; off += b) {
      int rows = Math.min(b, validation.length - off);
      forward(validation, off, rows);
      correct += k.countCorrect(rows, classes, logits, 0, classes, batchLabels, 0);
      loss += k.softmaxCrossEntropy(rows, classes, logits, 0, classes, batchLabels, 0, null, 0, classes, 1f);
    }
    lastValAcc = correct / (double) validation.length;
    lastValLoss = loss / validation.length;
  }

  public double lastTrainAcc() {
    return lastTrainAcc;
  }

  public double lastTrainLoss() {
    return lastTrainLoss;
  }

  public double lastValAcc() {
    return lastValAcc;
  }

  public double lastValLoss() {
    return lastValLoss;
  }

  public MlpParams params() {
    return params;
  }

  public MlpConfig config() {
    return config;
  }

  /** The current training order (after the last shuffle); for tests and benchmarks. */
  public int[] trainOrder() {
    return trainOrder;
  }
}
