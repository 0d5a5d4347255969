package org.grokmeter.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deterministic 1/N slice of a grid. Shard {@code i} of {@code N} holds the runs whose rank in the
 * grid sorted by run key is congruent to {@code i} mod {@code N}: sizes differ by at most one, the
 * split depends only on the set of runs (not on the order the grid was written in, nor on which
 * machine asks), and because keys are hashes each shard gets an even mix of cheap and costly runs.
 */
public record Shard(int index, int count) {

  /** The whole grid. */
  public static final Shard ALL = new Shard(0, 1);

  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("shard " + index + "/" + count + ": need 0 <= i < N");
    }
  }

  /** Parses {@code i/N} (i from 0). */
  public static Shard parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("shard '" + text + "': want i/N, e.g. 0/4");
    }
    try {
      return new Shard(Integer.parseInt(t.substring(0, slash)), Integer.parseInt(t.substring(slash + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("shard '" + text + "': want i/N with integers, e.g. 0/4");
    }
  }

  /**
   * The shard given by a batch scheduler's job-array variables, if any:
   * SLURM: {@code (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP} of
   * {@code SLURM_ARRAY_TASK_COUNT}; PBS Pro: {@code PBS_ARRAY_INDEX} (arrays numbered from 0,
   * e.g. {@code -J 0-7}) of {@code GROKMETER_SHARD_COUNT}, since PBS does not export the array size.
   */
  public static Optional<Shard> fromEnvironment(Map<String, String> env) {
    String task = env.get("SLURM_ARRAY_TASK_ID");
    if (task != null && !task.isBlank()) {
      long id = envLong(env, "SLURM_ARRAY_TASK_ID");
      long min = envLong(env, "SLURM_ARRAY_TASK_MIN");
      long count = envLong(env, "SLURM_ARRAY_TASK_COUNT");
      String stepText = env.get("SLURM_ARRAY_TASK_STEP");
      long step = stepText == null || stepText.isBlank() ? 1 : envLong(env, "SLURM_ARRAY_TASK_STEP");
      if (step < 1 || (id - min) % step != 0) {
        throw new IllegalArgumentException("SLURM_ARRAY_TASK_ID=" + id + " is not MIN + k*STEP (MIN=" + min
            + ", STEP=" + step + ")");
      }
      return Optional.of(checked((id - min) / step, count, "SLURM_ARRAY_TASK_ID"));
    }
    String pbs = env.get("PBS_ARRAY_INDEX");
    if (pbs != null && !pbs.isBlank()) {
      if (env.get("GROKMETER_SHARD_COUNT") == null) {
        throw new IllegalArgumentException("PBS_ARRAY_INDEX is set but the number of shards is not: pass"
            + " --shard $PBS_ARRAY_INDEX/N or set GROKMETER_SHARD_COUNT");
      }
      return Optional.of(checked(envLong(env, "PBS_ARRAY_INDEX"), envLong(env, "GROKMETER_SHARD_COUNT"),
          "PBS_ARRAY_INDEX"));
    }
    return Optional.empty();
  }

  private static Shard checked(long index, long count, String var) {
    if (count < 1 || count > Integer.MAX_VALUE || index < 0 || index >= count) {
      throw new IllegalArgumentException(var + ": shard " + index + " of " + count
          + " is out of range (arrays must be numbered so that 0 <= i < N)");
    }
    return new Shard((int) index, (int) count);
  }

  private static long envLong(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(name + " is not set (a job-array variable is missing)");
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "='" + v + "' is not an integer");
    }
  }

  /** This shard's runs, in grid order. */
  public List<Run> select(List<Run> grid) {
    if (count == 1) {
      return grid;
    }
    List<Run> byKey = new ArrayList<>(grid);
    byKey.sort(Comparator.comparing(Run::key));
    boolean[] mine = new boolean[grid.size()];
    for (int rank = index; rank < byKey.size(); rank += count) {
      mine[byKey.get(rank).index()] = true;
    }
    List<Run> out = new ArrayList<>();
    for (Run r : grid) {
      if (mine[r.index()]) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
