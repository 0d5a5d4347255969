package org.grokmeter.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Same inputs, same bits: the Panama kernels must give identical results interpreted and after C2
 * has compiled them, otherwise a training run would depend on when the JIT kicks in. (The Vector
 * API's own reduceLanes(ADD) fails this: its order differs between interpreter and C2; this test
 * caught it, and the fitter's vector EXP likewise.) Two child JVMs compute a fingerprint of many kernel outputs, one interpreted, one with
 * the kernels compiled by C2.
 */
class DeterminismTest {

  /** Seeded inputs, made once. */
  private record Inputs(float[] x, float[] y, double[] xd, double[] yd) {
    static Inputs make() {
      SplittableRandom rnd = new SplittableRandom(2024);
      return new Inputs(floats(rnd, 4096), floats(rnd, 4096), doubles(rnd, 4096), doubles(rnd, 4096));
    }
  }

  /** A CRC of the output bits of a fixed set of kernel calls on seeded data (small shapes). */
  static long fingerprint(KernelSupport ks, Inputs in) {
    CRC32 crc = new CRC32();
    float[] x = in.x;
    float[] y = in.y;
    double[] xd = in.xd;
    double[] yd = in.yd;
    bits(crc, ks.dot(1023, xd, 1, yd, 2));
    bits(crc, ks.sumOfSquares(1025, xd, 0));
    // gemm paths: dots (n = 2, long k), narrow Aᵀ·B (n = 2), direct, k = 2, all with tails
    double[] cd = new double[32 * 50];
    ks.gemm(31, 2, 40, 1d, xd, 0, 40, yd, 0, 2, 0d, cd, 0, 2);
    bits(crc, cd);
    ks.gemmNT(7, 3, 33, 1d, xd, 0, 33, yd, 0, 33, 0d, cd, 0, 3);
    bits(crc, cd);
    ks.gemmTN(70, 2, 9, 1d, xd, 0, 70, yd, 0, 2, 0d, cd, 0, 2);
    bits(crc, cd);
    ks.gemm(9, 50, 13, 1d, xd, 0, 13, yd, 0, 50, 0.5d, cd, 0, 50);
    bits(crc, cd);
    ks.gemmNT(20, 50, 2, 1d, xd, 0, 2, yd, 0, 2, 0d, cd, 0, 50);
    bits(crc, cd);
    double[] v = yd.clone();
    ks.axpy(1025, -0.75, xd, 0, v, 3);
    ks.scale(1025, 1.5, v, 1);
    bits(crc, v);
    // one MLP step on 14 rows, 25 inputs and 128 + 37 columns (whole blocks and the scalar tail)
    int rows = 14;
    int inputs = 25;
    int cols = 165;
    long[] rowBits = new long[rows];
    long[] featBits = new long[inputs + 1];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < inputs; j++) {
        if (x[r * inputs + j] > 0) {
          rowBits[r] |= 1L << j;
          featBits[j] |= 1L << r;
        }
      }
      featBits[inputs] |= 1L << r;
    }
    int[] fwdStart = new int[BinaryBuckets.PATTERNS * BinaryBuckets.groups(rows) + 1];
    int[] fwdEntries = new int[BinaryBuckets.groups(rows) * inputs];
    BinaryBuckets.build(rows, rowBits, 0, 1, fwdStart, fwdEntries);
    int[] bwdStart = new int[BinaryBuckets.PATTERNS * BinaryBuckets.groups(inputs + 1) + 1];
    int[] bwdEntries = new int[BinaryBuckets.groups(inputs + 1) * rows];
    BinaryBuckets.build(inputs + 1, featBits, 0, 1, bwdStart, bwdEntries);
    float[] w1 = java.util.Arrays.copyOf(y, (inputs + 1) * cols);
    float[] w2 = java.util.Arrays.copyOfRange(x, 100, 100 + 2 * cols);
    float[] h = new float[rows * cols];
    float[] dh = new float[rows * cols];
    float[] logits = new float[2 * rows];
    float[] grad = new float[2 * rows];
    int[] labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      labels[r] = r % 2;
    }
    ks.binaryLinearRelu(rows, cols, fwdStart, fwdEntries, w1, 0, cols, w1, inputs * cols, h, 0, cols);
    bits(crc, h);
    ks.linearSmallOut(rows, 2, cols, h, 0, cols, w2, 0, cols, logits, 0, 2);
    bits(crc, logits);
    bits(crc, ks.softmaxCrossEntropy(rows, 2, logits, 0, 2, labels, 0, grad, 0, 2, 1f / rows));
    bits(crc, grad);
    bits(crc, (float) ks.countCorrect(rows, 2, logits, 0, 2, labels, 0));
    ks.reluLinearBackwardSgd(rows, cols, 2, grad, 0, 2, h, 0, cols, dh, 0, cols, 0.1f, 0.01f, w2, 0, cols);
    bits(crc, dh);
    bits(crc, w2);
    ks.binaryScatterSgd(inputs + 1, cols, bwdStart, bwdEntries, dh, 0, cols, 0.1f, 0.01f, w1, 0, cols);
    bits(crc, w1);
    // the fitter's SIMD pass (vector erf and exp, lane sums) must not depend on the JIT either
    ErfSums erfSums = ks.erfSums();
    double[] tau = new double[1001];
    double[] acc = new double[5];
    double[] erf = new double[1001];
    for (int i = 0; i < tau.length; i++) {
      tau[i] = xd[i] * 3;
    }
    bits(crc, erfSums.paperErf(tau, yd, 0.1, 2.5, 0.25, 0.75, acc));
    bits(crc, acc);
    erfSums.erf(tau, erf);
    bits(crc, erf);
    return crc.getValue();
  }

  @Test
  void compiledPanamaGivesTheInterpretersBits() throws Exception {
    // checks Panama in child JVMs: once is enough, so not again in the scalar execution
    assumeFalse("scalar".equals(System.getProperty("grokmeter.kernels")), "runs in the Panama execution");
    // -Xint: everything interpreted (the Vector API's Java fallbacks). -Xbatch without tiers and a
    // low threshold: C2 compiles the kernels after 50 calls, before the 120th fingerprint.
    Process interpreted = startChild(List.of("-Xint"), 1);
    Process compiled = startChild(List.of("-Xbatch", "-XX:-TieredCompilation", "-XX:CompileThreshold=50"), 120);
    long a = Long.parseLong(output(interpreted).strip());
    long b = Long.parseLong(output(compiled).strip());
    assertEquals(a, b, "interpreted and C2-compiled Panama kernels give different bits");
    // and this JVM agrees on a first call (interpreted or C1 here)
    assertEquals(a, fingerprint(KernelProvider.panama().orElseThrow(), Inputs.make()));
  }

  /** Prints the Panama fingerprint after N calls; loads the class directly (KernelProvider refuses -Xint). */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      KernelSupport panama = (KernelSupport) Class.forName(KernelProvider.PANAMA_CLASS).getField("INSTANCE").get(null);
      Inputs in = Inputs.make();
      long f = fingerprint(panama, in);
      for (int i = 1; i < Integer.parseInt(args[0]); i++) {
        f = fingerprint(panama, in);
      }
      System.out.println(f);
    }
  }

  private static Process startChild(List<String> flags, int calls) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Dgrokmeter.kernels=scalar"));
    cmd.addAll(flags);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName(), Integer.toString(calls)));
    return new ProcessBuilder(cmd).redirectErrorStream(false).start();
  }

  private static String output(Process p) throws Exception {
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM timed out");
    assertEquals(0, p.exitValue(), new String(err, StandardCharsets.UTF_8));
    return new String(out, StandardCharsets.UTF_8);
  }

  private static void bits(CRC32 crc, float v) {
    int b = Float.floatToRawIntBits(v);
    crc.update(new byte[] {(byte) b, (byte) (b >> 8), (byte) (b >> 16), (byte) (b >> 24)});
  }

  private static void bits(CRC32 crc, double v) {
    bits(crc, (float) v);
    long b = Double.doubleToRawLongBits(v);
    bits(crc, Float.intBitsToFloat((int) b));
    bits(crc, Float.intBitsToFloat((int) (b >>> 32)));
  }

  private static void bits(CRC32 crc, float[] v) {
    for (float f : v) {
      bits(crc, f);
    }
  }

  private static void bits(CRC32 crc, double[] v) {
    for (double d : v) {
      bits(crc, d);
    }
  }

  private static float[] floats(SplittableRandom rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return a;
  }

  private static double[] doubles(SplittableRandom rnd, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextDouble() * 2 - 1;
    }
    return a;
  }
}
