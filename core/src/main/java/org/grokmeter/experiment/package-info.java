/**
 * Sweeps: grids over an experiment's parameters, run keys, per-run seeds, shards, the resumable
 * result store and the parallel runner.
 *
 * <p>Adopting the engine for an experiment (e.g. the MLP):
 * <pre>{@code
 * public final class MlpExperiment implements Experiment {
 *   public String name() { return "mlp"; }
 *   public List<Parameter> parameters() {
 *     return List.of(
 *         Parameter.integer("input_size", "input_sizes", 35).atLeast(3),
 *         Parameter.longInteger("seed", "seeds", 0L),          // explicit seed: a grid axis
 *         Parameter.integer("epochs", "epochs", 3000).atLeast(1),
 *         Parameter.real("lr", "lr", 0.01).positive());
 *   }
 *   public List<String> resultColumns() { return List.of("t_star_train", "s_train", "m"); }
 *   public String runLabel(RunParams p) { return p.get("input_size") + "_" + p.get("seed"); }
 *   public RunOutcome run(RunParams p, long seed) {
 *     ... train with p.getInt("input_size"), seed ...
 *     return RunOutcome.builder().put("t_star_train", tStar).put("m", m)
 *         .status(grokked ? "ok" : "did_not_grok")
 *         .curve("epoch", epochs).curve("train_acc", trainAcc).curve("val_acc", valAcc).build();
 *   }
 * }
 *
 * SweepSpec spec = SweepSpec.builder(new MlpExperiment())
 *     .parse("input_sizes", "25:45").parse("seeds", "0,1,2").build();
 * Sweep.Summary s = Sweep.run(experiment, spec, Shard.ALL, outDir, threads, progress, Map.of());
 * }</pre>
 * {@code runs.csv} then has the parameter columns, the result columns and
 * {@code status,seconds,run_seed,curves,key}; curves go to {@code curves/<label>.csv}. See
 * {@link org.grokmeter.experiment.ResultStore} for the crash-safety argument and
 * {@link org.grokmeter.experiment.Experiment} for the seed rule.
 */
package org.grokmeter.experiment;
