package org.grokmeter.cli.trend;

import static org.grokmeter.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.numbers.gamma.Erf;
import org.grokmeter.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrendCommandTest {

  @TempDir
  Path dir;

  private static List<Map<String, String>> rows(String csv) throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv))) {
      out.add(r.toMap());
    }
    return out;
  }

  private static void assertBadInput(CliRun r, String... fragments) {
    assertEquals(2, r.code(), r.err());
    String err = r.err().strip();
    assertEquals(1, err.lines().count(), err);
    for (String f : fragments) {
      assertTrue(err.contains(f), "'" + f + "' missing in: " + err);
    }
    assertEquals("", r.out());
  }

  /** Least squares of y on x by the textbook sums, independent of the code under test. */
  private static double[] slopeInterceptR(double[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i] / n;
      my += y[i] / n;
    }
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    double slope = sxy / sxx;
    return new double[] {slope, my - slope * mx, sxy / Math.sqrt(sxx * syy)};
  }

  @Test
  void groupsSkippedRowsAndTheRegression() throws IOException {
    StringBuilder b = new StringBuilder("wd,seed,m,R_rel,R_abs,status\n");
    double[][] logM = new double[2][];
    double[][] logR = new double[2][];
    for (int g = 0; g < 2; g++) {
      logM[g] = new double[12];
      logR[g] = new double[12];
      for (int i = 0; i < 12; i++) {
        double m = 0.5 + i * 0.7;
        // a power law with a deterministic wobble, different per group
        double r = Math.pow(10, 0.3 - (0.4 + 0.2 * g) * Math.log10(m) + 0.05 * Math.sin(3 * i + g));
        logM[g][i] = Math.log10(m);
        logR[g][i] = Math.log10(r);
        b.append(g == 0 ? "0.01" : "\"0,1\"").append(',').append(i).append(',').append(m).append(',').append(r)
            .append(',').append(2 * r).append(",ok\n");
      }
    }
    b.append("0.01,99,,,,ok\n");
    b.append("0.01,98,1.0,2.0,3.0,did_not_grok\n");
    b.append("0.01,97,1.0,2.0,3.0,error: java.lang.OutOfMemoryError\n");
    b.append("0.01,96,-1.0,2.0,3.0,ok\n");
    Path f = dir.resolve("runs.csv");
    Files.writeString(f, b.toString(), StandardCharsets.UTF_8);
    Path figs = dir.resolve("figs");
    CliRun r = run("trend", "--group-by", "wd", "--figures", figs.toString(), dir.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("25 runs; skipped 1 with an empty m, 1 with status did_not_grok, 1 with status error"),
        r.err());
    List<Map<String, String>> rows = rows(r.out());
    assertEquals(TrendCommand.HEADER, List.of(r.out().lines().findFirst().orElseThrow().split(",")));
    assertEquals(4, rows.size());
    for (int g = 0; g < 2; g++) {
      Map<String, String> rel = rows.get(2 * g);
      assertEquals(g == 0 ? "0.01" : "0,1", rel.get("group"));
      assertEquals("R_rel", rel.get("measure"));
      assertEquals("12", rel.get("n"));
      assertEquals(g == 0 ? "1" : "0", rel.get("excluded"), "m = -1 cannot enter a log-log fit");
      double[] want = slopeInterceptR(logM[g], logR[g]);
      assertEquals(want[0], Double.parseDouble(rel.get("slope")), 1e-12);
      assertEquals(want[1], Double.parseDouble(rel.get("intercept")), 1e-12);
      assertEquals(want[2], Double.parseDouble(rel.get("r")), 1e-12);
      Map<String, String> abs = rows.get(2 * g + 1);
      assertEquals(want[0], Double.parseDouble(abs.get("slope")), 1e-12);
      assertEquals(want[1] + Math.log10(2), Double.parseDouble(abs.get("intercept")), 1e-12);
    }
    for (String name : List.of("figure2_relative_sharpness", "figure2_absolute_sharpness",
        "figure5_relative_sharpness_loglog", "figure5_absolute_sharpness_loglog")) {
      assertTrue(Files.size(figs.resolve(name + ".png")) > 1000, name);
      assertTrue(Files.readString(figs.resolve(name + ".svg")).contains("<svg"), name);
    }
  }

  @Test
  void fitOutputFeedsTrend() throws IOException {
    // four logs whose validation jumps later and more gently as the gap grows: R_rel falls with m
    List<String> args = new ArrayList<>(List.of("fit"));
    for (int k = 0; k < 4; k++) {
      StringBuilder b = new StringBuilder("epoch,train_acc,val_acc\n");
      double tVal = 30 + 20 * k;
      double sVal = 0.1 / (1 + k);
      for (int e = 0; e < 300; e++) {
        b.append(e).append(',').append(0.75 + 0.25 * Erf.value(0.1 * (e - 15))).append(',')
            .append(0.75 + 0.25 * Erf.value(sVal * (e - tVal))).append('\n');
      }
      Path p = dir.resolve("log" + k + ".csv");
      Files.writeString(p, b.toString());
      args.add(p.toString());
    }
    CliRun fit = run(args.toArray(String[]::new));
    assertEquals(0, fit.code(), fit.err());
    Path fits = dir.resolve("fits.csv");
    Files.writeString(fits, fit.out());
    CliRun r = run("trend", fits.toString());
    assertEquals(0, r.code(), r.err());
    Map<String, String> rel = rows(r.out()).get(0);
    assertEquals("all", rel.get("group"));
    assertEquals("4", rel.get("n"));
    assertTrue(Double.parseDouble(rel.get("r")) < -0.9, rel.toString());
  }

  @Test
  void badTables() throws IOException {
    Path noM = dir.resolve("nom.csv");
    Files.writeString(noM, "x,R_rel,R_abs\n1,2,3\n");
    assertBadInput(run("trend", noM.toString()), noM.toString(), "line 1", "no column 'm'");
    Path text = dir.resolve("text.csv");
    Files.writeString(text, "m,R_rel,R_abs\n1,2,3\n2,abc,3\n");
    assertBadInput(run("trend", text.toString()), text.toString(), "line 3", "column 2 (R_rel)", "'abc'");
    assertBadInput(run("trend", "--group-by", "lr", text.toString()), text.toString(), "no column 'lr'");
    Path dup = dir.resolve("dup.csv");
    Files.writeString(dup, "m,R_rel,R_abs,m\n1,2,3,4\n");
    assertBadInput(run("trend", dup.toString()), dup.toString(), "column 4", "'m'", "unique");
    Path ragged = dir.resolve("ragged.csv");
    Files.writeString(ragged, "m,R_rel,R_abs\n1,2\n");
    assertBadInput(run("trend", ragged.toString()), ragged.toString(), "line 2", "2 fields");
    assertBadInput(run("trend", dir.resolve("none.csv").toString()), "none.csv", "no such file");
    assertBadInput(run("trend", dir.toString()), "without runs.csv");
  }
}
