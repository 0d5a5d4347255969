package org.grokmeter.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.numbers.gamma.Erf;
import org.junit.jupiter.api.Test;

class ErfWithDerivativeTest {

  @Test
  void agreesWithCommonsNumbersErf() {
    double worst = 0;
    for (int i = -200_000; i <= 200_000; i++) {
      double z = i * 4e-5 + 1.234567e-7;
      double expected = Erf.value(z);
      double got = ErfWithDerivative.erf(z, Math.exp(-z * z));
      // absolute 4e-16: erf is in [−1, 1]; near 0 relative, a few ulp of |erf|
      double tol = Math.max(4e-16, 4 * Math.ulp(expected));
      assertEquals(expected, got, tol, "z=" + z);
      worst = Math.max(worst, Math.abs(expected - got));
    }
  }
}
