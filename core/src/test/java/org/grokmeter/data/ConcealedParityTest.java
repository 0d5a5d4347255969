package org.grokmeter.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConcealedParityTest {

  @Test
  void labelsAreTheParityOfTheFirstThreeBits() {
    ConcealedParity d = ConcealedParity.paper(25, ConcealedParity.Streams.of(7).data());
    for (int s = 0; s < d.samples(); s++) {
      int prod = 1;
      for (int j = 0; j < 3; j++) {
        prod *= 2 * d.bit(s, j) - 1;
      }
      assertEquals(prod == -1 ? 0 : 1, d.label(s), "sample " + s);
    }
  }

  @Test
  void splitIsAPartitionOfTheSamples() {
    ConcealedParity d = ConcealedParity.paper(30, ConcealedParity.Streams.of(1).data());
    assertEquals(750, d.trainSize());
    assertEquals(250, d.validationSize());
    Set<Integer> all = new HashSet<>();
    for (int s : d.trainSamples()) {
      all.add(s);
    }
    for (int s : d.validationSamples()) {
      all.add(s);
    }
    assertEquals(1000, all.size());
  }

  @Test
  void activeListsMatchTheBits() {
    ConcealedParity d = ConcealedParity.paper(33, ConcealedParity.Streams.of(2).data());
    for (int s = 0; s < d.samples(); s++) {
      int p = d.rowStart()[s];
      for (int j = 0; j < d.inputSize(); j++) {
        if (d.bit(s, j) == 1) {
          assertEquals(j, d.activeIdx()[p++]);
        }
      }
      assertEquals(d.rowStart()[s + 1], p);
    }
  }

  @Test
  void bitsAndLabelsAreRoughlyBalanced() {
    // 1000·n fair bits: the fraction of ones is 0.5 ± 5 standard deviations; labels likewise.
    ConcealedParity d = ConcealedParity.paper(45, ConcealedParity.Streams.of(3).data());
    double ones = d.activeIdx().length / (1000.0 * 45);
    assertEquals(0.5, ones, 5 * 0.5 / Math.sqrt(45000));
    double class1 = Arrays.stream(d.labels()).sum() / 1000.0;
    assertEquals(0.5, class1, 5 * 0.5 / Math.sqrt(1000));
  }

  @Test
  void sameSeedSameDataOtherSeedOtherData() {
    ConcealedParity a = ConcealedParity.paper(25, ConcealedParity.Streams.of(11).data());
    ConcealedParity b = ConcealedParity.paper(25, ConcealedParity.Streams.of(11).data());
    ConcealedParity c = ConcealedParity.paper(25, ConcealedParity.Streams.of(12).data());
    assertArrayEquals(a.activeIdx(), b.activeIdx());
    assertArrayEquals(a.trainSamples(), b.trainSamples());
    assertNotEquals(Arrays.toString(a.activeIdx()), Arrays.toString(c.activeIdx()));
  }

  @Test
  void streamsAreDistinct() {
    ConcealedParity.Streams s = ConcealedParity.Streams.of(0);
    long a = s.data().nextLong();
    long b = s.init().nextLong();
    long c = s.shuffle().nextLong();
    assertTrue(a != b && b != c && a != c);
  }

  @Test
  void rejectsImpossibleShapes() {
    assertThrows(IllegalArgumentException.class,
        () -> ConcealedParity.generate(2, 10, 5, ConcealedParity.Streams.of(0).data()));
    assertThrows(IllegalArgumentException.class,
        () -> ConcealedParity.generate(5, 10, 10, ConcealedParity.Streams.of(0).data()));
  }
}
