package org.grokmeter.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.grokmeter.UserInputException;
import org.grokmeter.cli.io.Log;
import org.grokmeter.cli.io.RunsTable;
import org.grokmeter.cli.plot.Figure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code grokmeter linear-compare}: the m–R_rel and m–R_abs relations of several {@code grokmeter
 * linear} output folders on shared axes (e.g. paper vs exact vs simulate mode), linear and log–log.
 */
@Command(name = "linear-compare", mixinStandardHelpOptions = true,
    description = "Overlay m vs R_rel and m vs R_abs of several 'grokmeter linear' output folders (runs with status ok).")
public final class LinearCompareCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Output folders of 'grokmeter linear'.")
  List<Path> folders;

  @Option(names = "--labels", split = ",", description = "Legend labels, one per folder (default: folder names).")
  List<String> labels;

  @Option(names = "--out", required = true, description = "Folder for the figures.")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (labels != null && labels.size() != folders.size()) {
      throw new UserInputException("--labels has " + labels.size() + " entries for " + folders.size() + " folders");
    }
    Figure rel = new Figure("R_rel vs m", "m (relative grokking gap)", "R_rel");
    Figure abs = new Figure("R_abs vs m", "m (relative grokking gap)", "R_abs");
    Figure relLog = new Figure("R_rel vs m, log-log", "m", "R_rel").logX().logY();
    Figure absLog = new Figure("R_abs vs m, log-log", "m", "R_abs").logX().logY();
    List<String> skipped = new ArrayList<>();
    int drawn = 0;
    for (int f = 0; f < folders.size(); f++) {
      Path runs = folders.get(f).resolve("runs.csv");
      if (!Files.isRegularFile(runs)) {
        throw new UserInputException(runs + ": no such file (is " + folders.get(f) + " a 'grokmeter linear' folder?)");
      }
      // the store's RFC 4180 CSV (a status may be quoted), read by column name
      RunsTable table = RunsTable.read(runs);
      for (String c : List.of("m", "R_rel", "R_abs", "status")) {
        if (!table.has(c)) {
          throw new UserInputException(runs + " line 1: no column '" + c + "'");
        }
      }
      List<double[]> ok = new ArrayList<>();
      for (int i = 0; i < table.size(); i++) {
        if ("ok".equals(table.text(i, "status"))) {
          try {
            ok.add(new double[] {table.number(i, "m"), table.number(i, "R_rel"), table.number(i, "R_abs")});
          } catch (IllegalArgumentException e) {
            throw new UserInputException(runs + " line " + (i + 2) + ": not a number in m/R_rel/R_abs");
          }
        }
      }
      String label = (labels != null ? labels.get(f) : folders.get(f).getFileName().toString())
          + " (" + ok.size() + "/" + table.size() + " ok)";
      double[] m = col(ok, 0);
      double[] r = col(ok, 1);
      double[] a = col(ok, 2);
      if (ok.isEmpty()) {
        // nothing to draw (e.g. exact mode at lambda > 1, where validation never rises); say so
        skipped.add(label);
        continue;
      }
      rel.pointsJoined(label, m, r);
      abs.pointsJoined(label, m, a);
      double[][] pr = positive(m, r);
      double[][] pa = positive(m, a);
      if (pr[0].length > 0) {
        relLog.points(label, pr[0], pr[1]);
      }
      if (pa[0].length > 0) {
        absLog.points(label, pa[0], pa[1]);
      }
      drawn++;
    }
    if (drawn == 0) {
      throw new UserInputException("no folder has a run with status ok: nothing to compare");
    }
    for (String label : skipped) {
      org.grokmeter.cli.io.Log.info("linear-compare: " + label + " has no run with status ok; not drawn");
    }
    rel.saveBoth(out, "compare_m_vs_R_rel");
    abs.saveBoth(out, "compare_m_vs_R_abs");
    relLog.saveBoth(out, "compare_loglog_m_vs_R_rel");
    absLog.saveBoth(out, "compare_loglog_m_vs_R_abs");
    return ExitCode.OK;
  }

  private static double[] col(List<double[]> rows, int c) {
    double[] v = new double[rows.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = rows.get(i)[c];
    }
    return v;
  }

  /** The (x, y) pairs with both positive (log axes). */
  private static double[][] positive(double[] x, double[] y) {
    List<double[]> keep = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (x[i] > 0 && y[i] > 0) {
        keep.add(new double[] {x[i], y[i]});
      }
    }
    return new double[][] {col(keep, 0), col(keep, 1)};
  }
}
