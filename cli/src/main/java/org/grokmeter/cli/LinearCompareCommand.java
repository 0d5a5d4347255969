package org.grokmeter.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.grokmeter.UserInputException;
import org.grokmeter.cli.io.RunsTable;
import org.grokmeter.cli.plot.GrokkingFigures;
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
    List<GrokkingFigures.Run> runs = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (int f = 0; f < folders.size(); f++) {
      Path file = folders.get(f).resolve("runs.csv");
      if (!Files.isRegularFile(file)) {
        throw new UserInputException(file + ": no such file (is " + folders.get(f) + " a 'grokmeter linear' folder?)");
      }
      // the store's RFC 4180 CSV (a status may be quoted), read by column name
      RunsTable table = RunsTable.read(file);
      for (String c : List.of("m", "R_rel", "R_abs", "status")) {
        if (!table.has(c)) {
          throw new UserInputException(file + " line 1: no column '" + c + "'");
        }
      }
      int ok = 0;
      for (int i = 0; i < table.size(); i++) {
        ok += "ok".equals(table.text(i, "status")) ? 1 : 0;
      }
      String label = (labels != null ? labels.get(f) : folders.get(f).getFileName().toString())
          + " (" + ok + "/" + table.size() + " ok)";
      if (ok == 0) {
        // nothing to draw (e.g. exact mode at lambda > 1, where validation never rises); say so
        skipped.add(label);
        continue;
      }
      for (int i = 0; i < table.size(); i++) {
        String status = table.text(i, "status");
        try {
          runs.add(new GrokkingFigures.Run(table.number(i, "m"), table.number(i, "R_rel"), table.number(i, "R_abs"),
              label, "ok".equals(status) ? null : GrokkingFigures.exclusion(status)));
        } catch (IllegalArgumentException e) {
          throw new UserInputException(file + " line " + (i + 2) + ": not a number in m/R_rel/R_abs");
        }
      }
    }
    if (runs.isEmpty()) {
      throw new UserInputException("no folder has a run with status ok: nothing to compare");
    }
    for (String label : skipped) {
      org.grokmeter.cli.io.Log.info("linear-compare: " + label + " has no run with status ok; not drawn");
    }
    GrokkingFigures.sharpness(runs, true, out, "compare_m_vs_R", "compare_loglog_m_vs_R");
    return ExitCode.OK;
  }

}
