package org.grokmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.grokmeter.kernels.Kernels;
import org.junit.jupiter.api.Test;

class InfoCommandTest {

  @Test
  void infoRunsTheSelfCheck() {
    CliRun r = CliRun.run("info");
    assertEquals(0, r.code(), r.err());
    String out = r.out();
    if (Kernels.mode().equals("panama")) {
      assertTrue(out.contains("self-check: ok"), out);
      for (String kernel : new String[] {"binaryLinearRelu", "linearSmallOut", "softmaxCrossEntropy", "countCorrect",
          "reluLinearBackwardSgd", "binaryScatterSgd", "gemmNT", "erfSums"}) {
        assertTrue(out.contains(kernel), kernel + " not self-checked: " + out);
      }
      assertTrue(out.contains("Panama"), out);
    } else {
      assertTrue(out.contains("self-check: skipped"), out);
    }
    // the test JVM has no start-up cache: the line says whether the JDK's own archive was mapped
    boolean sharing = System.getProperty("java.vm.info", "").contains("sharing");
    assertTrue(out.contains("start-up:     " + (sharing ? "from the JDK's class-data archive"
        : "without a class-data archive")), out);
  }

  @Test
  void speedPrintsOnlyCsvOnStdout() {
    CliRun r = CliRun.run("info", "--speed", "--speed-millis", "3");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("kernel,shape,dtype,impl,us_per_call,gflops", lines.get(0));
    boolean scalarMlp = false;
    boolean simdMlp = false;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertEquals(6, f.length, line);
      double micros = Double.parseDouble(f[4]);
      assertTrue(micros > 0 && Double.isFinite(micros), line);
      if (!f[5].isEmpty()) {
        double gflops = Double.parseDouble(f[5]);
        assertTrue(gflops > 0 && Double.isFinite(gflops), line);
      }
      if (line.startsWith("binaryLinearRelu,32x45x1024,float32,")) {
        scalarMlp |= f[3].equals("scalar");
        simdMlp |= f[3].equals(Kernels.mode());
      }
    }
    assertTrue(scalarMlp && simdMlp, String.join("\n", lines));
    // the facts and the self-check line went to stderr
    assertTrue(r.err().contains("kernels:"), r.err());
    assertFalse(r.out().contains("kernels:"));
  }

  @Test
  void nonPositiveSpeedBudgetIsBadInput() {
    CliRun r = CliRun.run("info", "--speed", "--speed-millis", "0");
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
