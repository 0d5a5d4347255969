package org.grokmeter.cli.mlp;

import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.grokmeter.cli.Log;

/**
 * Progress of a sweep on stderr: a progress bar (epochs done over all runs, ETA) on a terminal, plain
 * "run i/N" lines otherwise (not a terminal, {@code CI} set, or --quiet: nothing).
 */
final class Progress implements AutoCloseable {

  private final ProgressBar bar;
  private final int runs;
  private final long startNanos = System.nanoTime();
  private final AtomicLong epochs = new AtomicLong();

  private Progress(ProgressBar bar, int runs) {
    this.bar = bar;
    this.runs = runs;
  }

  static Progress start(String task, long totalEpochs, int runs) {
    ProgressBar bar = null;
    if (Log.interactive()) {
      bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalEpochs).setUnit(" epochs", 1)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
          .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }
    return new Progress(bar, runs);
  }

  /** Called by the training threads after every epoch. */
  void epoch() {
    if (bar != null) {
      bar.step();
    } else {
      epochs.incrementAndGet();
    }
  }

  void runDone(int done, String what) {
    if (bar != null) {
      bar.setExtraMessage(" " + done + "/" + runs + " runs");
      if (Log.verbose()) {
        Log.debug("run " + done + "/" + runs + ": " + what);
      }
    } else if (!Log.quiet()) {
      double elapsed = (System.nanoTime() - startNanos) / 1e9;
      double eta = done == 0 ? Double.NaN : elapsed / done * (runs - done);
      Log.info(String.format(java.util.Locale.ROOT, "run %d/%d (%.1f runs/min, ETA %.0f s): %s",
          done, runs, done / elapsed * 60, eta, what));
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
