package org.grokmeter.experiment;

import java.util.List;

/**
 * An experiment the sweep engine can run: a function from resolved parameters and a seed to one
 * result row and its curves. Implementations must be thread-safe (the engine calls {@link #run}
 * from several threads at once, each call on its own run) and deterministic: the same parameters
 * and seed give bit-identical results whatever the thread or the order.
 *
 * <p>Adopting it takes three things: declare the {@link #parameters()} (their defaults are the
 * paper's), name the {@link #resultColumns()}, and return a {@link RunOutcome} from {@link #run}.
 * A failed fit is a status in the outcome ({@code RunOutcome.builder().status("did_not_grok")}),
 * never an exception; an exception thrown anyway is recorded as status {@code error:<message>}
 * and the sweep goes on.
 *
 * <h2>Seeds</h2>
 * If the experiment declares a parameter named {@value #SEED} (type INT or LONG), that parameter is
 * an ordinary grid axis (the paper's MLP uses seeds 0, 1, 2) and {@link #run} receives its value as
 * the seed: "seed 0" means the same run in every sweep. Otherwise {@link #run} receives
 * {@link RunKeys#derivedSeed}(master seed, run key): a seed that depends on the sweep's master seed
 * and the run's own parameters, not on its grid position.
 *
 * <p>To be found by {@code grokmeter sweep} and {@code grokmeter merge}, list the class (with a
 * public no-argument constructor) in {@code META-INF/services/org.grokmeter.experiment.Experiment}.
 */
public interface Experiment {

  /** The name of the explicit seed parameter, if the experiment declares one. */
  String SEED = "seed";

  /** Short lower-case name used in sweep files ({@code experiment: mlp}). */
  String name();

  /**
   * The parameters, in the order they appear as {@code runs.csv} columns. The grid is expanded with
   * the first parameter varying slowest, so this order is also the canonical row order.
   */
  List<Parameter> parameters();

  /** The result columns of {@code runs.csv}, after the parameter columns. */
  List<String> resultColumns();

  /**
   * Rejects a combination of values the individual parameter checks cannot see (e.g. the linear
   * setting's λ = 1) with an {@link IllegalArgumentException} naming the key and the value. Called
   * for every run of the grid before anything is written, so bad input stops the sweep at once.
   */
  default void check(RunParams params) {}

  /**
   * About how many bytes of heap one run with these parameters allocates at its peak; 0 (the
   * default) when that is small or unknown. The engine runs fewer runs at once than it has threads
   * when that many would not fit in the heap together.
   */
  default long heapBytes(RunParams params) {
    return 0;
  }

  /** Runs one point of the grid. */
  RunOutcome run(RunParams params, long seed) throws Exception;

  /**
   * The file-name stem of this run's curves ({@code curves/<label>.csv}), e.g. {@code 25_0} for the
   * MLP's input size 25, seed 0. {@code null} (the default) uses the run key. Labels that are not
   * safe file names or that collide within the grid are replaced by the engine (see
   * {@link Sweep#labels}).
   */
  default String runLabel(RunParams params) {
    return null;
  }
}
