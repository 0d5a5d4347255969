package org.grokmeter.cli;

import java.nio.file.Path;
import org.grokmeter.UserInputException;
import org.grokmeter.experiment.Shard;
import org.grokmeter.experiment.Sweep;
import picocli.CommandLine.Option;

/**
 * The options every sweeping command shares ({@code sweep}, {@code mlp}, {@code linear}): add
 * {@code @Mixin SweepOptions sweep;} to a command and call {@link SweepCli#run}.
 */
public final class SweepOptions {

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Output folder (created; an existing folder of the same sweep is resumed).")
  public Path out;

  @Option(names = "--threads", paramLabel = "N",
      description = "Runs in parallel (default: all available cores).")
  public Integer threads;

  @Option(names = "--shard", paramLabel = "i/N",
      description = "Run only shard i of N (i from 0). Default: from the job array (SLURM_ARRAY_TASK_ID,"
          + " SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT, or PBS_ARRAY_INDEX with GROKMETER_SHARD_COUNT);"
          + " else the whole grid.")
  public String shard;

  /** The thread count to use. */
  public int threads() {
    if (threads == null) {
      return Sweep.defaultThreads();
    }
    if (threads < 1) {
      throw new UserInputException("--threads: must be at least 1, got " + threads);
    }
    return threads;
  }

  /** The shard: {@code --shard}, else the scheduler's job-array variables, else the whole grid. */
  public Shard shard() {
    try {
      if (shard != null) {
        return Shard.parse(shard);
      }
      return Shard.fromEnvironment(System.getenv()).orElse(Shard.ALL);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--shard: " + e.getMessage());
    }
  }
}
