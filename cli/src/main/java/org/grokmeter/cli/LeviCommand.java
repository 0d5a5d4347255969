package org.grokmeter.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.grokmeter.UserInputException;
import org.grokmeter.linear.ExactCurves;
import org.grokmeter.linear.LeviCurves;
import org.grokmeter.linear.LinearMath;
import org.grokmeter.linear.PaperCurves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code grokmeter levi}: the linear model's losses and accuracies at given times — a calculator
 * for the paper-mode and exact-mode formulas (docs/method.md, setting 1), one CSV row per time in the order given.
 */
@Command(name = "levi", mixinStandardHelpOptions = true,
    description = {"Losses and accuracies of the linear teacher-student model (Levi et al.) at given times.",
        "CSV on stdout: t,log_train_loss,log_val_loss,train_acc,val_acc (natural logs, round-trip doubles).",
        "paper: the paper's late-time asymptotic formulas; exact: Marchenko-Pastur large-d limit."})
public final class LeviCommand implements Callable<Integer> {

  /** The two closed-form modes (simulation is {@code grokmeter linear --mode simulate}). */
  enum ClosedMode { paper, exact }

  @Option(names = "--mode", defaultValue = "paper", description = "paper or exact (default: ${DEFAULT-VALUE}).")
  ClosedMode mode;

  @Option(names = "--lambda", required = true, description = "lambda = d_in/N_tr (> 0; below and above 1 both work).")
  double lambda;

  @Option(names = "--eta", defaultValue = "0.01", description = "Learning rate eta (default: ${DEFAULT-VALUE}).")
  double eta;

  @Option(names = "--eps", defaultValue = "1e-10", description = "Accuracy threshold on the squared error (default: ${DEFAULT-VALUE}).")
  double eps;

  @Option(names = "--t", required = true, split = ",", description = "Times (gradient-descent steps), comma-separated, >= 0.")
  List<String> times;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new UserInputException("--lambda must be a positive finite number, got " + lambda);
    }
    if (!(eta > 0) || Double.isInfinite(eta)) {
      throw new UserInputException("--eta must be a positive finite number, got " + eta);
    }
    if (!(eps > 0) || Double.isInfinite(eps)) {
      throw new UserInputException("--eps must be a positive finite number, got " + eps);
    }
    double[] t = parseTimes(times);
    LeviCurves curves = mode == ClosedMode.paper ? new PaperCurves(lambda, eta) : new ExactCurves(lambda, eta);
    double[] lt = new double[t.length];
    double[] lg = new double[t.length];
    curves.evaluate(t, lt, lg);
    PrintWriter out = spec.commandLine().getOut();
    StringBuilder sb = new StringBuilder("t,log_train_loss,log_val_loss,train_acc,val_acc\n");
    for (int i = 0; i < t.length; i++) {
      sb.append(t[i]).append(',').append(lt[i]).append(',').append(lg[i]).append(',')
          .append(LinearMath.accuracy(lt[i], eps)).append(',').append(LinearMath.accuracy(lg[i], eps)).append('\n');
    }
    out.print(sb);
    out.flush();
    return ExitCode.OK;
  }

  static double[] parseTimes(List<String> raw) {
    List<Double> values = new ArrayList<>();
    int column = 0;
    for (String s : raw) {
      column++;
      String v = s.strip();
      double d;
      try {
        d = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new UserInputException("--t value " + column + " ('" + v + "') is not a number");
      }
      if (!(d >= 0) || Double.isInfinite(d)) {
        throw new UserInputException("--t value " + column + " (" + v + ") must be a finite time >= 0");
      }
      values.add(d);
    }
    if (values.isEmpty()) {
      throw new UserInputException("--t needs at least one time");
    }
    double[] t = new double[values.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = values.get(i);
    }
    return t;
  }
}
