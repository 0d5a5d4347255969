package org.grokmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.grokmeter.cli.io.RunsTable;

/** The reproduction pipeline end to end on toy settings (hidden --tiny): real runs, real figures, real report. */
class ReproduceCommandTest {

  @Test
  void writesSixFiguresAndAReportWhoseNumbersComeFromTheRuns(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("rep");
    CliRun r = CliRun.run("--quiet", "reproduce", "--tiny", "--threads", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    for (int i = 1; i <= 6; i++) {
      byte[] png = Files.readAllBytes(out.resolve("figures/figure" + i + ".png"));
      assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "figure" + i + ".png");
      String svg = Files.readString(out.resolve("figures/figure" + i + ".svg"));
      assertTrue(svg.contains("<svg"), "figure" + i + ".svg");
    }
    String report = Files.readString(out.resolve("report.md"));
    for (int i = 1; i <= 6; i++) {
      assertTrue(report.contains("## Figure " + i + " "), "section " + i);
    }
    // the report's MLP m range is the range over the runs.csv rows it plots (status ok*), recomputed here
    RunsTable mlp = RunsTable.read(out.resolve("mlp/runs.csv"));
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int ok = 0;
    for (int i = 0; i < mlp.size(); i++) {
      if (mlp.text(i, "status").startsWith("ok")) {
        ok++;
        lo = Math.min(lo, mlp.number(i, "m"));
        hi = Math.max(hi, mlp.number(i, "m"));
      }
    }
    assertEquals(10, mlp.size());
    assertTrue(ok > 0, "some toy MLP runs grok");
    assertTrue(report.contains(String.format(Locale.ROOT, "- runs: 10, of which %d with status `ok`", ok)), report);
    assertTrue(report.contains(String.format(Locale.ROOT, "- m: %.4g – %.4g;", lo, hi)), report);
    assertTrue(report.contains("| linear setting, exact mode (tiny) | `linear-exact/` | 3 | 3 |"), report);

  }
}
