package org.grokmeter.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The implementation choice: the SIMD test execution must really run on Panama (a silent fallback
 * fails the build), the kill switch must select scalar, and a missing module must fall back with
 * one line, or fail when Panama was demanded. The last three start small child JVMs.
 */
class KernelSelectionTest {

  @Test
  void requireSimdMeansPanamaWithLanes() {
    if (Boolean.getBoolean("grokmeter.requireSimd")) {
      assertEquals(KernelProvider.PANAMA_CLASS, Kernels.IMPL.getClass().getName(), KernelProvider.reason());
      assertEquals("panama", Kernels.mode());
      assertTrue(Kernels.IMPL.floatLanes() > 1, "float lanes " + Kernels.IMPL.floatLanes());
      assertTrue(Kernels.IMPL.doubleLanes() > 1, "double lanes " + Kernels.IMPL.doubleLanes());
    }
  }

  @Test
  void thisExecutionHonoursTheRequestedMode() {
    String requested = System.getProperty("grokmeter.kernels", "auto");
    if (requested.equals("scalar")) {
      assertSame(ScalarKernels.INSTANCE, Kernels.IMPL);
      assertEquals(32, Kernels.vectorBits());
    } else if (requested.equals("panama")) {
      assertNotEquals(ScalarKernels.INSTANCE, Kernels.IMPL);
    }
  }

  @Test
  void killSwitchSelectsScalar() throws Exception {
    Child r = runChild(true, "-Dgrokmeter.kernels=scalar");
    assertEquals(0, r.code, r.err);
    assertEquals("scalar 1", r.out.strip());
  }

  @Test
  void autoWithoutTheModuleFallsBackWithOneLine() throws Exception {
    Child r = runChild(false, "-Dgrokmeter.kernels=auto");
    assertEquals(0, r.code, r.err);
    assertEquals("scalar 1", r.out.strip());
    List<String> lines = r.err.lines().filter(l -> l.startsWith("grokmeter:")).toList();
    assertEquals(1, lines.size(), r.err);
    assertTrue(lines.get(0).contains("jdk.incubator.vector"), lines.get(0));
  }

  @Test
  void demandedPanamaWithoutTheModuleFails() throws Exception {
    Child r = runChild(false, "-Dgrokmeter.kernels=panama");
    assertNotEquals(0, r.code, r.out);
    assertTrue(r.err.contains("-Dgrokmeter.kernels=panama"), r.err);
    Child s = runChild(false, "-Dgrokmeter.kernels=auto", "-Dgrokmeter.requireSimd=true");
    assertNotEquals(0, s.code, s.out);
    assertTrue(s.err.contains("requireSimd"), s.err);
  }

  @Test
  void autoWithTheModuleChoosesPanama() throws Exception {
    Child r = runChild(true, "-Dgrokmeter.kernels=auto");
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.startsWith("panama "), r.out);
  }

  private record Child(int code, String out, String err) {}

  /** Prints "name floatLanes" of the chosen implementation from a fresh JVM. */
  public static final class Probe {
    public static void main(String[] args) {
      System.out.println(Kernels.mode() + " " + Kernels.IMPL.floatLanes());
    }
  }

  private static Child runChild(boolean withModule, String... props) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (withModule) {
      cmd.add("--add-modules");
      cmd.add("jdk.incubator.vector");
    }
    cmd.add("-Xshare:auto");
    cmd.add("-XX:+UseSerialGC");
    cmd.addAll(List.of(props));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Probe.class.getName());
    Process p = new ProcessBuilder(cmd).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
    return new Child(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }
}
