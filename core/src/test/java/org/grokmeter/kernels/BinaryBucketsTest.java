package org.grokmeter.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The grouped form rebuilds the 0/1 matrix exactly, in the documented layout and order. */
class BinaryBucketsTest {

  @Test
  void groupedFormListsEverySelectedInputOnceInItsBucket() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
    for (int rows = 0; rows <= 34; rows++) {
      for (int inputs : new int[] {1, 2, 3, 45, 46, 63, 64, 65, 130}) {
        int words = (inputs + 63) >>> 6;
        boolean[][] x = new boolean[rows][inputs];
        long[] bits = new long[2 + rows * words];
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < inputs; j++) {
            x[r][j] = rng.nextInt(3) != 0;
            if (x[r][j]) {
              bits[2 + r * words + (j >>> 6)] |= 1L << j;
            }
          }
        }
        int groups = BinaryBuckets.groups(rows);
        int[] start = new int[BinaryBuckets.PATTERNS * groups + 1];
        int[] entries = new int[groups * inputs];
        int count = BinaryBuckets.build(rows, bits, 2, words, start, entries);
        assertEquals(count, start[BinaryBuckets.PATTERNS * groups]);
        boolean[][] rebuilt = new boolean[rows][inputs];
        for (int g = 0; g < groups; g++) {
          for (int k = 0; k < BinaryBuckets.PATTERNS; k++) {
            int from = start[g * BinaryBuckets.PATTERNS + k];
            int to = start[g * BinaryBuckets.PATTERNS + k + 1];
            assertTrue(from <= to);
            int last = -1;
            for (int q = from; q < to; q++) {
              int j = entries[q] >>> 4;
              assertEquals(BinaryBuckets.pattern(k), entries[q] & 15, "pattern of bucket " + k);
              assertTrue(j > last, "inputs ascending within a bucket");
              last = j;
              for (int b = 0; b < BinaryBuckets.GROUP; b++) {
                int r = g * BinaryBuckets.GROUP + b;
                if ((BinaryBuckets.pattern(k) >>> b & 1) != 0) {
                  assertTrue(r < rows, "a pattern names a row past the last");
                  assertTrue(!rebuilt[r][j], "input listed twice for a row");
                  rebuilt[r][j] = true;
                } else if (r < rows) {
                  assertTrue(!x[r][j], "row " + r + " selects input " + j + " but the pattern leaves it out");
                }
              }
            }
          }
        }
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < inputs; j++) {
            assertEquals(x[r][j], rebuilt[r][j], "rows " + rows + " inputs " + inputs + " at " + r + "," + j);
          }
        }
      }
    }
  }

  @Test
  void patternsAreAGrayCodeOverAllNonzeroPatterns() {
    int seen = 0;
    for (int k = 0; k < BinaryBuckets.PATTERNS; k++) {
      int p = BinaryBuckets.pattern(k);
      assertTrue(p > 0 && p < 1 << BinaryBuckets.GROUP);
      seen |= 1 << p;
      if (k > 0) {
        assertEquals(1, Integer.bitCount(p ^ BinaryBuckets.pattern(k - 1)));
      }
    }
    assertEquals(BinaryBuckets.PATTERNS, Integer.bitCount(seen));
  }
}
