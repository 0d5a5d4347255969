package org.grokmeter.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.grokmeter.UserInputException;
import org.grokmeter.cli.io.Log;
import org.grokmeter.experiment.Experiment;
import org.grokmeter.experiment.Parameter;
import org.grokmeter.experiment.ResultStore;
import org.grokmeter.experiment.Shard;
import org.grokmeter.experiment.Sweep;
import org.grokmeter.experiment.SweepSpec;

/** Runs a sweep for a command: shard, threads, progress on stderr, a summary, clear I/O errors. */
public final class SweepCli {

  private SweepCli() {}

  /**
   * Runs {@code spec} with the command's sweep options and logs the summary. Bad parameter values
   * and bad folders (another sweep, not empty, in use: the store's {@link UserInputException}) and
   * a folder without write permission exit 2; other I/O failures (full disk) exit 1 with one line,
   * leaving what was written before intact.
   */
  public static Sweep.Summary run(Experiment experiment, SweepSpec spec, SweepOptions options)
      throws InterruptedException {
    return run(experiment, spec, options, Map.of());
  }

  /** As {@link #run(Experiment, SweepSpec, SweepOptions)}, recording {@code extraProvenance} too. */
  public static Sweep.Summary run(Experiment experiment, SweepSpec spec, SweepOptions options,
      Map<String, String> extraProvenance) throws InterruptedException {
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
      Map<String, String> provenance = new LinkedHashMap<>();
      provenance.put("command", "grokmeter " + experiment.name());
      provenance.putAll(extraProvenance);
      s = Sweep.run(experiment, spec, shard, options.out, threads, progress, provenance);
    } catch (AccessDeniedException e) {
      throw new UserInputException(options.out + ": permission denied (" + e.getFile() + ")", e);
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

  /**
   * The spec an experiment's own command ({@code mlp}, {@code linear}) describes: {@code fill} sets
   * the values from the command's options, and every grid point passes the experiment's checks.
   * Bad values exit 2 with one line that names the option ({@code --input-sizes: empty range…}),
   * before anything is written.
   */
  public static SweepSpec spec(Experiment experiment, Consumer<SweepSpec.Builder> fill) {
    try {
      SweepSpec.Builder b = SweepSpec.builder(experiment);
      fill.accept(b);
      SweepSpec spec = b.build();
      Sweep.check(experiment, spec);
      return spec;
    } catch (IllegalArgumentException e) {
      throw new UserInputException(asOption(experiment, e.getMessage()), e);
    }
  }

  /** A parameter message ({@code input_sizes: …}) with the command-line option ({@code --input-sizes: …}). */
  static String asOption(Experiment experiment, String message) {
    for (Parameter p : experiment.parameters()) {
      for (String name : new String[] {p.key(), p.name()}) {
        if (message.startsWith(name + ":")) {
          return p.option() + message.substring(name.length());
        }
      }
    }
    return message;
  }

  /**
   * Whether the folder now holds the whole grid, so an experiment command can write what needs
   * every run (trend.csv, figures). A shard's folder never does: this logs how to get there
   * ({@code grokmeter merge}, then the same command on the merged folder, which recomputes nothing).
   */
  public static boolean holdsWholeGrid(Experiment experiment, Sweep.Summary summary, SweepOptions options) {
    Shard shard = options.shard();
    if (shard.count() > 1) {
      Log.info(experiment.name() + ": shard " + shard + (summary.complete() ? " complete" : " incomplete")
          + "; trend.csv and figures need every run: 'grokmeter merge --out DIR SHARD_DIR...', then this command"
          + " again with --out DIR and without --shard (finished runs are not recomputed)");
      return false;
    }
    return summary.complete();
  }
}
