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
    Object[] r = MainTest.run("info");
    assertEquals(0, r[0], (String) r[2]);
    String out = (String) r[1];
    if (Kernels.mode().equals("panama")) {
      assertTrue(out.contains("self-check: ok"), out);
      assertTrue(out.contains("Panama"), out);
    } else {
      assertTrue(out.contains("self-check: skipped"), out);
    }
  }

  @Test
  void speedPrintsOnlyCsvOnStdout() {
    Object[] r = MainTest.run("info", "--speed", "--speed-millis", "3");
    assertEquals(0, r[0], (String) r[2]);
    List<String> lines = ((String) r[1]).lines().toList();
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
    assertTrue(((String) r[2]).contains("kernels:"), (String) r[2]);
    assertFalse(((String) r[1]).contains("kernels:"));
  }

  @Test
  void nonPositiveSpeedBudgetIsBadInput() {
    Object[] r = MainTest.run("info", "--speed", "--speed-millis", "0");
    assertEquals(2, r[0]);
    assertEquals(1, ((String) r[2]).strip().lines().count(), (String) r[2]);
  }
}
