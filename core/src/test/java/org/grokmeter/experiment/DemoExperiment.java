package org.grokmeter.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small real experiment for the engine's tests (test code only): logistic regression trained by
 * SGD on a seeded synthetic task whose label is the sign of the first input, hidden among
 * {@code dim − 1} noise inputs. Records per-epoch training and validation accuracy, like the
 * paper's experiments, and the first epoch at which validation accuracy reaches 0.99.
 */
public class DemoExperiment implements Experiment {

  private final boolean explicitSeed;

  public DemoExperiment() {
    this(true);
  }

  public DemoExperiment(boolean explicitSeed) {
    this.explicitSeed = explicitSeed;
  }

  @Override
  public String name() {
    return explicitSeed ? "demo" : "demo-derived";
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> p = new ArrayList<>();
    p.add(Parameter.integer("dim", "dims", 8).atLeast(1));
    if (explicitSeed) {
      p.add(Parameter.longInteger("seed", "seeds", 0L));
    }
    p.add(Parameter.integer("epochs", "epochs", 20).atLeast(1));
    p.add(Parameter.real("lr", "lr", 0.05).positive());
    p.add(Parameter.choice("mode", "mode", "normal", "normal", "throw", "slow"));
    return p;
  }

  @Override
  public List<String> resultColumns() {
    return List.of("final_train_acc", "final_val_acc", "first_epoch_val_099", "weight_norm");
  }

  @Override
  public String runLabel(RunParams p) {
    return explicitSeed ? p.get("dim") + "_" + p.get("seed") : null;
  }

  @Override
  public RunOutcome run(RunParams p, long seed) throws Exception {
    int dim = p.getInt("dim");
    int epochs = p.getInt("epochs");
    double lr = p.getDouble("lr");
    String mode = p.get("mode");
    if (mode.equals("throw")) {
      throw new IllegalStateException("demo failure at dim " + dim + "\nsecond line");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int nTrain = 96;
    int nVal = 64;
    double[][] x = new double[nTrain + nVal][dim];
    int[] y = new int[nTrain + nVal];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < dim; j++) {
        x[i][j] = rng.nextDouble(-1, 1);
      }
      y[i] = x[i][0] > 0 ? 1 : 0;
    }
    double[] w = new double[dim];
    double b = 0;
    int[] epoch = new int[epochs];
    float[] trainAcc = new float[epochs];
    double[] valAcc = new double[epochs];
    int firstVal = -1;
    int[] order = new int[nTrain];
    for (int i = 0; i < nTrain; i++) {
      order[i] = i;
    }
    for (int e = 0; e < epochs; e++) {
      for (int i = nTrain - 1; i > 0; i--) {
        int k = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[k];
        order[k] = t;
      }
      int correct = 0;
      for (int i : order) {
        double z = b;
        for (int j = 0; j < dim; j++) {
          z += w[j] * x[i][j];
        }
        double prob = 1 / (1 + Math.exp(-z));
        correct += (prob > 0.5 ? 1 : 0) == y[i] ? 1 : 0;
        double g = prob - y[i];
        for (int j = 0; j < dim; j++) {
          w[j] -= lr * g * x[i][j];
        }
        b -= lr * g;
      }
      int vc = 0;
      for (int i = nTrain; i < x.length; i++) {
        double z = b;
        for (int j = 0; j < dim; j++) {
          z += w[j] * x[i][j];
        }
        vc += (z > 0 ? 1 : 0) == y[i] ? 1 : 0;
      }
      epoch[e] = e;
      trainAcc[e] = (float) correct / nTrain;
      valAcc[e] = (double) vc / nVal;
      if (firstVal < 0 && valAcc[e] >= 0.99) {
        firstVal = e;
      }
      if (mode.equals("slow")) {
        Thread.sleep(20);
      }
    }
    double norm = 0;
    for (double v : w) {
      norm += v * v;
    }
    RunOutcome.Builder out = RunOutcome.builder()
        .put("final_train_acc", trainAcc[epochs - 1])
        .put("final_val_acc", valAcc[epochs - 1])
        .put("first_epoch_val_099", firstVal)
        .put("weight_norm", Math.sqrt(norm))
        .curve("epoch", epoch).curve("train_acc", trainAcc).curve("val_acc", valAcc);
    if (firstVal < 0) {
      out.status("did_not_generalize");
    }
    return out.build();
  }
}
