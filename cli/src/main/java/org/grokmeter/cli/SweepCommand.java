package org.grokmeter.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.grokmeter.UserInputException;
import org.grokmeter.experiment.Experiment;
import org.grokmeter.experiment.Sweep;
import org.grokmeter.experiment.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code grokmeter sweep FILE --out DIR}: runs the grid a sweep file describes. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {
        "Run a parameter sweep described by a YAML or JSON file, in parallel, resumably.",
        "Keys mirror the experiment's options in snake_case: experiment: mlp|linear, input_sizes: 25:45,"
            + " seeds: [0, 1, 2], lr: 0.01, lambdas: {from: 1.003, to: 1.1, points: 120}, master_seed: 0.",
        "Run the same command again to resume after an interruption; --shard i/N (or a SLURM/PBS job"
            + " array) runs a 1/N slice, and 'grokmeter merge' combines the slices.",
        "experiment: command sweeps a training command of your own, given with --exec (docs/cluster.md)."})
final class SweepCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The sweep file (.yaml, .yml or .json).")
  Path file;

  @Mixin
  SweepOptions options;

  @Mixin
  org.grokmeter.cli.exec.ExecOptions exec;

  @Override
  public Integer call() throws Exception {
    java.util.function.Function<String, Experiment> lookup = exec.lookup(file, options.out);
    SweepSpec spec = SweepFile.read(file, lookup);
    Experiment experiment = lookup.apply(spec.experiment());
    try {
      Sweep.check(experiment, spec);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(file + ": " + e.getMessage());
    }
    Sweep.Summary s = SweepCli.run(experiment, spec, options, exec.provenance());
    return s.complete() ? ExitCode.OK : ExitCode.FAILURE;
  }
}
