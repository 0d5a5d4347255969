package org.grokmeter.cli.mlp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.grokmeter.cli.io.RunsTable;
import org.grokmeter.cli.plot.Figure;
import org.grokmeter.cli.plot.GrokkingFigures;
import org.grokmeter.cli.plot.Ticks;

/**
 * The MLP figures of the paper, each as PNG, SVG, PDF and the CSV of its data: {@code figure2}
 * (m against R_rel and R_abs, one dot per run), {@code figure4} (six example runs with their fitted
 * erf curves) and {@code figure5} (log–log with the least-squares line). Runs that did not grok are
 * drawn as crosses and left out of the trend.
 */
final class MlpFigures {

  private MlpFigures() {}

  static void write(List<MlpReport.Row> rows, Path outDir) throws IOException {
    Path dir = outDir.resolve("figures");
    GrokkingFigures.sharpness(runs(rows), false, dir, "figure2", "figure5");
    examples(rows.stream().filter(MlpReport.Row::usable).toList()).save(dir, "figure4");
  }

  /** The rows as the sharpness figures take them. */
  static List<GrokkingFigures.Run> runs(List<MlpReport.Row> rows) {
    List<GrokkingFigures.Run> runs = new ArrayList<>();
    for (MlpReport.Row r : rows) {
      runs.add(new GrokkingFigures.Run(r.m(), r.rRel(), r.rAbs(), null, GrokkingFigures.exclusion(r.status())));
    }
    return runs;
  }

  /** Up to k runs spread evenly over the range of m (by rank), smallest gap first. */
  static List<MlpReport.Row> examples(List<MlpReport.Row> usable, int k) {
    List<MlpReport.Row> sorted = new ArrayList<>(usable);
    sorted.sort(Comparator.comparingDouble(MlpReport.Row::m));
    List<MlpReport.Row> out = new ArrayList<>();
    for (int i : GrokkingFigures.spread(sorted.size(), k)) {
      out.add(sorted.get(i));
    }
    return out;
  }

  /** Figure 4: six runs spread over m, accuracy against epoch with the fitted erf curves. */
  private static Figure examples(List<MlpReport.Row> usable) throws IOException {
    Figure f = new Figure(3).shareX().shareY().oneLegend();
    for (MlpReport.Row r : examples(usable, 6)) {
      if (r.curves() == null) {
        continue;
      }
      RunsTable c = RunsTable.read(r.curves());
      double[] t = c.numbers("epoch");
      double[] trainFit = new double[t.length];
      double[] valFit = new double[t.length];
      for (int i = 0; i < t.length; i++) {
        trainFit[i] = r.trainFit(t[i]);
        valFit[i] = r.valFit(t[i]);
      }
      String title = "n = " + r.inputSize() + ", seed " + r.seed() + ", m = " + Ticks.number(r.m(), 3);
      GrokkingFigures.accuracyPanel(f.panel(), title, "epoch", t, c.numbers("train_acc"), c.numbers("val_acc"), t,
          trainFit, valFit);
    }
    if (usable.isEmpty()) {
      f.panel().x("epoch").y(GrokkingFigures.ACCURACY).note("no run grokked (see runs.csv status)");
    }
    return f;
  }
}
