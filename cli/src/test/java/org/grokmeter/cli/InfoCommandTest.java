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
      assertTrue(out.contains("Panama"), out);
    } else {
      assertTrue(out.contains("self-check: skipped"), out);
    }
  }

  @Test
  void speedPrintsOnlyCsvOnStdout() {
    CliRun r = CliRun.run("info", "--speed", "--speed-millis", "3");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("kernel,m,k,n,dtype,impl,gflops", lines.get(0));
    boolean scalarMlp = false;
    boolean simdMlp = false;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      assertEquals(7, f.length, line);
      double gflops = Double.parseDouble(f[6]);
      assertTrue(gflops > 0 && Double.isFinite(gflops), line);
      if (line.startsWith("gemm,32,45,1000,float32,")) {
        scalarMlp |= f[5].equals("scalar");
        simdMlp |= f[5].equals(Kernels.mode());
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
