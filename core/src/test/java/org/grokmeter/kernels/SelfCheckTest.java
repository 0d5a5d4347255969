package org.grokmeter.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code grokmeter info}'s self-check: it compares every kernel, passes on good ones, names a wrong one. */
class SelfCheckTest {

  private static final Set<String> NOT_KERNELS = Set.of("name", "description", "floatLanes", "doubleLanes");

  @Test
  void checksEveryKernelOfTheInterface() {
    Set<String> kernels = Arrays.stream(KernelSupport.class.getMethods())
        .map(Method::getName)
        .filter(n -> !NOT_KERNELS.contains(n))
        .collect(Collectors.toCollection(TreeSet::new));
    SelfCheck.Report report = SelfCheck.run(ScalarKernels.INSTANCE, 1L);
    assertTrue(report.ok(), report.line());
    assertEquals(kernels, new TreeSet<>(report.kernels()), report.line());
    assertTrue(report.line().contains("binaryScatterSgd"), report.line());
  }

  @Test
  void panamaPasses() {
    KernelSupport panama = KernelProvider.panama().orElseThrow();
    SelfCheck.Report report = SelfCheck.run(panama, 20240214L);
    assertTrue(report.ok(), report.line());
    assertEquals(14, report.kernels().size(), report.line());
  }

  /**
   * The scalar reference with one kernel's first output nudged (by one ulp where the same bits are
   * promised, beyond rounding elsewhere): the check must fail and name it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"gemm", "gemmTN", "gemmNT", "axpy", "scale", "dot", "sumOfSquares", "erfSums",
      "binaryLinearRelu", "linearSmallOut", "softmaxCrossEntropy", "countCorrect", "reluLinearBackwardSgd",
      "binaryScatterSgd"})
  void aWrongKernelIsNamed(String kernel) {
    SelfCheck.Report report = SelfCheck.run(nudged(kernel), 7L);
    assertFalse(report.ok(), kernel + " was nudged and passed: " + report.line());
    assertTrue(report.failedKernel().startsWith(kernel), report.line());
  }

  private static KernelSupport nudged(String kernel) {
    KernelSupport base = ScalarKernels.INSTANCE;
    return (KernelSupport) Proxy.newProxyInstance(KernelSupport.class.getClassLoader(),
        new Class<?>[] {KernelSupport.class}, (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(base, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (!method.getName().equals(kernel)) {
            return result;
          }
          switch (kernel) {
            case "gemm", "gemmTN", "gemmNT" -> ((double[]) args[11])[(int) args[12]] += 1e-6;
            case "axpy" -> ((double[]) args[4])[(int) args[5]] += 1e-9;
            case "scale" -> nudge((double[]) args[2], (int) args[3]);
            case "dot", "sumOfSquares" -> result = (double) result + 1e-9;
            case "erfSums" -> result = nudged((ErfSums) result);
            case "binaryLinearRelu", "binaryScatterSgd" -> nudge((float[]) args[9], (int) args[10]);
            case "linearSmallOut" -> ((float[]) args[9])[(int) args[10]] += 1e-2f;
            case "softmaxCrossEntropy" -> result = (double) result + 1e-6;
            case "countCorrect" -> result = (int) result + 1;
            case "reluLinearBackwardSgd" -> ((float[]) args[14])[(int) args[15]] += 1e-3f;
            default -> throw new AssertionError(kernel);
          }
          return result;
        });
  }

  private static ErfSums nudged(ErfSums base) {
    return new ErfSums() {
      @Override
      public double paperErf(double[] tau, double[] y, double theta, double sigma, double a, double b, double[] out) {
        double rr = base.paperErf(tau, y, theta, sigma, a, b, out);
        out[0] *= 1 + 1e-9;
        return rr;
      }

      @Override
      public double paperErf(double[] tau, double[] y, double theta, double sigma, double a, double b, double[] out,
          double[] residuals, double[] gaussians) {
        double rr = base.paperErf(tau, y, theta, sigma, a, b, out, residuals, gaussians);
        out[0] *= 1 + 1e-9;
        return rr;
      }

      @Override
      public void whitenedScores(double[] tau, double theta, double sigma, double k, double[] c, double rho,
          double[] r, double[] g) {
        base.whitenedScores(tau, theta, sigma, k, c, rho, r, g);
      }

      @Override
      public void lagSums(double[] x, double[] out) {
        base.lagSums(x, out);
      }

      @Override
      public void erf(double[] z, double[] out) {
        base.erf(z, out);
      }

      @Override
      public String name() {
        return base.name();
      }
    };
  }

  /** The next value up: one ulp, where the same bits are promised. */
  private static void nudge(float[] x, int i) {
    x[i] = Math.nextUp(x[i]);
  }

  private static void nudge(double[] x, int i) {
    x[i] = Math.nextUp(x[i]);
  }
}
