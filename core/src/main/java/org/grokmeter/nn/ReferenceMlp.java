package org.grokmeter.nn;

/**
 * The specification of the MLP in double precision: obvious dense loops, no kernels, no tricks.
 * Used by the tests (finite-difference gradient checks; the float SIMD trainer is compared against
 * it step by step). Same layouts as {@link MlpParams}: w1 n×hidden, b1 hidden, w2 classes×hidden.
 */
public final class ReferenceMlp {

  public final int inputSize;
  public final int hidden;
  public final int classes;
  public final double[][] w1;
  public final double[] b1;
  public final double[][] w2;

  public ReferenceMlp(int inputSize, int hidden, int classes) {
    this.inputSize = inputSize;
    this.hidden = hidden;
    this.classes = classes;
    this.w1 = new double[inputSize][hidden];
    this.b1 = new double[hidden];
    this.w2 = new double[classes][hidden];
  }

  /** The float parameters widened exactly to double. */
  public static ReferenceMlp of(MlpParams p) {
    ReferenceMlp m = new ReferenceMlp(p.inputSize, p.hidden, p.classes);
    for (int j = 0; j < p.inputSize; j++) {
      for (int c = 0; c < p.hidden; c++) {
        m.w1[j][c] = p.w1[p.w1Index(j, c)];
      }
    }
    for (int c = 0; c < p.hidden; c++) {
      m.b1[c] = p.b1(c);
    }
    for (int o = 0; o < p.classes; o++) {
      for (int c = 0; c < p.hidden; c++) {
        m.w2[o][c] = p.w2[p.w2Index(o, c)];
      }
    }
    return m;
  }

  /** Gradients of the mean loss, in the parameters' shapes, and the loss itself. */
  public record Gradients(double loss, double[][] w1, double[] b1, double[][] w2) {}

  /** Hidden activations relu(x·W1 + b1) for each row of x. */
  public double[][] hidden(double[][] x) {
    double[][] h = new double[x.length][hidden];
    for (int i = 0; i < x.length; i++) {
      for (int c = 0; c < hidden; c++) {
        double z = b1[c];
        for (int j = 0; j < inputSize; j++) {
          z += x[i][j] * w1[j][c];
        }
        h[i][c] = Math.max(z, 0.0);
      }
    }
    return h;
  }

  public double[][] logits(double[][] x) {
    double[][] h = hidden(x);
    double[][] y = new double[x.length][classes];
    for (int i = 0; i < x.length; i++) {
      for (int o = 0; o < classes; o++) {
        double s = 0;
        for (int c = 0; c < hidden; c++) {
          s += h[i][c] * w2[o][c];
        }
        y[i][o] = s;
      }
    }
    return y;
  }

  /** Mean softmax cross-entropy over the rows of x. */
  public double loss(double[][] x, int[] labels) {
    double[][] y = logits(x);
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += logSumExp(y[i]) - y[i][labels[i]];
    }
    return sum / x.length;
  }

  /** Number of rows whose argmax (first maximum on ties) equals the label. */
  public int correct(double[][] x, int[] labels) {
    double[][] y = logits(x);
    int correct = 0;
    for (int i = 0; i < x.length; i++) {
      int best = 0;
      for (int o = 1; o < classes; o++) {
        if (y[i][o] > y[i][best]) {
          best = o;
        }
      }
      if (best == labels[i]) {
        correct++;
      }
    }
    return correct;
  }

  /** Back-propagation of the mean loss over the rows of x. */
  public Gradients gradients(double[][] x, int[] labels) {
    int rows = x.length;
    double[][] h = hidden(x);
    double[][] gw1 = new double[inputSize][hidden];
    double[] gb1 = new double[hidden];
    double[][] gw2 = new double[classes][hidden];
    double loss = 0;
    for (int i = 0; i < rows; i++) {
      double[] y = new double[classes];
      for (int o = 0; o < classes; o++) {
        for (int c = 0; c < hidden; c++) {
          y[o] += h[i][c] * w2[o][c];
        }
      }
      double lse = logSumExp(y);
      loss += lse - y[labels[i]];
      double[] dy = new double[classes];
      for (int o = 0; o < classes; o++) {
        dy[o] = (Math.exp(y[o] - lse) - (o == labels[i] ? 1 : 0)) / rows;
      }
      for (int o = 0; o < classes; o++) {
        for (int c = 0; c < hidden; c++) {
          gw2[o][c] += dy[o] * h[i][c];
        }
      }
      for (int c = 0; c < hidden; c++) {
        if (h[i][c] > 0) {
          double dz = 0;
          for (int o = 0; o < classes; o++) {
            dz += dy[o] * w2[o][c];
          }
          gb1[c] += dz;
          for (int j = 0; j < inputSize; j++) {
            gw1[j][c] += x[i][j] * dz;
          }
        }
      }
    }
    return new Gradients(loss / rows, gw1, gb1, gw2);
  }

  /** One plain SGD step with weight decay added to the gradient: w −= lr·(g + wd·w), biases included. */
  public double step(double[][] x, int[] labels, double lr, double weightDecay) {
    Gradients g = gradients(x, labels);
    for (int j = 0; j < inputSize; j++) {
      for (int c = 0; c < hidden; c++) {
        w1[j][c] -= lr * (g.w1()[j][c] + weightDecay * w1[j][c]);
      }
    }
    for (int c = 0; c < hidden; c++) {
      b1[c] -= lr * (g.b1()[c] + weightDecay * b1[c]);
    }
    for (int o = 0; o < classes; o++) {
      for (int c = 0; c < hidden; c++) {
        w2[o][c] -= lr * (g.w2()[o][c] + weightDecay * w2[o][c]);
      }
    }
    return g.loss();
  }

  private static double logSumExp(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      max = Math.max(max, d);
    }
    double s = 0;
    for (double d : v) {
      s += Math.exp(d - max);
    }
    return max + Math.log(s);
  }
}
