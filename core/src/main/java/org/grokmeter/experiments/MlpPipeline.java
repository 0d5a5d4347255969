package org.grokmeter.experiments;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.grokmeter.fit.CurveFitter;
import org.grokmeter.fit.FitResult;
import org.grokmeter.fit.GrokkingMeasures;
import org.grokmeter.fit.ThresholdTimes;
import org.grokmeter.kernels.Kernels;
import org.grokmeter.kernels.ScalarKernels;
import org.grokmeter.nn.MlpConfig;
import org.grokmeter.nn.MlpTrainer;
import org.grokmeter.nn.TrainingCurves;

/**
 * One run of the MLP sweep of the paper's Figures 2, 4 and 5: trains one (input size, seed) run and
 * fits both accuracy curves with the paper's erf form (a = 1/4, b = 3/4, start s = 1e-3, t* = 100,
 * t = epoch index; the automatic start when the paper's start fails, flagged in the status). The
 * sweep itself is the sweep engine's ({@code grokmeter mlp}, {@code sweep}, {@code reproduce} all
 * run {@link MlpExperiment}, which calls {@link #runOne}); the CLI's report writes the trend and the
 * figures from the finished store.
 */
public final class MlpPipeline {

  /** The paper's fixed erf amplitude and offset for 2 balanced classes (chance 0.5 to 1.0). */
  public static final double A = 0.25;
  public static final double B = 0.75;
  /** The paper's starting point. */
  public static final double S0 = 1e-3;
  public static final double T_STAR0 = 100;

  private MlpPipeline() {}

  // Until C2 has compiled the Panama kernels (about a second into the first run), every vector operation
  // is a slow, allocating call. Several runs starting at once on a small machine all crawl through that
  // phase together and take the cores C2 needs, so the kernels compile later still. The first run of the
  // JVM goes alone; the others wait until it has trained WARM_EPOCHS epochs (or ended). Results do not
  // depend on it: each run is computed the same whatever waits beside it.
  private static final int WARM_EPOCHS = 20;
  private static final long WARM_WAIT_SECONDS = 10;
  private static final AtomicBoolean FIRST_RUN_STARTED = new AtomicBoolean();
  private static final CountDownLatch KERNELS_WARM = new CountDownLatch(1);

  /** Trains and fits one run (no I/O). */
  public static MlpRunResult runOne(MlpConfig config, long seed, Runnable afterEpoch) {
    long start = System.nanoTime();
    TrainingCurves curves;
    if (Kernels.IMPL == ScalarKernels.INSTANCE) {
      curves = MlpTrainer.run(config, seed, afterEpoch == null ? null : e -> afterEpoch.run());
    } else if (FIRST_RUN_STARTED.compareAndSet(false, true)) {
      try {
        curves = MlpTrainer.run(config, seed, e -> {
          if (e + 1 == WARM_EPOCHS) {
            KERNELS_WARM.countDown();
          }
          if (afterEpoch != null) {
            afterEpoch.run();
          }
        });
      } finally {
        KERNELS_WARM.countDown();
      }
    } else {
      awaitWarmKernels();
      curves = MlpTrainer.run(config, seed, afterEpoch == null ? null : e -> afterEpoch.run());
    }
    double[] t = curves.epochAxis();
    CurveFitter fitter = new CurveFitter();
    FitResult train = fitter.fitWithFallback(t, curves.trainAcc(), A, B, S0, T_STAR0);
    FitResult val = fitter.fitWithFallback(t, curves.valAcc(), A, B, S0, T_STAR0);
    GrokkingMeasures measures = GrokkingMeasures.of(train, val);
    ThresholdTimes trainTimes = ThresholdTimes.of(t, curves.trainAcc());
    ThresholdTimes valTimes = ThresholdTimes.of(t, curves.valAcc());
    String status = MlpRunResult.statusOf(train, val, trainTimes, valTimes);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new MlpRunResult(config.inputSize(), seed, curves, train, val, measures, trainTimes, valTimes, status,
        seconds);
  }

  private static void awaitWarmKernels() {
    try {
      KERNELS_WARM.await(WARM_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
