package org.grokmeter.cli.exec;

import org.grokmeter.UserInputException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.grokmeter.experiment.Experiment;
import org.grokmeter.experiment.Experiments;
import org.grokmeter.fit.Loss;
import org.grokmeter.fit.SCurveForm;
import picocli.CommandLine.Option;

/**
 * The options of {@code grokmeter sweep FILE --exec CMD}: the training command, its timeout, and the
 * fit flags (as {@code grokmeter fit}) its logs are fitted with. Add {@code @Mixin ExecOptions exec;}
 * and read the sweep file with {@link #lookup}.
 */
public final class ExecOptions {

  /** The experiment name a sweep file gives to sweep a training command of one's own. */
  public static final String COMMAND = "command";

  @Option(names = "--exec", paramLabel = "CMD",
      description = "With 'experiment: command': the training command of each run, e.g. \"python train.py"
          + " --lr {lr} --seed {seed} --log {log}\". {name} is a parameter's value, {log} where the command"
          + " writes its log (any format fit reads), {run} the run key, {seed} the run's seed. Split like a"
          + " shell would, run without one.")
  String exec;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "With --exec: a run still going after this long is stopped and recorded as an error.")
  Double timeout;

  @Option(names = "--form", paramLabel = "FORM",
      description = "With --exec: erf (default), logistic, gompertz or richards, as grokmeter fit.")
  String form;

  @Option(names = "--amplitude", paramLabel = "A", description = "With --exec: fix a, as grokmeter fit.")
  Double amplitude;

  @Option(names = "--offset", paramLabel = "B", description = "With --exec: fix b, as grokmeter fit.")
  Double offset;

  @Option(names = "--time", paramLabel = "COL", description = "With --exec: the logs' time column, as grokmeter fit.")
  String time;

  @Option(names = "--train", paramLabel = "COL", description = "With --exec: training accuracy column or tag.")
  String train;

  @Option(names = "--val", paramLabel = "COL", description = "With --exec: validation accuracy column or tag.")
  String val;

  @Option(names = "--percent", description = "With --exec: accuracies are logged in percent.")
  boolean percent;

  @Option(names = "--loss", paramLabel = "LOSS",
      description = "With --exec: linear (default), soft_l1, huber or cauchy, as grokmeter fit.")
  String loss;

  @Option(names = "--no-fallback", description = "With --exec: no automatic restart of a failed paper start.")
  boolean noFallback;

  private CommandExperiment experiment;

  /**
   * Finds the experiment a sweep file names: {@code command} is built from the file's own keys and
   * {@code --exec}; the others are the built-in experiments.
   */
  public Function<String, Experiment> lookup(Path sweepFile, Path out) {
    boolean fitFlags = timeout != null || form != null || amplitude != null || offset != null || time != null
        || train != null || val != null || percent || loss != null || noFallback;
    return name -> {
      if (!name.equals(COMMAND)) {
        if (exec != null || fitFlags) {
          throw new UserInputException(sweepFile + ": --exec and its fit flags are for 'experiment: " + COMMAND
              + "'; this file says 'experiment: " + name + "'");
        }
        return Experiments.byName(name);
      }
      if (exec == null) {
        throw new UserInputException(sweepFile + ": 'experiment: " + COMMAND + "' needs the training command on the"
            + " command line: --exec CMD (a sweep file never names a program)");
      }
      if (experiment == null) {
        experiment = new CommandExperiment(CommandTemplate.parse(exec), CommandExperiment.inferParameters(sweepFile),
            out, fitSettings(), timeout == null ? 0 : timeoutNanos());
      }
      return experiment;
    };
  }

  /** What to record beside the results: the command and the fit flags are not part of the sweep's identity. */
  public Map<String, String> provenance() {
    Map<String, String> m = new LinkedHashMap<>();
    if (exec != null) {
      m.put("exec", exec);
      m.put("exec_fit", fitSettings().describe());
      if (timeout != null) {
        m.put("exec_timeout_seconds", Double.toString(timeout));
      }
    }
    return m;
  }

  private long timeoutNanos() {
    if (!(timeout > 0) || timeout > 1e9) {
      throw new UserInputException("--timeout: must be a positive number of seconds, got " + timeout);
    }
    return (long) (timeout * 1e9);
  }

  private CommandExperiment.FitSettings fitSettings() {
    SCurveForm f;
    try {
      f = form == null ? SCurveForm.ERF : SCurveForm.parse(form);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--form: '" + form + "' is not erf, logistic, gompertz or richards");
    }
    Loss l;
    try {
      l = Loss.parse(loss == null ? "linear" : loss);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--loss: " + e.getMessage());
    }
    if (amplitude != null && !(Double.isFinite(amplitude) && amplitude > 0)) {
      throw new UserInputException("--amplitude: must be a positive number, got " + amplitude);
    }
    if (offset != null && !Double.isFinite(offset)) {
      throw new UserInputException("--offset: must be a finite number, got " + offset);
    }
    return new CommandExperiment.FitSettings(f, l, amplitude, offset, time, train, val, percent, noFallback,
        (form == null ? "erf" : form.toLowerCase(Locale.ROOT)));
  }
}
