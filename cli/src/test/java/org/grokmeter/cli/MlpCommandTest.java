package org.grokmeter.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlpCommandTest {

  /** A small real sweep end to end (small hidden width, larger lr so it groks in ~150 epochs). */
  @Test
  void smallSweepWritesEverything(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    Object[] r = MainTest.run("--quiet", "mlp", "--input-sizes", "8:9", "--seeds", "0,1", "--epochs", "150",
        "--hidden", "64", "--lr", "0.1", "--threads", "2", "--out", out.toString());
    assertEquals(0, r[0], (String) r[2]);
    List<String> runs = Files.readAllLines(out.resolve("runs.csv"));
    assertTrue(runs.get(0).startsWith("input_size,seed,t_star_train,s_train,t_star_val,s_val,m,R_rel,R_abs,"
        + "first_epoch_train_099,first_epoch_val_099,status"), runs.get(0));
    assertTrue(runs.get(0).endsWith(",seconds"));
    assertEquals(5, runs.size());
    assertTrue(runs.get(1).startsWith("8,0,") && runs.get(2).startsWith("8,1,") && runs.get(3).startsWith("9,0,")
        && runs.get(4).startsWith("9,1,"), String.join("\n", runs));
    for (String row : runs.subList(1, runs.size())) {
      String status = row.split(",")[11];
      assertTrue(status.startsWith("ok") || status.equals("did_not_grok") || status.startsWith("fit_failed"), row);
    }
    assertTrue(runs.stream().skip(1).anyMatch(l -> l.split(",")[11].startsWith("ok")), String.join("\n", runs));
    List<String> curve = Files.readAllLines(out.resolve("curves").resolve("8_0.csv"));
    assertEquals("epoch,train_acc,val_acc,train_loss,val_loss", curve.get(0));
    assertEquals(151, curve.size());
    assertEquals(3, Files.readAllLines(out.resolve("trend.csv")).size());
    assertTrue(Files.readString(out.resolve("provenance.txt")).contains("kernels="));
    for (String f : new String[] {"figure2_relative_sharpness", "figure2_absolute_sharpness",
        "figure5_relative_sharpness_loglog", "figure5_absolute_sharpness_loglog"}) {
      assertTrue(Files.size(out.resolve("figures").resolve(f + ".png")) > 1000, f);
      assertTrue(Files.size(out.resolve("figures").resolve(f + ".svg")) > 1000, f);
    }

    // deterministic: the same sweep on one thread gives the same rows except the seconds column
    Path again = dir.resolve("again");
    Object[] r2 = MainTest.run("--quiet", "mlp", "--input-sizes", "8,9", "--seeds", "0,1", "--epochs", "150",
        "--hidden", "64", "--lr", "0.1", "--threads", "1", "--no-figures", "--out", again.toString());
    assertEquals(0, r2[0], (String) r2[2]);
    List<String> runs2 = Files.readAllLines(again.resolve("runs.csv"));
    assertArrayEquals(withoutSeconds(runs), withoutSeconds(runs2));
  }

  private static String[] withoutSeconds(List<String> rows) {
    return rows.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toArray(String[]::new);
  }

  @Test
  void badRangesAreExitTwoOnOneLine(@TempDir Path dir) {
    for (String[] args : new String[][] {
        {"mlp", "--input-sizes", "30:25", "--out", dir.toString()},
        {"mlp", "--input-sizes", "a:b", "--out", dir.toString()},
        {"mlp", "--seeds", "1,1", "--out", dir.toString()},
        {"mlp", "--input-sizes", "2", "--out", dir.toString()},
        {"mlp", "--threads", "0", "--out", dir.toString()}}) {
      Object[] r = MainTest.run(args);
      assertEquals(2, r[0], String.join(" ", args) + ": " + r[2]);
      assertEquals(1, ((String) r[2]).strip().lines().count(), (String) r[2]);
    }
  }

  @Test
  void rangeSyntax() {
    assertArrayEquals(new int[] {25, 26, 27}, MlpCommand.parseInts("--input-sizes", "25:27"));
    assertArrayEquals(new int[] {30}, MlpCommand.parseInts("--input-sizes", "30"));
    assertArrayEquals(new long[] {0, 5, 2}, MlpCommand.parseLongs("--seeds", "0, 5,2"));
  }
}
