package org.grokmeter.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grokmeter.Tolerances;
import org.grokmeter.data.GaussianTeacherStudent;
import org.junit.jupiter.api.Test;

class TeacherStudentSimulationTest {

  private static double relativeDistance(double[] a, double[] b) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < a.length; i++) {
      num += (a[i] - b[i]) * (a[i] - b[i]);
      den += b[i] * b[i];
    }
    return Math.sqrt(num / den);
  }

  @Test
  void explicitAndSpectralPathsAgree() {
    for (double gamma : new double[] {0.0, 0.05}) {
      GaussianTeacherStudent data = GaussianTeacherStudent.generate(7, 40, 50, 30, 3);
      TeacherStudentSimulation sim = new TeacherStudentSimulation(data, 0.01, gamma);
      for (long target : new long[] {1, 10, 500, 3000}) {
        sim.step(target - sim.steps());
        double[] explicit = sim.student();
        double[] dExplicit = new double[explicit.length];
        for (int i = 0; i < explicit.length; i++) {
          dExplicit[i] = explicit[i] - data.teacher[i];
        }
        double[] dSpectral = sim.spectralDifference(target, false);
        assertTrue(relativeDistance(dSpectral, dExplicit) < Tolerances.LINEAR_SPECTRAL_VS_EXPLICIT_REL,
            "gamma=" + gamma + " t=" + target + " distance " + relativeDistance(dSpectral, dExplicit));
        TeacherStudentSimulation.Measurement a = sim.measure(1e-4);
        TeacherStudentSimulation.Measurement b = sim.measureSpectral(target, 1e-4, false);
        assertEquals(a.trainLoss(), b.trainLoss(), Tolerances.LINEAR_SPECTRAL_VS_EXPLICIT_REL * a.trainLoss());
        assertEquals(a.genLoss(), b.genLoss(), Tolerances.LINEAR_SPECTRAL_VS_EXPLICIT_REL * a.genLoss());
      }
    }
  }

  @Test
  void gradientDescentApproachesTheFlowAsEtaShrinks() {
    // Same flow time τ = η·t: the GD-to-flow distance is O(η), so it shrinks ~10× per decade of η.
    GaussianTeacherStudent data = GaussianTeacherStudent.generate(3, 30, 45, 0, 2);
    double tau = 20;
    double previous = Double.NaN;
    for (double eta : new double[] {0.04, 0.004, 0.0004}) {
      TeacherStudentSimulation sim = new TeacherStudentSimulation(data, eta, 0.0);
      long steps = Math.round(tau / eta);
      sim.step(steps);
      double[] s = sim.student();
      double[] dGd = new double[s.length];
      for (int i = 0; i < s.length; i++) {
        dGd[i] = s[i] - data.teacher[i];
      }
      double distance = relativeDistance(dGd, sim.spectralDifference(steps, true));
      assertTrue(distance < 2 * eta, "eta=" + eta + " distance " + distance);
      if (!Double.isNaN(previous)) {
        double ratio = previous / distance;
        assertTrue(ratio > 7 && ratio < 13, "eta=" + eta + " ratio " + ratio);
      }
      previous = distance;
    }
  }

  @Test
  void simulatedLossesFollowExactModeAtDimensionOneThousand() {
    int d = 1000;
    int outputs = 64;
    for (double lambda : new double[] {0.5, 0.9}) {
      GaussianTeacherStudent data = GaussianTeacherStudent.generate(11, d, (int) Math.round(d / lambda), 200, outputs);
      TeacherStudentSimulation sim = new TeacherStudentSimulation(data, 0.01, 0.0);
      ExactCurves exact = new ExactCurves(lambda, 0.01);
      double[] nu = sim.eigenvalues();
      double k = 4 * 0.01 * Math.pow(1 - Math.sqrt(lambda), 2);
      // Times where x = 4η(1−√λ)²t is 0.1, 0.5 and 2: the transient into the exponential decay.
      for (double x : new double[] {0.1, 0.5, 2}) {
        double t = Math.rint(x / k);
        TeacherStudentSimulation.Measurement m = sim.measureSpectral(t, 1e-10, true, false);
        // Sampling error from the random D₀ given this spectrum: Var L = 2 Σ f_j² / (d² d_out).
        for (int which = 0; which < 2; which++) {
          double sum = 0;
          double sumSq = 0;
          for (double v : nu) {
            double f = (which == 0 ? v : 1) * Math.exp(-4 * 0.01 * v * t);
            sum += f;
            sumSq += f * f;
          }
          double relSd = Math.sqrt(2 * sumSq / outputs) / sum;
          double simulated = which == 0 ? m.trainLoss() : m.genLoss();
          double theory = Math.exp(which == 0 ? exact.logTrainLoss(t) : exact.logGenLoss(t));
          double rel = Math.abs(simulated / theory - 1);
          // 4 sampling SDs plus 1% for the finite-d spectrum (seen: at most 1.4 SD here, with 64 outputs).
          double tol = 4 * relSd + 0.01;
          assertTrue(rel < tol, (which == 0 ? "L_tr" : "L_gen") + " lambda=" + lambda + " x=" + x
              + " simulated " + simulated + " exact " + theory + " rel " + rel + " tol " + tol);
        }
      }
    }
  }

  @Test
  void sameSeedSameBits() {
    GaussianTeacherStudent a = GaussianTeacherStudent.generate(5, 20, 25, 10, 2);
    GaussianTeacherStudent b = GaussianTeacherStudent.generate(5, 20, 25, 10, 2);
    GaussianTeacherStudent c = GaussianTeacherStudent.generate(5, 20, 40, 10, 2);
    assertArrayEquals(a.trainInputs, b.trainInputs);
    // The teacher and initial student do not depend on N_tr.
    assertArrayEquals(a.teacher, c.teacher);
    assertArrayEquals(a.student0, c.student0);
    TeacherStudentSimulation s1 = new TeacherStudentSimulation(a, 0.01, 0);
    TeacherStudentSimulation s2 = new TeacherStudentSimulation(b, 0.01, 0);
    assertEquals(s1.measureSpectral(1e6, 1e-10, false), s2.measureSpectral(1e6, 1e-10, false));
  }
}
