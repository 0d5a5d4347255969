package org.grokmeter.cli.exec;

import static org.grokmeter.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.grokmeter.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grokmeter sweep FILE --exec CMD}: the project's example training script, failures, resume, shards. */
class SweepExecTest {

  @TempDir
  Path dir;

  /** The example of docs/cluster.md, in the repository (tests run in cli/). */
  private static final Path TRAIN = Path.of("..", "examples", "command-sweep", "train.sh").toAbsolutePath()
      .normalize();

  private static List<Map<String, String>> rows(Path runs) throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(Files.readString(runs)))) {
      out.add(r.toMap());
    }
    return out;
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static void assertBadInput(CliRun r, String... fragments) {
    assertEquals(2, r.code(), r.err());
    String err = r.err().strip();
    assertEquals(1, err.lines().count(), err);
    for (String f : fragments) {
      assertTrue(err.contains(f), "'" + f + "' missing in: " + err);
    }
  }

  @Test
  void theExampleTrainingScriptSweepsResumesAndShards() throws IOException {
    assertTrue(Files.isExecutable(TRAIN), TRAIN.toString());
    Path file = write("sweep.yaml", "experiment: command\nweight_decay: [0.01, 0.04]\nseed: 0:1\n");
    String exec = TRAIN + " --weight-decay {weight_decay} --seed {seed} --epochs 300 --log {log}";
    Path out = dir.resolve("out");
    CliRun r = run("--quiet", "sweep", file.toString(), "--out", out.toString(), "--threads", "2", "--exec", exec,
        "--amplitude", "0.25", "--offset", "0.75");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.out());
    List<Map<String, String>> rows = rows(out.resolve("runs.csv"));
    assertEquals(4, rows.size());
    for (Map<String, String> row : rows) {
      assertTrue(row.get("status").startsWith("ok"), row.toString());
      double wd = Double.parseDouble(row.get("weight_decay"));
      double m = Double.parseDouble(row.get("m"));
      // the script draws m within 20% of 0.02 / weight decay
      assertTrue(m > 0.75 * 0.02 / wd && m < 1.25 * 0.02 / wd, row.toString());
      // and makes validation the gentler, the later it jumps: R_rel = m^-0.6
      assertEquals(-0.6 * Math.log(m), Math.log(Double.parseDouble(row.get("R_rel"))), 0.05, row.toString());
      String key = row.get("key");
      assertTrue(Files.readString(out.resolve("logs").resolve(key + ".out")).startsWith("training: weight decay"));
      assertTrue(Files.exists(out.resolve("work").resolve(key).resolve("log")));
      assertFalse(row.get("curves").isEmpty());
    }
    assertTrue(Files.readString(out.resolve("provenance.txt")).contains("train.sh --weight-decay {weight_decay}"));
    // resume: nothing runs again, same rows
    CliRun again = run("sweep", file.toString(), "--out", out.toString(), "--exec", exec, "--amplitude", "0.25",
        "--offset", "0.75");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.err().contains("(0 now, 4 already there)"), again.err());
    // two shards, merged, hold the same rows (seconds aside)
    Path s0 = dir.resolve("s0");
    Path s1 = dir.resolve("s1");
    for (Path s : List.of(s0, s1)) {
      CliRun sr = run("--quiet", "sweep", file.toString(), "--out", s.toString(), "--shard", s == s0 ? "0/2" : "1/2",
          "--exec", exec, "--amplitude", "0.25", "--offset", "0.75");
      assertEquals(0, sr.code(), sr.err());
    }
    Path merged = dir.resolve("merged");
    CliRun mr = run("--quiet", "merge", "--out", merged.toString(), s0.toString(), s1.toString());
    assertEquals(0, mr.code(), mr.err());
    List<Map<String, String>> m = rows(merged.resolve("runs.csv"));
    assertEquals(4, m.size());
    for (Map<String, String> row : m) {
      Map<String, String> same = rows.stream().filter(x -> x.get("key").equals(row.get("key"))).findFirst()
          .orElseThrow();
      assertEquals(same.get("m"), row.get("m"), "same log, same fit, same bits");
    }
  }

  @Test
  void failuresAreRowsAndTheSweepGoesOn() throws IOException {
    Path script = write("modes.sh", """
        #!/usr/bin/env bash
        case "$1" in
          ok) printf 'epoch,train_acc,val_acc\\n' > "$2"
              for e in $(seq 0 59); do
                awk -v e=$e 'BEGIN { a = e < 10 ? 0.5 : 1; b = e < 30 ? 0.5 : 1; printf "%d,%s,%s\\n", e, a, b }' >> "$2"
              done ;;
          fail) echo "out of memory" >&2; exit 3 ;;
          sleep) sleep 30 ;;
          nolog) echo "forgot the log" ;;
          garbage) printf 'epoch,train_acc,val_acc\\n0,0.5,abc\\n' > "$2" ;;
        esac
        """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Path file = write("modes.yaml", "experiment: command\nmode: [ok, fail, sleep, nolog, garbage]\n");
    Path out = dir.resolve("out");
    long t0 = System.nanoTime();
    CliRun r = run("--quiet", "sweep", file.toString(), "--out", out.toString(), "--threads", "3", "--timeout", "2",
        "--exec", script + " {mode} {log}");
    assertTrue((System.nanoTime() - t0) / 1e9 < 25, "the sleeping command was stopped at its timeout");
    assertEquals(0, r.code(), r.err());
    Map<String, String> status = new java.util.HashMap<>();
    for (Map<String, String> row : rows(out.resolve("runs.csv"))) {
      status.put(row.get("mode"), row.get("status"));
    }
    assertTrue(status.get("ok").startsWith("ok") || status.get("ok").equals("fit_failed"), status.toString());
    assertTrue(status.get("fail").startsWith("error:exit code 3 (see logs/"), status.toString());
    assertTrue(status.get("sleep").startsWith("error:timeout after 2"), status.toString());
    assertTrue(status.get("nolog").startsWith("error:no log"), status.toString());
    assertTrue(status.get("garbage").startsWith("error:log: ") && status.get("garbage").contains("'abc'"),
        status.toString());
  }

  @Test
  void usageMistakesExit2BeforeAnythingIsWritten() throws IOException {
    Path file = write("s.yaml", "experiment: command\nlr: [0.1, 0.2]\n");
    Path out = dir.resolve("never");
    assertBadInput(run("sweep", file.toString(), "--out", out.toString()), "needs the training command",
        "--exec");
    assertBadInput(run("sweep", file.toString(), "--out", out.toString(), "--exec", "echo {wd}"),
        "unknown placeholder {wd}");
    assertBadInput(run("sweep", file.toString(), "--out", out.toString(), "--exec", "no-such-program-here {log}"),
        "program 'no-such-program-here' not found");
    Path mlp = write("mlp.yaml", "experiment: mlp\ninput_sizes: 25\n");
    assertBadInput(run("sweep", mlp.toString(), "--out", out.toString(), "--exec", "echo"), "experiment: command");
    Path named = write("named.yaml", "experiment: command\nlog: [a, b]\n");
    assertBadInput(run("sweep", named.toString(), "--out", out.toString(), "--exec", "echo {log}"),
        "'log' is the name of a placeholder");
    assertFalse(Files.exists(out));
  }
}
