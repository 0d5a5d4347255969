package org.grokmeter.cli.trend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.grokmeter.cli.plot.GrokkingFigures;

/**
 * Figures 2 and 5 of the paper for any set of runs, one series per group: {@code figure2} (m against
 * R_rel and R_abs) and {@code figure5} (log–log, with each group's least-squares line), each as PNG,
 * SVG, PDF and the CSV of its data, drawn by the figure layer every command shares.
 */
final class TrendFigures {

  private TrendFigures() {}

  static void write(List<TrendCommand.Group> groups, String groupColumn, Path dir) {
    List<GrokkingFigures.Run> runs = new ArrayList<>();
    for (TrendCommand.Group g : groups) {
      String label = groupColumn == null ? null : groupColumn + " = " + g.name();
      for (int i = 0; i < g.m().length; i++) {
        runs.add(new GrokkingFigures.Run(g.m()[i], g.relative()[i], g.absolute()[i], label, null));
      }
    }
    GrokkingFigures.sharpness(runs, false, dir, "figure2", "figure5");
  }
}
