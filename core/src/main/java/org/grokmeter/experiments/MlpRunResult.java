package org.grokmeter.experiments;

import org.grokmeter.fit.FitResult;
import org.grokmeter.fit.GrokkingMeasures;
import org.grokmeter.fit.ThresholdTimes;
import org.grokmeter.nn.TrainingCurves;

/**
 * One trained and fitted run of the MLP sweep.
 *
 * @param status {@code ok}, {@code ok_auto_start} (a fit needed the automatic start),
 *               {@code did_not_grok} (training or validation accuracy never reached 0.99) or
 *               {@code fit_failed:train=<status>;val=<status>}
 * @param seconds wall time of training plus fitting (the only non-deterministic field)
 */
public record MlpRunResult(int inputSize, long seed, TrainingCurves curves, FitResult trainFit, FitResult valFit,
                           GrokkingMeasures measures, ThresholdTimes trainTimes, ThresholdTimes valTimes,
                           String status, double seconds) {

  static String statusOf(FitResult train, FitResult val, ThresholdTimes trainTimes, ThresholdTimes valTimes) {
    if (!trainTimes.reached() || !valTimes.reached()) {
      return "did_not_grok";
    }
    if (!train.status().isConverged() || !val.status().isConverged()) {
      return "fit_failed:train=" + train.status().token() + ";val=" + val.status().token();
    }
    if (train.status() != org.grokmeter.fit.FitStatus.CONVERGED || val.status() != org.grokmeter.fit.FitStatus.CONVERGED) {
      return "ok_auto_start";
    }
    return "ok";
  }
}
