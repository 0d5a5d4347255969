package org.grokmeter.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.grokmeter.experiment.Experiment;
import org.grokmeter.experiment.ResultStore;
import org.grokmeter.experiment.Shard;
import org.grokmeter.experiment.Sweep;
import org.grokmeter.experiment.SweepSpec;

/** Runs a sweep for a command: shard, threads, progress on stderr, a summary, clear I/O errors. */
public final class SweepCli {

  private SweepCli() {}

  /**
   * Runs {@code spec} with the command's sweep options and logs the summary. Bad folders (another
   * sweep, not empty, in use) become exit code 2; I/O failures (full disk, no permission) exit 1
   * with one line, leaving what was written before intact.
   */
  public static Sweep.Summary run(Experiment experiment, SweepSpec spec, SweepOptions options)
      throws InterruptedException {
    try {
      Sweep.check(experiment, spec);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    Shard shard = options.shard();
    int threads = options.threads();
    long size = spec.size();
    Log.info(experiment.name() + ": " + size + " runs in the grid" + (shard.count() > 1 ? ", shard " + shard : "")
        + ", " + threads + " thread" + (threads == 1 ? "" : "s") + ", sweep " + spec.sweepId() + " -> " + options.out);
    Sweep.Summary s;
    try (SweepProgressBar progress = new SweepProgressBar(experiment.name())) {
      s = Sweep.run(experiment, spec, shard, options.out, threads, progress,
          Map.of("command", "grokmeter " + experiment.name()));
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    } catch (AccessDeniedException e) {
      throw new UserInputException(options.out + ": permission denied (" + e.getFile() + ")", e);
    } catch (FileSystemException e) {
      throw new IllegalStateException("writing " + options.out + " failed: " + e.getMessage()
          + " (rows written before are intact; run the same command again to resume)", e);
    } catch (IOException e) {
      throw new IllegalStateException("writing " + options.out + " failed: " + e.getMessage()
          + " (rows written before are intact; run the same command again to resume)", e);
    }
    s.notes().forEach(n -> Log.info(options.out + ": " + n));
    String statuses = s.statusCounts().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
    Log.info(String.format(Locale.ROOT, "%s: %d runs done (%d now, %d already there) in %.1f s: %s; results in %s",
        experiment.name(), s.total(), s.ran(), s.skipped(), s.wallSeconds(), statuses,
        options.out.resolve(ResultStore.RUNS)));
    return s;
  }
}
