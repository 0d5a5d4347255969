package org.grokmeter.experiments;

import java.util.ArrayList;
import java.util.List;
import org.grokmeter.experiment.Experiment;
import org.grokmeter.experiment.Parameter;
import org.grokmeter.experiment.RunOutcome;
import org.grokmeter.experiment.RunParams;
import org.grokmeter.fit.FitColumns;
import org.grokmeter.fit.FitResult;
import org.grokmeter.fit.GrokkingMeasures;
import org.grokmeter.nn.MlpConfig;
import org.grokmeter.nn.MlpLimits;
import org.grokmeter.nn.TrainingCurves;

/**
 * The paper's MLP with concealed parity as a sweep experiment ({@code experiment: mlp}): one run
 * trains and fits one (input size, seed) point exactly as {@code grokmeter mlp} does
 * ({@link MlpPipeline#runOne}). The defaults are the paper's sweep: input sizes 25…45 × seeds
 * 0, 1, 2, 3000 epochs. {@code seed} is an explicit parameter, so "input 30, seed 1" is the same run
 * in every sweep (and the same as {@code grokmeter mlp --input-sizes 30 --seeds 1}).
 */
public final class MlpExperiment implements Experiment {

  @Override
  public String name() {
    return "mlp";
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(
        Parameter.integer("input_size", "input_sizes", 35).atLeast(3).withDefaults("25:45")
            .describedAs("total input bits n (3 parity bits + n-3 concealment bits)"),
        Parameter.longInteger("seed", "seeds", 0L).withDefaults("0,1,2")
            .describedAs("seed of data, initialisation and batch order"),
        Parameter.integer("epochs", "epochs", 3000).atLeast(4),
        Parameter.integer("hidden", "hidden", 1000).atLeast(1),
        Parameter.real("lr", "lr", 0.01).positive(),
        Parameter.real("weight_decay", "weight_decay", 0.01).atLeast(0),
        Parameter.integer("batch", "batch", 32).atLeast(1));
  }

  @Override
  public List<String> resultColumns() {
    List<String> cols = new ArrayList<>(FitColumns.names(FitColumns.Detail.SUMMARY));
    cols.addAll(List.of("final_train_acc", "final_val_acc"));
    return cols;
  }

  @Override
  public String runLabel(RunParams p) {
    return p.get("input_size") + "_" + p.get("seed");
  }

  /** The model configuration a run's parameters describe. */
  public static MlpConfig config(RunParams p) {
    return MlpConfig.paper(p.getInt("input_size")).withEpochs(p.getInt("epochs")).withHidden(p.getInt("hidden"))
        .withLr((float) p.getDouble("lr")).withWeightDecay((float) p.getDouble("weight_decay"))
        .withBatch(p.getInt("batch"));
  }

  /** Every run's configuration is valid (so a bad combination stops the sweep before it starts). */
  @Override
  public void check(RunParams p) {
    MlpLimits.check(config(p));
  }

  @Override
  public long heapBytes(RunParams p) {
    return MlpLimits.heapBytes(config(p));
  }

  @Override
  public RunOutcome run(RunParams p, long seed) {
    MlpRunResult r = MlpPipeline.runOne(config(p), seed, null);
    FitResult train = r.trainFit();
    FitResult val = r.valFit();
    GrokkingMeasures m = r.measures();
    TrainingCurves c = r.curves();
    int[] epoch = new int[c.epochs()];
    for (int i = 0; i < epoch.length; i++) {
      epoch[i] = i;
    }
    RunOutcome.Builder out = RunOutcome.builder();
    FitColumns.cells(FitColumns.all(train, val, m, r.trainTimes(), r.valTimes(), FitColumns.Detail.SUMMARY))
        .forEach(out::put);
    out.put("final_train_acc", last(c.trainAcc())).put("final_val_acc", last(c.valAcc()))
        .status(r.status())
        .curve("epoch", epoch).curve("train_acc", c.trainAcc()).curve("val_acc", c.valAcc())
        .curve("train_loss", c.trainLoss()).curve("val_loss", c.valLoss());
    return out.build();
  }

  private static double last(double[] a) {
    return a.length == 0 ? Double.NaN : a[a.length - 1];
  }
}
