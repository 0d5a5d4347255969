package org.grokmeter.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.grokmeter.cli.io.Log;
import org.grokmeter.experiment.Run;
import org.grokmeter.experiment.Sweep;

/**
 * Sweep progress on stderr: a progress bar (runs done/total, runs per minute, ETA) on a terminal;
 * plain lines when stderr is not a terminal or {@code CI} is set (at most one every 10 s, plus the
 * first and the last); nothing with {@code --quiet}. Errors of single runs are logged as they
 * happen (with the stack trace under {@code --verbose}).
 */
public final class SweepProgressBar implements Sweep.Progress, AutoCloseable {

  private static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;

  private final String task;
  private ProgressBar bar;
  private long startNanos;
  private long lastLine;
  private int alreadyDone;
  private int total;

  public SweepProgressBar(String task) {
    this.task = task;
  }

  @Override
  public void started(int total, int alreadyDone) {
    this.total = total;
    this.alreadyDone = alreadyDone;
    this.startNanos = System.nanoTime();
    if (alreadyDone > 0) {
      Log.info(task + ": " + alreadyDone + " of " + total + " runs already done in this folder; resuming");
    }
    if (Log.interactive() && total > alreadyDone) {
      bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
          .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
          .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true),
              Math.max(20, Log.stderrWidth() - 1)))
          .setUnit(" runs", 1).showSpeed().setSpeedUnit(ChronoUnit.MINUTES)
          .setEtaFunction(state -> eta(state.getCurrent()))
          .setUpdateIntervalMillis(500)
          .startsFrom(alreadyDone, Duration.ZERO)
          .build();
    }
  }

  @Override
  public void finished(Sweep.RunResult result, int done, int total) {
    if (bar != null) {
      bar.stepTo(done);
      bar.setExtraMessage(" " + result.label() + " " + result.status());
      return;
    }
    long now = System.nanoTime();
    if (done == total || done == alreadyDone + 1 || now - lastLine >= PLAIN_INTERVAL_NANOS) {
      lastLine = now;
      Log.info(line(done, result));
    }
  }

  @Override
  public void failed(Run run, Throwable error) {
    String msg = task + ": run " + run.params().values() + " failed: " + Sweep.oneLine(String.valueOf(error));
    if (bar != null) {
      bar.setExtraMessage(" error in " + run.key());
    }
    Log.info(msg);
    if (Log.verbose()) {
      error.printStackTrace(Log.err());
      Log.err().flush();
    }
  }

  /** Runs per minute in this session. */
  double rate(long done) {
    double minutes = (System.nanoTime() - startNanos) / 6e10;
    return minutes <= 0 ? 0 : (done - alreadyDone) / minutes;
  }

  private Optional<Duration> eta(long done) {
    double r = rate(done);
    if (r <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(Math.round((total - done) / r * 60)));
  }

  String line(int done, Sweep.RunResult last) {
    Optional<Duration> eta = eta(done);
    return String.format(Locale.ROOT, "%s: %d/%d runs (%.0f%%), %.1f runs/min, ETA %s, last %s %s", task, done,
        total, 100.0 * done / Math.max(1, total), rate(done), eta.map(SweepProgressBar::format).orElse("?"),
        last.label(), last.status());
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }
    return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
