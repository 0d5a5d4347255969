package org.grokmeter.cli.io;

import static org.grokmeter.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.numbers.gamma.Erf;
import org.grokmeter.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every log format {@code grokmeter fit} reads, and every way each can be wrong. */
class LogFormatsTest {

  @TempDir
  Path dir;

  /** The paper's erf curve from 0.5 to 1 with its jump at t*. */
  static double acc(double t, double tStar, double s) {
    return 0.75 + 0.25 * Erf.value(s * (t - tStar));
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  static List<Map<String, String>> rows(String csv) throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(
        new java.io.StringReader(csv))) {
      out.add(new HashMap<>(r.toMap()));
    }
    return out;
  }

  private static Map<String, String> fitOne(String... args) throws IOException {
    CliRun r = run(args);
    assertEquals(0, r.code(), r.err());
    List<Map<String, String>> rows = rows(r.out());
    assertEquals(1, rows.size());
    return rows.get(0);
  }

  private static double num(Map<String, String> row, String col) {
    return Double.parseDouble(row.get(col));
  }

  /** Exit 2, one stderr line with every fragment, nothing on stdout. */
  static void assertBadInput(CliRun r, String... fragments) {
    assertEquals(2, r.code(), r.err());
    String err = r.err().strip();
    assertEquals(1, err.lines().count(), err);
    for (String f : fragments) {
      assertTrue(err.contains(f), "'" + f + "' missing in: " + err);
    }
    assertEquals("", r.out(), "no data on stdout after bad input");
  }

  // ------------------------------------------------------------------ CSV dialects

  @Test
  void wandbHistoryExportWithSparseCells() throws IOException {
    // run.history(): _step on every row; val logged every other step; epoch as sparse as a metric
    StringBuilder b = new StringBuilder("_step,_runtime,_timestamp,epoch,train/acc,val/acc\n");
    for (int s = 0; s < 120; s++) {
      b.append(s).append(',').append(s * 0.5).append(',').append(1.7e9 + s).append(',')
          .append(s % 10 == 0 ? String.valueOf(s / 10) : "").append(',')
          .append(acc(s, 20, 0.1)).append(',').append(s % 2 == 0 ? String.valueOf(acc(s, 60, 0.08)) : "")
          .append('\n');
    }
    Map<String, String> row = fitOne("fit", write("wandb_history.csv", b.toString()).toString());
    assertEquals(20.0, num(row, "t_star_train"), 1e-6);
    assertEquals(60.0, num(row, "t_star_val"), 1e-6);
    assertEquals(60.0, num(row, "points_val"));
    assertEquals(120.0, num(row, "points_train"));
  }

  @Test
  void lightningMetricsCsvMergesRowsThatShareATime() throws IOException {
    // CSVLogger: a train row and a val row per epoch, at the same epoch and step; per-step rows between
    StringBuilder b = new StringBuilder("epoch,step,train_loss_step,train_acc_epoch,val_acc,val_loss\n");
    for (int e = 0; e < 90; e++) {
      b.append(e).append(',').append(e * 10 + 5).append(",0.3,,,\n");
      b.append(e).append(',').append(e * 10 + 9).append(",,,").append(acc(e, 45, 0.08)).append(",0.2\n");
      b.append(e).append(',').append(e * 10 + 9).append(",,").append(acc(e, 15, 0.1)).append(",,\n");
    }
    Map<String, String> row = fitOne("fit", write("metrics.csv", b.toString()).toString());
    assertEquals(15.0, num(row, "t_star_train"), 1e-6);
    assertEquals(45.0, num(row, "t_star_val"), 1e-6);
    assertEquals(90.0, num(row, "points_train"));
    // the same log against its step column: train and val share each epoch's last step
    Map<String, String> steps = fitOne("fit", "--time", "step", dir.resolve("metrics.csv").toString());
    assertEquals(159.0, num(steps, "t_star_train"), 1e-4);
  }

  @Test
  void twoValuesAtOneTimeInOneSeriesAreRefused() throws IOException {
    StringBuilder b = new StringBuilder("epoch,train_acc,val_acc\n");
    for (int e = 0; e < 20; e++) {
      b.append(e).append(',').append(acc(e, 5, 0.3)).append(',').append(acc(e, 10, 0.3)).append('\n');
      if (e == 7) {
        b.append("7,0.9,\n");
      }
    }
    Path p = write("dup.csv", b.toString());
    assertBadInput(run("fit", p.toString()), p.toString(), "line 10", "(epoch)", "time 7 is not after 7 (line 9)",
        "'train_acc'");
  }

  @Test
  void wandbChartExportWithSeveralRunsGivesOneRowPerRun() throws IOException {
    String[] runs = {"lr=1e-3", "lr, 3e-3"};
    double[] trainT = {10, 20};
    double[] valT = {30, 80};
    StringBuilder tr = new StringBuilder("Step");
    StringBuilder va = new StringBuilder("Step");
    for (String r : runs) {
      for (String suffix : new String[] {"", "__MIN", "__MAX"}) {
        tr.append(",\"").append(r).append(" - train/acc").append(suffix).append('"');
        va.append(",\"").append(r).append(" - val/acc").append(suffix).append('"');
      }
    }
    tr.append('\n');
    va.append('\n');
    for (int s = 0; s < 150; s++) {
      tr.append(s * 10);
      va.append(s * 10);
      for (int k = 0; k < runs.length; k++) {
        // the second run was evaluated every other step only: its other cells are empty
        boolean has = k == 0 || s % 2 == 0;
        String a = has ? String.valueOf(acc(s * 10, trainT[k] * 10, 0.01)) : "";
        String v = has ? String.valueOf(acc(s * 10, valT[k] * 10, 0.008)) : "";
        tr.append(',').append(a).append(',').append(a).append(',').append(a);
        va.append(',').append(v).append(',').append(v).append(',').append(v);
      }
      tr.append('\n');
      va.append('\n');
    }
    Path t = write("train_chart.csv", tr.toString());
    Path v = write("val_chart.csv", va.toString());
    CliRun r = run("fit", "--train-file", t.toString(), "--val-file", v.toString());
    assertEquals(0, r.code(), r.err());
    List<Map<String, String>> rows = rows(r.out());
    assertEquals(2, rows.size());
    for (int k = 0; k < 2; k++) {
      assertEquals(runs[k], rows.get(k).get("run"));
      assertEquals(t + "|" + v, rows.get(k).get("file"));
      assertEquals(valT[k] / trainT[k] - 1, num(rows.get(k), "m"), 1e-6);
    }
    // the runs must match: a val export with another run is named
    Path other = write("other.csv", va.toString().replace("lr=1e-3", "lr=9"));
    assertBadInput(run("fit", "--train-file", t.toString(), "--val-file", other.toString()), t.toString(),
        "no run 'lr=9'");
    // a metric named on the command line picks that metric's columns out of a wider export
    CliRun named = run("fit", "--val", "val/acc", "--val-file", v.toString());
    assertEquals(0, named.code(), named.err());
    assertEquals(2, rows(named.out()).size());
  }

  @Test
  void quotesOnlyOpenAFieldAtItsStartKeptOrNot() throws IOException {
    // a stray quote inside a column nobody asked for, and a quoted note spanning two lines
    StringBuilder b = new StringBuilder("epoch,note,train_acc,val_acc\n");
    for (int e = 0; e < 40; e++) {
      String note = e == 3 ? "5\" screen" : e == 5 ? "\"two\nlines, \"\"quoted\"\"\"" : "x";
      b.append(e).append(',').append(note).append(',').append(acc(e, 10, 0.3)).append(',').append(acc(e, 20, 0.3))
          .append('\n');
    }
    Map<String, String> row = fitOne("fit", write("notes.csv", b.toString()).toString());
    assertEquals(40.0, num(row, "points_val"));
    assertEquals(2.0 - 1, num(row, "m"), 1e-6);
    Path open = write("open.csv", "epoch,train_acc\n0,\"0.5\n1,0.6\n");
    assertBadInput(run("fit", open.toString()), open.toString(), "line 2", "never closes");
  }

  @Test
  void duplicateColumnNamesAreRefused() throws IOException {
    Path p = write("dupcol.csv", "epoch,train_acc,val_acc,train_acc\n0,0.5,0.5,0.5\n");
    assertBadInput(run("fit", p.toString()), p.toString(), "line 1", "column 4", "'train_acc'", "unique");
  }

  @Test
  void percentAccuracies() throws IOException {
    StringBuilder b = new StringBuilder("epoch,train_acc,val_acc\n");
    StringBuilder f = new StringBuilder("epoch,train_acc,val_acc\n");
    for (int e = 0; e < 80; e++) {
      double tr = acc(e, 15, 0.1);
      double va = acc(e, 45, 0.08);
      b.append(e).append(',').append(tr * 100).append(',').append(va * 100).append('\n');
      f.append(e).append(',').append(tr * 100 / 100).append(',').append(va * 100 / 100).append('\n');
    }
    Path pct = write("pct.csv", b.toString());
    assertBadInput(run("fit", pct.toString()), pct.toString(), "outside [0, 1]", "--percent");
    Map<String, String> a = fitOne("fit", "--percent", pct.toString());
    Map<String, String> c = fitOne("fit", write("frac.csv", f.toString()).toString());
    assertEquals(c.get("t_star_val"), a.get("t_star_val"), "v/100 is the same double as the fraction written");
    assertEquals(45.0, num(a, "t_star_val"), 1e-6);
    Path over = write("over.csv", b.toString().replaceFirst("\n1,[^,]*,", "\n1,100.5,"));
    assertBadInput(run("fit", "--percent", over.toString()), over.toString(), "line 3", "outside [0, 100]");
  }

  // ------------------------------------------------------------------ JSON lines

  @Test
  void jsonLines() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int e = 0; e < 80; e++) {
      b.append("{\"epoch\": ").append(e).append(", \"train_acc\": ").append(acc(e, 15, 0.1));
      if (e % 3 != 0) {
        b.append(", \"val_acc\": ").append(acc(e, 45, 0.08));
      } else {
        b.append(", \"val_acc\": null");
      }
      b.append(", \"lr\": 0.01}\n");
    }
    Map<String, String> row = fitOne("fit", write("log.jsonl", b.toString()).toString());
    assertEquals(15.0, num(row, "t_star_train"), 1e-6);
    assertEquals(45.0, num(row, "t_star_val"), 1e-6);
    // a .ndjson without the extension: recognised by its first byte
    Map<String, String> same = fitOne("fit", write("log.txt", b.toString()).toString());
    assertEquals(row.get("t_star_val"), same.get("t_star_val"));

    String[] lines = b.toString().split("\n");
    lines[4] = "{\"epoch\": 4, \"train_acc\": 0.5,";
    Path bad = write("bad.jsonl", String.join("\n", lines) + "\n");
    assertBadInput(run("fit", bad.toString()), bad.toString(), "line 5", "malformed JSON");
    lines[4] = "{\"epoch\": 4, \"train_acc\": 0.5, \"train_acc\": 0.6}";
    Path dup = write("dup.jsonl", String.join("\n", lines) + "\n");
    assertBadInput(run("fit", dup.toString()), dup.toString(), "line 5", "train_acc");
    lines[4] = "{\"epoch\": 4, \"train_acc\": NaN}";
    Path nan = write("nan.jsonl", String.join("\n", lines) + "\n");
    assertBadInput(run("fit", nan.toString()), nan.toString(), "line 5", "(train_acc)", "not a finite number");
    lines[4] = "{\"epoch\": 4, \"train_acc\": [1]}";
    Path arr = write("arr.jsonl", String.join("\n", lines) + "\n");
    assertBadInput(run("fit", arr.toString()), arr.toString(), "line 5", "is not a number");
    lines[4] = "[1, 2]";
    Path notObj = write("notobj.ndjson", String.join("\n", lines) + "\n");
    assertBadInput(run("fit", notObj.toString()), notObj.toString(), "line 5", "not a JSON object");
    lines[4] = "{\"train_acc\": 0.5}";
    Path noTime = write("notime.jsonl", String.join("\n", lines) + "\n");
    assertBadInput(run("fit", noTime.toString()), noTime.toString(), "line 5", "no time");
    Path deep = write("deep.jsonl", "{\"epoch\": 1, \"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}\n");
    assertBadInput(run("fit", deep.toString()), deep.toString(), "line 1", "malformed JSON");
  }

  // ------------------------------------------------------------------ TensorBoard

  private static byte[] events(String trainTag, String valTag, long fromStep, long toStep) {
    EventFileWriter w = new EventFileWriter().fileVersion(1.7e9);
    for (long s = fromStep; s < toStep; s++) {
      w.scalar(s, trainTag, (float) acc(s, 15, 0.1));
      w.tensorScalar(s, valTag, (float) acc(s, 45, 0.08), s % 2 == 0);
      w.tensorPair(s, "weights/histogram");
      w.scalar(s, "loss", 0.1f);
    }
    return w.toBytes();
  }

  @Test
  void crc32cOfTheTestWriterMatchesTheJdkAndKnownVectors() {
    // vectors from RFC 3720 (iSCSI) B.4 and TensorFlow's crc32c_test
    assertEquals(0xE3069283, EventFileWriter.crc32c("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9));
    assertEquals(0x8A9136AA, EventFileWriter.crc32c(new byte[32], 0, 32));
    byte[] ascending = new byte[32];
    for (int i = 0; i < 32; i++) {
      ascending[i] = (byte) i;
    }
    assertEquals(0x46DD794E, EventFileWriter.crc32c(ascending, 0, 32));
    byte[] data = events("a", "b", 0, 50);
    for (int len : new int[] {0, 1, 7, 8, 100, data.length}) {
      CRC32C jdk = new CRC32C();
      jdk.update(data, 0, len);
      assertEquals((int) jdk.getValue(), EventFileWriter.crc32c(data, 0, len));
      assertEquals(EventFileWriter.masked(data, 0, len), TfRecords.maskedCrc32c(data, 0, len));
    }
  }

  @Test
  void tensorBoardEventFileSimpleValuesAndTensorScalars() throws IOException {
    Path f = dir.resolve("run1/events.out.tfevents.1700000000.host.1.0");
    Files.createDirectories(f.getParent());
    Files.write(f, events("train/acc", "val/acc", 0, 80));
    Map<String, String> row = fitOne("fit", "--train", "train/acc", "--val", "val/acc", f.toString());
    assertEquals(15.0, num(row, "t_star_train"), 1e-3);
    assertEquals(45.0, num(row, "t_star_val"), 1e-3);
    assertEquals(80.0, num(row, "points_val"));
    // the default names include train/acc and val/acc; the run folder reads the same
    Map<String, String> folder = fitOne("fit", f.getParent().toString());
    assertEquals(row.get("t_star_val"), folder.get("t_star_val"));
    // an unknown tag is named with the tags there are
    assertBadInput(run("fit", "--val", "val/accuracy", f.toString()), f.toString(), "no scalar tag 'val/accuracy'",
        "train/acc, val/acc, loss");
  }

  @Test
  void anEventFileThatTensorboardXWrote() throws IOException {
    // written by make_tensorboardx_events.py (tensorboardX 2.6.5 with Google's protobuf): train/acc as
    // simple values, val/acc as TF2-style tensors, a histogram and a loss beside them
    Path f = dir.resolve("run/events.out.tfevents.1796250602.vm");
    Files.createDirectories(f.getParent());
    try (InputStream in = getClass().getResourceAsStream("/logs/events.out.tfevents.tensorboardX")) {
      Files.copy(in, f);
    }
    Map<String, String> row = fitOne("fit", f.getParent().toString());
    assertEquals(80.0, num(row, "points_train"));
    assertEquals(80.0, num(row, "points_val"));
    // float32 values of the exact curves
    assertEquals(15.0, num(row, "t_star_train"), 1e-5);
    assertEquals(45.0, num(row, "t_star_val"), 1e-5);
    assertBadInput(run("fit", "--val", "weights", f.toString()), "no scalar tag 'weights'",
        "(scalar tags: train/acc, val/acc, loss)");
  }

  @Test
  void tensorBoardRunFolderWithKerasSubfoldersAndARestart() throws IOException {
    Path run = dir.resolve("logs");
    Files.createDirectories(run.resolve("train"));
    Files.createDirectories(run.resolve("validation"));
    // the run restarted at step 50: the second file repeats steps 50..59 with the values that count
    Files.write(run.resolve("train/events.out.tfevents.1.a"), events("epoch_accuracy", "x", 0, 60));
    Files.write(run.resolve("train/events.out.tfevents.2.a"), events("epoch_accuracy", "x", 50, 90));
    Files.write(run.resolve("validation/events.out.tfevents.1.b"), events("y", "epoch_accuracy", 0, 90));
    Map<String, String> row = fitOne("fit", "--train", "train/epoch_accuracy", "--val",
        "validation/epoch_accuracy", run.toString());
    assertEquals(90.0, num(row, "points_train"), "steps 50..59 once each");
    assertEquals(15.0, num(row, "t_star_train"), 1e-3);
    assertEquals(45.0, num(row, "t_star_val"), 1e-3);
    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    assertBadInput(run("fit", empty.toString()), empty.toString(), "directory", "tfevents");
  }

  @Test
  void tensorBoardSeriesFilesAndGzip() throws IOException {
    Path t = dir.resolve("events.out.tfevents.train");
    Files.write(t, new EventFileWriter().fileVersion(1).toBytes());
    byte[] w = new EventFileWriter().fileVersion(1).toBytes();
    EventFileWriter tw = new EventFileWriter();
    EventFileWriter vw = new EventFileWriter();
    for (int s = 0; s < 70; s++) {
      tw.scalar(s, "acc", (float) acc(s, 10, 0.1));
      vw.scalar(s, "acc", (float) acc(s, 30, 0.1));
    }
    Files.write(t, tw.toBytes());
    Path v = dir.resolve("val.tfevents.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(v))) {
      out.write(w);
      out.write(vw.toBytes());
    }
    Map<String, String> row = fitOne("fit", "--train-file", t.toString(), "--val-file", v.toString());
    assertEquals(2.0, num(row, "m"), 1e-3);
  }

  @Test
  void corruptAndTruncatedEventFilesNameTheByteOffset() throws IOException {
    byte[] good = events("train/acc", "val/acc", 0, 40);
    int firstLen = 12 + (int) TfRecords.le64(good, 0) + 4;
    // a flipped bit in the second record's data
    byte[] flipped = good.clone();
    flipped[firstLen + 20] ^= 0x10;
    Path f = dir.resolve("flip.tfevents");
    Files.write(f, flipped);
    assertBadInput(run("fit", f.toString()), f.toString(), "byte " + firstLen, "data CRC-32C mismatch");
    // a damaged length
    byte[] len = good.clone();
    len[firstLen + 1] = 0x7f;
    Path g = dir.resolve("len.tfevents");
    Files.write(g, len);
    assertBadInput(run("fit", g.toString()), g.toString(), "byte " + firstLen, "length CRC-32C");
    Path cut = dir.resolve("cut.tfevents");
    Files.write(cut, java.util.Arrays.copyOf(good, good.length - 3));
    assertBadInput(run("fit", cut.toString()), cut.toString(), "truncated");
    // valid framing around bytes that are not an Event
    Path junk = dir.resolve("junk.tfevents");
    Files.write(junk, new EventFileWriter().record(new byte[] {(byte) 0x0a, 0x7f}).toBytes());
    assertBadInput(run("fit", junk.toString()), junk.toString(), "byte 0", "malformed Event protobuf");
  }

  // ------------------------------------------------------------------ stdin, caps, special files

  @Test
  void standardInputIsReadOnce() throws IOException {
    StringBuilder b = new StringBuilder("epoch,train_acc,val_acc\n");
    for (int e = 0; e < 80; e++) {
      b.append(e).append(',').append(acc(e, 15, 0.1)).append(',').append(acc(e, 45, 0.08)).append('\n');
    }
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8)));
      Map<String, String> row = fitOne("fit", "-");
      assertEquals("-", row.get("file"));
      assertEquals(45.0, num(row, "t_star_val"), 1e-6);
      System.setIn(new ByteArrayInputStream(events("train/acc", "val/acc", 0, 80)));
      assertEquals(15.0, num(fitOne("fit", "-"), "t_star_train"), 1e-3);
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void capsAndSpecialFiles() throws IOException {
    Path p = write("ok.csv", "epoch,train_acc\n" + "1,0.5\n".repeat(100));
    assertBadInput(run("fit", "--max-bytes", "100", p.toString()), p.toString(), "more than 100 bytes",
        "--max-bytes");
    Path longRecord = write("long.csv", "epoch,train_acc\n1," + "9".repeat(CsvRecords.MAX_RECORD_CHARS + 10) + "\n");
    assertBadInput(run("fit", longRecord.toString()), longRecord.toString(), "line 2", "longer than");
    Path nul = dir.resolve("nul.csv");
    Files.write(nul, new byte[] {'e', 'p', 'o', 'c', 'h', 0, 0, 0, 0, 0, 0, 0, 0, '\n'});
    assertBadInput(run("fit", nul.toString()), nul.toString(), "line 1", "NUL");
    assumeTrue(Files.exists(Path.of("/dev/zero")));
    assertBadInput(run("fit", "/dev/zero"), "/dev/zero", "device");
  }
}
