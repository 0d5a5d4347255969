package org.grokmeter.kernels;

/**
 * The grouped form of a 0/1 matrix B (rows × inputs) that the binary MLP kernels take
 * ({@link KernelSupport#binaryLinearRelu}, {@link KernelSupport#binaryScatterSgd}), both of which
 * compute a product out = B·D.
 *
 * <p>Output rows come in groups of {@link #GROUP} = 3 (the last group may be shorter). In a group,
 * each input j has a 3-bit pattern: bit b set when B[3g + b][j] = 1. The inputs with a nonzero
 * pattern are listed bucket by bucket, the {@link #PATTERNS} = 7 patterns in the order
 * {@link #pattern(int)}: 1, 3, 2, 6, 7, 5, 4 (a Gray code: neighbouring buckets differ in one row);
 * inputs ascending within a bucket. A kernel then loads each row of D once per group and adds it
 * into the outputs its pattern names — at random 0/1 inputs one load for 12/7 additions instead of
 * one — and each output row sums its inputs in entry order (the order of the contract).
 *
 * <p>Layout: the entries of group g, bucket k (pattern {@code pattern(k)}) are
 * {@code entries[bucketStart[7·g + k] .. bucketStart[7·g + k + 1])}, each {@code (j << 4) | pattern}.
 * {@code bucketStart} has {@code 7·groups(rows) + 1} elements, {@code entries} at most
 * {@code groups(rows)·inputs}.
 *
 * <p>Why 3 (measured on Zen 4, docs/kernels.md "The MLP's design choices, measured"): larger groups
 * save loads but need more buckets, each with its own loop. Groups of 3 run the epoch at n = 45
 * 7–9% faster than groups of 2 (1171–1183 against 1277–1297 µs). With half-width tail kernels next
 * to them (mixing species, docs/kernels.md) C2 left the vectors of the triple kernels boxed in one
 * JVM in three; without such kernels (the code has none) in none of 21. Groups of 4 (15 loops)
 * compile with C2 only without tiered compilation (C1 gives up:
 * "out of virtual registers"), after 1.5 s per compilation, and then gain only ~6% on the forward
 * kernel. One flat loop per group testing the pattern bits per entry, or masked adds, were slower
 * than no grouping.
 */
public final class BinaryBuckets {

  /** Output rows per group. */
  public static final int GROUP = 3;
  /** Buckets per group: the nonzero patterns. */
  public static final int PATTERNS = (1 << GROUP) - 1;
  /** The order of the buckets in a group. The Panama kernels hard-code it (one loop per bucket). */
  private static final int[] PATTERN_ORDER = {1, 3, 2, 6, 7, 5, 4};

  private BinaryBuckets() {}

  /** The pattern of bucket k (0 ≤ k &lt; {@link #PATTERNS}) in every group. */
  public static int pattern(int k) {
    return PATTERN_ORDER[k];
  }

  /** Number of groups of {@link #GROUP} rows. */
  public static int groups(int rows) {
    return (rows + GROUP - 1) / GROUP;
  }

  /**
   * Builds the grouped form of B from its rows as bit sets: row r's inputs are the bits of
   * {@code bits[bitsOff + r·words .. + words)} (input j is bit {@code j & 63} of word
   * {@code j >>> 6}; bits of inputs that do not exist must be zero). Returns the number of entries.
   */
  public static int build(int rows, long[] bits, int bitsOff, int words, int[] bucketStart, int[] entries) {
    int q = 0;
    int groups = groups(rows);
    for (int g = 0; g < groups; g++) {
      int r0 = g * GROUP;
      int inGroup = Math.min(GROUP, rows - r0);
      for (int k = 0; k < PATTERNS; k++) {
        bucketStart[g * PATTERNS + k] = q;
        int p = PATTERN_ORDER[k];
        if (p >>> inGroup != 0) {
          continue; // a row beyond the last one: empty bucket
        }
        for (int w = 0; w < words; w++) {
          long set = -1L;
          for (int b = 0; b < GROUP; b++) {
            long m = b < inGroup ? bits[bitsOff + (r0 + b) * words + w] : 0L;
            set &= ((p >>> b) & 1) != 0 ? m : ~m;
          }
          int base = w << 6;
          while (set != 0) {
            entries[q++] = ((base + Long.numberOfTrailingZeros(set)) << 4) | p;
            set &= set - 1;
          }
        }
      }
    }
    bucketStart[groups * PATTERNS] = q;
    return q;
  }
}
