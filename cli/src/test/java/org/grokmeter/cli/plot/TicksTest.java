package org.grokmeter.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TicksTest {

  private static List<String> labels(List<Ticks.Tick> ticks) {
    return ticks.stream().filter(Ticks.Tick::major).map(Ticks.Tick::label).toList();
  }

  @Test
  void linearTicksUseTheDecimalsTheStepNeeds() {
    assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), labels(Ticks.linear(0, 1, 6)));
    assertEquals(List.of("0", "500", "1000", "1500", "2000", "2500", "3000"), labels(Ticks.linear(-150, 3150, 8)));
    assertEquals(List.of("0.0005", "0.0010", "0.0015", "0.0020"), labels(Ticks.linear(3e-4, 2.2e-3, 5)));
  }

  @Test
  void negativeTicksHaveATrueMinusSign() {
    assertEquals(List.of("\u22120.10", "\u22120.05", "0.00", "0.05", "0.10"), labels(Ticks.linear(-0.1, 0.1, 5)));
    assertEquals(List.of("\u221280", "\u221260", "\u221240", "\u221220", "0"), labels(Ticks.linear(-85, 5, 6)));
  }

  @Test
  void tinyAndHugeTicksArePowersOfTen() {
    assertEquals(List.of("0", "1\u00d710\u2078", "2\u00d710\u2078", "3\u00d710\u2078", "4\u00d710\u2078",
        "5\u00d710\u2078"), labels(Ticks.linear(0, 5.5e8, 7)));
    assertEquals(List.of("1\u00d710\u207b\u2075", "2\u00d710\u207b\u2075", "3\u00d710\u207b\u2075"),
        labels(Ticks.linear(0.9e-5, 3.2e-5, 4)));
    assertEquals(List.of("2.5\u00d710\u2075", "3\u00d710\u2075", "3.5\u00d710\u2075"),
        labels(Ticks.linear(2.4e5, 3.6e5, 4)));
  }

  @Test
  void linearStepsAreOneTwoOrFiveTimesAPowerOfTen() {
    Random rnd = new Random(7);
    for (int i = 0; i < 2000; i++) {
      double span = (0.1 + rnd.nextDouble()) * Math.pow(10, rnd.nextInt(16) - 8);
      double lo = (rnd.nextDouble() - 0.5) * span * Math.pow(10, rnd.nextInt(3));
      double hi = lo + span;
      int max = 3 + rnd.nextInt(7);
      List<Ticks.Tick> t = Ticks.linear(lo, hi, max);
      assertTrue(t.size() <= max + 1 && t.size() >= 2, lo + " " + hi + " " + t);
      for (Ticks.Tick tick : t) {
        String l = tick.label();
        assertFalse(l.contains("E") || l.contains("e") || l.startsWith(".") || l.startsWith("-")
            || l.contains("\u2212.") || l.startsWith("\u22120") && new BigDecimal(l.replace('\u2212', '-')
            .replaceAll("\u00d7.*", "")).signum() == 0, l);
        assertTrue(tick.value() >= lo - 1e-9 * (hi - lo) && tick.value() <= hi + 1e-9 * (hi - lo));
      }
      if (t.size() >= 2) {
        double step = t.get(1).value() - t.get(0).value();
        // the difference of two tick values carries their rounding: compare with a tolerance
        double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
        boolean nice = false;
        for (double m : new double[] {1, 2, 5, 10}) {
          nice |= Math.abs(mantissa - m) < 1e-4 * m;
        }
        assertTrue(nice, "step " + step);
      }
    }
  }

  @Test
  void logAxesLabelEveryDecadeWithMinorTicksBetween() {
    List<Ticks.Tick> t = Ticks.log(1.5e-8, 3e-5);
    assertEquals(List.of("10\u207b\u2077", "10\u207b\u2076", "10\u207b\u2075"), labels(t));
    assertEquals(List.of(2e-8, 3e-8, 4e-8), t.subList(0, 3).stream().map(Ticks.Tick::value).toList());
    assertTrue(t.stream().filter(x -> !x.major()).count() >= 20, "minor ticks at 2..9 x 10^n");
    assertEquals(List.of("1", "10", "100"), labels(Ticks.log(0.6, 130)));
  }

  @Test
  void logAxesWithinADecadeLabelOneTwoAndFive() {
    assertEquals(List.of("0.5", "1", "2"), labels(Ticks.log(0.25, 2.5)));
    assertEquals(List.of("5\u00d710\u207b\u2074", "10\u207b\u00b3", "2\u00d710\u207b\u00b3"),
        labels(Ticks.log(2.9e-4, 2.3e-3)));
    // less than a factor of two: every integer mantissa
    assertEquals(List.of("3", "4", "5"), labels(Ticks.log(2.5, 5.5)));
  }

  @Test
  void numbersInTitlesAreRounded() {
    assertEquals("1.0804", Ticks.number(1.080436974789916, 5));
    assertEquals("1.003", Ticks.number(1.003, 5));
    assertEquals("\u22120.59", Ticks.number(-0.5904, 2));
    assertEquals("2.1\u00d710\u207b\u2075", Ticks.number(2.127e-5, 2));
    assertEquals("1500", Ticks.number(1499.6, 3));
    assertEquals("0.001", Ticks.number(0.001, 3));
  }
}
