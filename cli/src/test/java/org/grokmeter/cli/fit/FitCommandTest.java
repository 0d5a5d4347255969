package org.grokmeter.cli.fit;

import static org.grokmeter.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.grokmeter.cli.CliRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {

  @TempDir
  Path dir;

  private Path fixture;

  @BeforeEach
  void copyFixture() throws IOException {
    fixture = dir.resolve("curves_37_0.csv.gz");
    try (InputStream in = getClass().getResourceAsStream("/fit/curves_37_0.csv.gz")) {
      Files.copy(in, fixture);
    }
  }

  /** A small valid log: a clean erf jump from 0.5 to 1 around epoch 30. */
  private static String goodCsv(String eol) {
    StringBuilder b = new StringBuilder("epoch,train_acc,val_acc" + eol);
    for (int e = 0; e < 80; e++) {
      double tr = 0.75 + 0.25 * org.apache.commons.numbers.gamma.Erf.value(0.1 * (e - 15));
      double va = 0.75 + 0.25 * org.apache.commons.numbers.gamma.Erf.value(0.08 * (e - 45));
      b.append(e).append(',').append(tr).append(',').append(va).append(eol);
    }
    return b.toString();
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private static List<Map<String, String>> parseCsv(String out) {
    List<String> lines = out.lines().toList();
    String[] header = lines.get(0).split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] cells = l.split(",", -1);
      assertEquals(header.length, cells.length, l);
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        m.put(header[i], cells[i]);
      }
      rows.add(m);
    }
    return rows;
  }

  /** Exit 2 and exactly one stderr line containing every fragment. */
  private static void assertBadInput(CliRun r, String... fragments) {
    assertEquals(2, r.code(), r.err());
    String err = r.err().strip();
    assertEquals(1, err.lines().count(), err);
    for (String f : fragments) {
      assertTrue(err.contains(f), "'" + f + "' missing in: " + err);
    }
    assertEquals("", r.out(), "no data on stdout after bad input");
  }

  // ------------------------------------------------------------------ real fit

  @Test
  void fitsARealTrainingLogLikeScipy() {
    CliRun r = run("fit", "--form", "erf", "--setting", "mlp", "--time", "epoch", "--train",
        "train_acc", "--val", "val_acc", fixture.toString());
    assertEquals(0, r.code(), r.err());
    Map<String, String> row = parseCsv(r.out()).get(0);
    assertEquals(fixture.toString(), row.get("file"));
    assertEquals("erf", row.get("form"));
    assertEquals("converged", row.get("status"));
    // scipy curve_fit's optimum for curves_37_0 (fixtures/mlp_torch/scipy_fits.csv)
    assertRel(206.12869714621567, row.get("t_star_train"));
    assertRel(0.00220563029893527, row.get("s_train"));
    assertRel(864.0151401970207, row.get("t_star_val"));
    assertRel(0.003818891478514918, row.get("s_val"));
    double m = Double.parseDouble(row.get("m"));
    assertEquals(864.0151401970207 / 206.12869714621567 - 1, m, 1e-5);
    assertEquals(Double.parseDouble(row.get("s_val")) / (2 * Math.sqrt(Math.PI)),
        Double.parseDouble(row.get("R_abs")), 1e-15);
    for (String col : List.of("t_star_train_se", "s_val_se", "m_se", "R_rel_se", "R_abs_se", "rss_train", "aic_val",
        "bic_val", "t_first_val", "t_stable_val", "start_val")) {
      assertTrue(row.containsKey(col) && !row.get(col).isEmpty(), col);
    }
    assertTrue(Double.parseDouble(row.get("m_se")) > 0);
    // round-trip doubles: the printed text parses back to the same double
    String ts = row.get("t_star_val");
    assertEquals(ts, Double.toString(Double.parseDouble(ts)));
  }

  @Test
  void theHardFixtureFallsBackToTheAutomaticStartAndSaysSo() throws IOException {
    Path hard = dir.resolve("curves_44_2.csv.gz");
    try (InputStream in = getClass().getResourceAsStream("/fit/curves_44_2.csv.gz")) {
      Files.copy(in, hard);
    }
    CliRun r = run("fit", "--setting", "mlp", hard.toString(), fixture.toString());
    assertEquals(0, r.code(), r.err());
    List<Map<String, String>> rows = parseCsv(r.out());
    assertEquals(2, rows.size());
    assertEquals("converged_auto_start", rows.get(0).get("status"));
    assertEquals("converged_auto_start", rows.get(0).get("status_val"));
    assertRel(2000.0561748945545, rows.get(0).get("t_star_val"));
    assertEquals("converged", rows.get(1).get("status"));
    CliRun paperOnly = run("fit", "--setting", "mlp", "--no-fallback", hard.toString());
    assertEquals(0, paperOnly.code(), "a failed fit is a row, not an error");
    String st = parseCsv(paperOnly.out()).get(0).get("status");
    assertTrue(st.startsWith("val_"), st);
  }

  @Test
  void jsonFormatAndFreeParametersAndBootstrap() throws Exception {
    Path p = write("log.csv", goodCsv("\n"));
    CliRun r = run("fit", "--format", "json", "--bootstrap", "20", "--seed", "3", p.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode arr = new ObjectMapper().readTree(r.out());
    assertEquals(1, arr.size());
    JsonNode row = arr.get(0);
    assertEquals("converged", row.get("status").asText());
    assertEquals(15.0, row.get("t_star_train").asDouble(), 1e-6);
    assertEquals(45.0, row.get("t_star_val").asDouble(), 1e-6);
    assertEquals(0.25, row.get("a_val").asDouble(), 1e-8);
    assertEquals(0.75, row.get("b_val").asDouble(), 1e-8);
    assertEquals(20.0, row.get("boot_n_val").asDouble());
    assertTrue(row.has("t_star_val_boot_se"));
  }

  @Test
  void formAutoAndOtherForms() throws IOException {
    Path p = write("log.csv", goodCsv("\n"));
    for (String form : List.of("logistic", "gompertz", "richards", "auto")) {
      CliRun r = run("fit", "--form", form, p.toString());
      assertEquals(0, r.code(), form + ": " + r.err());
      Map<String, String> row = parseCsv(r.out()).get(0);
      assertTrue(row.get("status").startsWith("converged"), form + " " + row.get("status"));
    }
    // the data are erf curves; BIC should say so
    CliRun auto = run("fit", "--form", "auto", "--criterion", "bic", p.toString());
    assertEquals("erf", parseCsv(auto.out()).get(0).get("form"));
  }

  @Test
  void bomAndCrlfAreFine() throws IOException {
    Path p = dir.resolve("bom.csv");
    Files.write(p, ("\uFEFF" + goodCsv("\r\n")).getBytes(StandardCharsets.UTF_8));
    CliRun r = run("fit", p.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("converged", parseCsv(r.out()).get(0).get("status"));
  }

  @Test
  void gzipByMagicBytesAndManyFilesOneRowEach() throws IOException {
    Path gz = dir.resolve("log.csv.gz");
    try (GZIPOutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(goodCsv("\n").getBytes(StandardCharsets.UTF_8));
    }
    Path plain = write("plain.csv", goodCsv("\n"));
    CliRun r = run("fit", gz.toString(), plain.toString(), fixture.toString());
    assertEquals(0, r.code(), r.err());
    List<Map<String, String>> rows = parseCsv(r.out());
    assertEquals(3, rows.size());
    assertEquals(gz.toString(), rows.get(0).get("file"));
    assertEquals(rows.get(0).get("t_star_val"), rows.get(1).get("t_star_val"), "same data, same bits");
  }

  @Test
  void tensorBoardAndWandbSeriesExports() throws IOException {
    StringBuilder tb = new StringBuilder("Wall time,Step,Value\n");
    StringBuilder wb = new StringBuilder("Step,run-1 - val_acc,run-1 - val_acc__MIN,run-1 - val_acc__MAX\n");
    for (int s = 0; s < 60; s++) {
      double tr = 0.75 + 0.25 * org.apache.commons.numbers.gamma.Erf.value(0.1 * (s - 10));
      double va = 0.75 + 0.25 * org.apache.commons.numbers.gamma.Erf.value(0.1 * (s - 30));
      tb.append(1.7e9 + s).append(',').append(s * 100).append(',').append(tr).append('\n');
      wb.append(s * 100).append(',').append(va).append(',').append(va).append(',').append(va).append('\n');
    }
    Path tr = write("train_tb.csv", tb.toString());
    Path va = write("val_wandb.csv", wb.toString());
    CliRun r = run("fit", "--train-file", tr.toString(), "--val-file", va.toString());
    assertEquals(0, r.code(), r.err());
    Map<String, String> row = parseCsv(r.out()).get(0);
    assertEquals(tr + "|" + va, row.get("file"));
    assertEquals(1000.0, Double.parseDouble(row.get("t_star_train")), 1e-4);
    assertEquals(3000.0, Double.parseDouble(row.get("t_star_val")), 1e-4);
    assertEquals(2.0, Double.parseDouble(row.get("m")), 1e-6);
    // a single series alone: t*, s and the threshold times, no measures
    CliRun single = run("fit", "--val-file", va.toString());
    assertEquals(0, single.code(), single.err());
    Map<String, String> srow = parseCsv(single.out()).get(0);
    assertEquals("", srow.get("m"));
    assertEquals("", srow.get("t_star_train"));
    assertEquals(3000.0, Double.parseDouble(srow.get("t_star_val")), 1e-4);
    assertEquals("converged", srow.get("status"));
  }

  @Test
  void aFailedFitLeavesTheMeasuresEmptyAndCountsAreIntegers() throws IOException {
    // the validation accuracy sits exactly at chance: a flat curve, never converged
    StringBuilder b = new StringBuilder("epoch,train_acc,val_acc\n");
    for (int e = 0; e < 300; e++) {
      double tr = 0.75 + 0.25 * org.apache.commons.numbers.gamma.Erf.value(0.03 * (e - 80));
      b.append(e).append(',').append(tr).append(",0.5\n");
    }
    Path p = write("flat_val.csv", b.toString());
    CliRun r = run("fit", "--setting", "mlp", p.toString());
    assertEquals(0, r.code(), r.err());
    Map<String, String> row = parseCsv(r.out()).get(0);
    assertEquals("val_flat_curve", row.get("status"));
    for (String col : List.of("m", "R_rel", "R_abs", "m_se", "R_rel_se", "R_abs_se", "t_star_val_se", "t_star_val_lo")) {
      assertEquals("", row.get(col), col);
    }
    assertEquals("300", row.get("points_train"));
    assertTrue(row.get("iterations_train").matches("\\d+"), row.get("iterations_train"));
    assertFalse(r.out().contains("NaN"), "undefined values are empty cells, not NaN");
  }

  @Test
  void errorsHacByDefaultIidOnRequest() {
    CliRun hac = run("fit", "--setting", "mlp", fixture.toString());
    CliRun iid = run("fit", "--setting", "mlp", "--errors", "iid", fixture.toString());
    Map<String, String> h = parseCsv(hac.out()).get(0);
    Map<String, String> i = parseCsv(iid.out()).get(0);
    assertEquals(h.get("t_star_val"), i.get("t_star_val"), "the same optimum");
    assertEquals("hac", h.get("errors_val"));
    assertEquals("iid", i.get("errors_val"));
    // scipy curve_fit's standard error of t*_val on curves_37_0 (fixtures/mlp_torch/scipy_pcov.csv)
    assertRel(0.44733428030137357, i.get("t_star_val_se"));
    assertTrue(Double.parseDouble(h.get("m_se")) > 2 * Double.parseDouble(i.get("m_se")),
        "correlated residuals: HAC errors wider than iid ones");
    assertBadInput(run("fit", "--errors", "robust", fixture.toString()), "--errors");
  }

  @Test
  void textReportAndJsonCovariance() throws Exception {
    CliRun text = run("fit", "--setting", "mlp", "--format", "text", fixture.toString());
    assertEquals(0, text.code(), text.err());
    for (String part : List.of("[[Fit: train]]", "[[Variables: val]]", "[[Correlations: val]]", "reduced chi-square",
        "Akaike info crit", "R-squared", "t_star:", "a:      0.25 (fixed)", "[[Measures]]", "m:", "converged to a rising")) {
      assertTrue(text.out().contains(part), part + " missing in:\n" + text.out());
    }
    CliRun json = run("fit", "--setting", "mlp", "--format", "json", fixture.toString());
    JsonNode row = new ObjectMapper().readTree(json.out()).get(0);
    JsonNode cov = row.get("covariance_val");
    assertEquals("t_star", cov.get("parameters").get(0).asText());
    assertEquals(2, cov.get("matrix").size());
    double se = row.get("t_star_val_se").asDouble();
    assertEquals(se * se, cov.get("matrix").get(0).get(0).asDouble(), 1e-12 * se * se);
    assertTrue(row.get("points_val").isIntegralNumber());
  }

  @Test
  void singleCurveInACsvLog() throws IOException {
    String text = goodCsv("\n").replace("epoch,train_acc,val_acc", "step,train_acc,other");
    Path p = write("train_only.csv", text);
    CliRun r = run("fit", p.toString());
    assertEquals(0, r.code(), r.err());
    Map<String, String> row = parseCsv(r.out()).get(0);
    assertEquals(15.0, Double.parseDouble(row.get("t_star_train")), 1e-6);
    assertEquals("", row.get("t_star_val"));
    assertTrue(Double.parseDouble(row.get("t_first_train")) > 15);
  }

  @Test
  void plotsPngSvgAndPdfWithTheDataBeside() throws IOException {
    Path png = dir.resolve("fit.png");
    Path svg = dir.resolve("sub/fit.svg");
    Path pdf = dir.resolve("fit2.pdf");
    assertEquals(0, run("--quiet", "fit", "--plot", png.toString(), fixture.toString()).code());
    assertEquals(0, run("--quiet", "fit", "--plot", svg.toString(), fixture.toString(), fixture.toString()).code());
    assertEquals(0, run("--quiet", "fit", "--plot", pdf.toString(), fixture.toString()).code());
    byte[] b = Files.readAllBytes(png);
    assertEquals('P', b[1]);
    String text = Files.readString(svg);
    assertTrue(text.contains("<svg"));
    // the x axis is named after the time column, not "time"
    assertTrue(text.contains(">epoch</text>") || text.contains(">step</text>"), "time column as the x label");
    assertTrue(new String(Files.readAllBytes(pdf), 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-"));
    List<String> data = Files.readAllLines(dir.resolve("fit.csv"));
    assertEquals("panel,x_name,y_name,series,style,x,y", data.get(0));
    assertTrue(data.stream().anyMatch(l -> l.contains(",line,")) && data.stream().anyMatch(l -> l.contains(",fit,")));
    assertEquals(2, run("fit", "--plot", dir.resolve("fit.jpg").toString(), fixture.toString()).code());
  }

  // ------------------------------------------------------------------ every bad input: exit 2, one line

  @Test
  void missingFile() {
    String p = dir.resolve("nope.csv").toString();
    assertBadInput(run("fit", p), p, "no such file");
  }

  @Test
  void unreadableFileAndDirectory() throws IOException {
    assertBadInput(run("fit", dir.toString()), dir.toString(), "directory");
    Path p = write("secret.csv", goodCsv("\n"));
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(p), "running as root: permissions are not enforced");
    assertBadInput(run("fit", p.toString()), p.toString(), "cannot read");
  }

  @Test
  void corruptAndTruncatedGzip() throws IOException {
    Path bad = dir.resolve("bad.csv.gz");
    Files.write(bad, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    assertBadInput(run("fit", bad.toString()), bad.toString(), "gzip");
    byte[] whole = Files.readAllBytes(fixture);
    Path cut = dir.resolve("cut.csv.gz");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    assertBadInput(run("fit", cut.toString()), cut.toString(), "line ", "gzip");
    Path notGz = write("plain.csv.gz", goodCsv("\n"));
    assertBadInput(run("fit", notGz.toString()), notGz.toString(), "gzip");
  }

  @Test
  void missingColumn() throws IOException {
    Path p = write("log.csv", goodCsv("\n"));
    assertBadInput(run("fit", "--val", "valid_acc", p.toString()), p.toString(), "line 1", "valid_acc");
    assertBadInput(run("fit", "--time", "wall", p.toString()), p.toString(), "line 1", "'wall'");
    Path noTime = write("notime.csv", goodCsv("\n").replace("epoch,", "t,"));
    assertBadInput(run("fit", noTime.toString()), noTime.toString(), "line 1", "--time");
    Path neither = write("neither.csv", goodCsv("\n").replace("train_acc,val_acc", "a,b"));
    assertBadInput(run("fit", neither.toString()), neither.toString(), "line 1", "train_acc");
  }

  @Test
  void nonNumericNanAndInf() throws IOException {
    // an empty cell is not here: it drops that point from that series (LogFormatsTest)
    String good = goodCsv("\n");
    List<String> lines = new ArrayList<>(good.lines().toList());
    String[] cases = {"abc", "NaN", "Infinity"};
    String[] words = {"'abc' is not a number", "not a finite number", "not a finite number"};
    for (int i = 0; i < cases.length; i++) {
      List<String> l = new ArrayList<>(lines);
      String[] cells = l.get(4).split(",");
      cells[2] = cases[i];
      l.set(4, String.join(",", cells[0], cells[1], cells[2]));
      Path p = write("bad" + i + ".csv", String.join("\n", l) + "\n");
      assertBadInput(run("fit", p.toString()), p.toString(), "line 5", "column 3", "(val_acc)", words[i]);
    }
  }

  @Test
  void tooFewPoints() throws IOException {
    Path p = write("short.csv", "epoch,train_acc,val_acc\n0,0.5,0.5\n1,0.7,0.5\n2,1.0,0.6\n");
    assertBadInput(run("fit", p.toString()), p.toString(), "only 3 data rows", "at least 4");
  }

  @Test
  void timeNotStrictlyIncreasing() throws IOException {
    String text = goodCsv("\n").replace("\n7,", "\n6,");
    Path p = write("dup.csv", text);
    assertBadInput(run("fit", p.toString()), p.toString(), "line 9", "column 1", "(epoch)", "not after");
  }

  @Test
  void accuracyOutsideUnitInterval() throws IOException {
    List<String> l = new ArrayList<>(goodCsv("\n").lines().toList());
    l.set(10, "9,1.5,0.5");
    Path p = write("range.csv", String.join("\n", l) + "\n");
    assertBadInput(run("fit", p.toString()), p.toString(), "line 11", "column 2", "(train_acc)", "outside [0, 1]");
    l.set(10, "9,-0.01,0.5");
    Path q = write("neg.csv", String.join("\n", l) + "\n");
    assertBadInput(run("fit", q.toString()), q.toString(), "line 11", "column 2", "outside [0, 1]");
  }

  @Test
  void raggedRowAndEmptyFile() throws IOException {
    List<String> l = new ArrayList<>(goodCsv("\n").lines().toList());
    l.set(6, "5,0.5");
    Path p = write("ragged.csv", String.join("\n", l) + "\n");
    assertBadInput(run("fit", p.toString()), p.toString(), "line 7", "2 fields");
    Path e = write("empty.csv", "");
    assertBadInput(run("fit", e.toString()), e.toString(), "empty");
    Path binary = dir.resolve("latin1.csv");
    Files.write(binary, "epoch,train_acc,val_acc\n0,0.5,0.5\n1,0.5,\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertBadInput(run("fit", binary.toString()), binary.toString(), "UTF-8");
  }

  @Test
  void badOptions() throws IOException {
    Path p = write("log.csv", goodCsv("\n"));
    assertBadInput(run("fit", "--form", "sigmoid", p.toString()), "--form");
    assertBadInput(run("fit", "--format", "xml", p.toString()), "--format");
    assertBadInput(run("fit", "--start", "1,2,3", p.toString()), "--start");
    assertBadInput(run("fit", "--plot", dir.resolve("x.jpg").toString(), p.toString()), "--plot");
    assertBadInput(run("fit", "--loss", "l7", p.toString()), "--loss");
    assertBadInput(run("fit", "--bootstrap", "-1", p.toString()), "--bootstrap");
    assertBadInput(run("fit", "--train-file", p.toString(), "--train-file", p.toString(), "--val-file", p.toString()),
        "pairs");
    assertBadInput(run("fit"), "no input");
    assertBadInput(run("fit", "--amplitude", "zero", p.toString()), "--amplitude");
  }

  @Test
  void helpShowsTheExample() {
    CliRun r = run("fit", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("--train-file"));
    assertFalse(r.out().isEmpty());
  }

  private static void assertRel(double want, String got) {
    double g = Double.parseDouble(got);
    assertTrue(Math.abs(g - want) / Math.abs(want) < 1e-6, got + " vs " + want);
  }
}
