package org.grokmeter.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.grokmeter.kernels.KernelProvider;
import org.grokmeter.kernels.KernelSupport;
import org.junit.jupiter.api.Test;

/**
 * A training run gives the same bits whatever path the JIT takes to compile the Panama kernels:
 * entirely interpreted, compiled by C2 after a few dozen calls with the calling thread waiting, or
 * this JVM's default tiers. Every curve value of a small real run is compared bit for bit.
 */
class WarmUpPathTest {

  private static final MlpConfig CONFIG = new MlpConfig(10, 64, 2, 32, 0.05f, 0.01f, 8, 200, 150);
  private static final long SEED = 5;

  /** C2 after ~50 calls instead of thousands, the caller waiting for the compilation. */
  private static final List<String> EARLY_C2 = List.of("-XX:CompileCommand=quiet",
      "-XX:CompileCommand=CompileThresholdScaling,org.grokmeter.kernels.panama.PanamaMlpKernels::*,0.01",
      "-XX:CompileCommand=BackgroundCompilation,org.grokmeter.kernels.panama.PanamaMlpKernels::*,false");

  @Test
  void curvesDoNotDependOnTheWarmUpPath() throws Exception {
    assumeTrue(KernelProvider.panama().isPresent(), "the Panama kernels cannot load here");
    String here = curveBits(panama());
    Process interpreted = startChild(List.of("-Xint"));
    Process early = startChild(EARLY_C2);
    assertEquals(here, output(interpreted), "interpreted Panama kernels train to different bits");
    assertEquals(here, output(early), "Panama kernels compiled early train to different bits");
  }

  /** Every value of the four curves as raw bits, one line per epoch. */
  static String curveBits(KernelSupport kernels) {
    TrainingCurves c = MlpTrainer.run(CONFIG, SEED, null, kernels);
    StringBuilder sb = new StringBuilder();
    for (int e = 0; e < c.epochs(); e++) {
      sb.append(Long.toHexString(Double.doubleToRawLongBits(c.trainAcc()[e]))).append(' ')
          .append(Long.toHexString(Double.doubleToRawLongBits(c.trainLoss()[e]))).append(' ')
          .append(Long.toHexString(Double.doubleToRawLongBits(c.valAcc()[e]))).append(' ')
          .append(Long.toHexString(Double.doubleToRawLongBits(c.valLoss()[e]))).append('\n');
    }
    return sb.toString();
  }

  /** The Panama kernels, loaded directly: KernelProvider refuses them under -Xint. */
  static KernelSupport panama() throws ReflectiveOperationException {
    return (KernelSupport) Class.forName("org.grokmeter.kernels.panama.PanamaKernels").getField("INSTANCE").get(null);
  }

  /** Prints {@link #curveBits} of the Panama kernels. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      System.out.print(curveBits(panama()));
    }
  }

  private static Process startChild(List<String> flags) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Dgrokmeter.kernels=scalar"));
    cmd.addAll(flags);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
    return new ProcessBuilder(cmd).start();
  }

  private static String output(Process p) throws Exception {
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM timed out");
    assertEquals(0, p.exitValue(), new String(err, StandardCharsets.UTF_8));
    return new String(out, StandardCharsets.UTF_8);
  }
}
