package org.grokmeter.nn;

import java.util.IdentityHashMap;
import java.util.Map;
import org.grokmeter.kernels.BinaryBuckets;
import org.grokmeter.kernels.KernelSupport;

/**
 * Gets C2 to compile the binary MLP kernels before a run's first epoch, once per JVM and kernel
 * implementation, on small problems of its own (the run's data, parameters and results are not
 * touched, so the bits of a run do not depend on it).
 *
 * <p>Why: the grouped kernels are large methods with one loop per bucket. Left to the first epochs,
 * each call runs long loops in interpreted and C1 code (vectors boxed: ~0.5 s per epoch), and C2
 * compiles each method several times over, once per loop it is entered at on-stack (OSR): the last
 * of 8 such compilations started 2.6 s into a single 3000-epoch run at n = 45, which took 7.3–7.4 s
 * instead of 6.0 (docs/performance.md, session 4). Many short calls through every path trigger one
 * ordinary compilation per kernel instead, started ~1.1 s into the run; the run took 6.1 s. 12 000
 * calls are needed: with 3 000 the OSR chain came back.
 */
final class KernelWarmUp {

  /** Calls per kernel (measured: 3 000 are too few to trigger the ordinary compilation in time). */
  private static final int CALLS = 12_000;
  private static final Map<KernelSupport, Boolean> DONE = new IdentityHashMap<>();

  private KernelWarmUp() {}

  static void binaryKernels(KernelSupport k) {
    synchronized (DONE) {
      if (DONE.containsKey(k)) {
        return;
      }
      run(k);
      DONE.put(k, Boolean.TRUE);
    }
  }

  private static void run(KernelSupport k) {
    // Three small problems, called in turn, so that C2 sees every path the real data takes: every
    // bucket of a group filled (input j has the pattern j in each group), some buckets empty, and a
    // last group of one and of two rows. Code for a path C2 never saw is an uncommon trap, and
    // hitting it later would send the kernel back through the slow tiers.
    int g = BinaryBuckets.GROUP;
    Problem[] problems = {
        new Problem(2 * g, 1 << g, 0xFF), new Problem(2 * g - 1, 1 << g, 0x82), new Problem(g + 1, 1 << g, 0xAA)};
    for (int c = 0; c < CALLS; c++) {
      problems[c % problems.length].call(k);
    }
  }

  /** A rows × inputs 0/1 matrix with B[r][j] = bit (r mod GROUP) of j, for the inputs j in {@code mask}. */
  private static final class Problem {
    final int rows;
    final int inputs;
    final int cols = MlpParams.WIDTH_MULTIPLE;
    final int ld = MlpParams.alignedStride(cols);
    final int[] start;
    final int[] entries;
    final float[] w;
    final float[] d;
    final float[] out;

    Problem(int rows, int inputs, int mask) {
      this.rows = rows;
      this.inputs = inputs;
      long[] bits = new long[rows];
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < inputs; j++) {
          if ((mask >>> j & 1) != 0 && (j >>> (r % BinaryBuckets.GROUP) & 1) != 0) {
            bits[r] |= 1L << j;
          }
        }
      }
      int groups = BinaryBuckets.groups(rows);
      start = new int[BinaryBuckets.PATTERNS * groups + 1];
      entries = new int[groups * inputs];
      BinaryBuckets.build(rows, bits, 0, 1, start, entries);
      w = new float[MlpParams.OFFSET + (inputs + 1) * ld];
      d = new float[MlpParams.OFFSET + inputs * ld];
      out = new float[MlpParams.OFFSET + rows * ld];
      for (int i = 0; i < w.length; i++) {
        w[i] = (i % 7 - 3) * 0.01f;
      }
      for (int i = 0; i < d.length; i++) {
        d[i] = (i % 5 - 2) * 0.001f;
      }
    }

    void call(KernelSupport k) {
      int o = MlpParams.OFFSET;
      k.binaryLinearRelu(rows, cols, start, entries, w, o, ld, w, o + inputs * ld, out, o, ld);
      // the scatter's "features" are the same rows, its inputs the rows of d
      k.binaryScatterSgd(rows, cols, start, entries, d, o, ld, 1e-3f, 1e-3f, w, o, ld);
    }
  }
}
