package org.grokmeter.cli.mlp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.grokmeter.cli.io.Log;
import org.grokmeter.cli.io.RunsTable;
import org.grokmeter.cli.io.SweepOutputs;
import org.grokmeter.experiment.ResultStore;
import org.grokmeter.experiment.SweepSpec;
import org.grokmeter.experiments.MlpPipeline;
import org.grokmeter.fit.SCurveForm;
import org.grokmeter.fit.TrendAnalysis;
import org.grokmeter.nn.MlpConfig;

/**
 * What {@code grokmeter mlp} writes once its result store holds every run of the sweep, all of it
 * read back from the store ({@code runs.csv} and the curves files), so a resumed or merged folder
 * gets the same files as an uninterrupted one: {@code trend.csv} (R_rel and R_abs against m over
 * the runs whose status starts with {@code ok}, in (input size, seed) order), {@code config.txt}
 * and the figures ({@link MlpFigures}).
 */
public final class MlpReport {

  /**
   * One finished run as {@code runs.csv} holds it. The doubles are written round-trip, so they are
   * the values the run computed, to the bit.
   *
   * @param curves the run's curves file ({@code epoch,train_acc,val_acc,train_loss,val_loss})
   */
  record Row(int inputSize, long seed, String status, double m, double rRel, double rAbs, double tStarTrain,
             double sTrain, double tStarVal, double sVal, Path curves) {

    /** Grokked and both fits converged: the run enters the trend and the figures. */
    boolean usable() {
      return status.startsWith("ok");
    }

    double trainFit(double t) {
      return erf(t, tStarTrain, sTrain);
    }

    double valFit(double t) {
      return erf(t, tStarVal, sVal);
    }

    private static double erf(double t, double tStar, double s) {
      double[] p = new double[SCurveForm.PARAMETERS];
      p[SCurveForm.T_STAR] = tStar;
      p[SCurveForm.S] = s;
      p[SCurveForm.A] = MlpPipeline.A;
      p[SCurveForm.B] = MlpPipeline.B;
      return SCurveForm.ERF.value(t, p);
    }
  }

  private MlpReport() {}

  /** Writes trend.csv, config.txt and (if asked) the figures into the complete store {@code dir}. */
  public static void write(Path dir, SweepSpec spec, boolean figures) throws IOException {
    List<Row> rows = read(dir);
    TrendAnalysis rel = trend(rows, true);
    TrendAnalysis abs = trend(rows, false);
    SweepOutputs.writeText(dir.resolve("trend.csv"), SweepOutputs.trendCsv(rel, abs));
    SweepOutputs.writeText(dir.resolve("config.txt"), config(spec));
    if (figures) {
      MlpFigures.write(rows, dir);
    }
    long usable = rows.stream().filter(Row::usable).count();
    Log.info(String.format(Locale.ROOT, "mlp: %d runs, %d usable, %d did not grok or failed to fit; trend.csv%s in %s",
        rows.size(), usable, rows.size() - usable, figures ? " and figures/" : "", dir));
  }

  /** The store's rows in (input size, seed) order. */
  static List<Row> read(Path dir) throws IOException {
    RunsTable t = RunsTable.read(dir.resolve(ResultStore.RUNS));
    List<Row> rows = new ArrayList<>(t.size());
    for (int i = 0; i < t.size(); i++) {
      String curves = t.text(i, "curves");
      rows.add(new Row(Integer.parseInt(t.text(i, "input_size")), Long.parseLong(t.text(i, "seed")),
          t.text(i, "status"), t.number(i, "m"), t.number(i, "R_rel"), t.number(i, "R_abs"),
          t.number(i, "t_star_train"), t.number(i, "s_train"), t.number(i, "t_star_val"), t.number(i, "s_val"),
          ResultStore.isCurvesPath(curves) && !curves.isEmpty() ? dir.resolve(curves) : null));
    }
    rows.sort(Comparator.comparingInt(Row::inputSize).thenComparingLong(Row::seed));
    return rows;
  }

  static TrendAnalysis trend(List<Row> rows, boolean relative) {
    List<Row> usable = rows.stream().filter(Row::usable).toList();
    double[] m = usable.stream().mapToDouble(Row::m).toArray();
    double[] r = usable.stream().mapToDouble(x -> relative ? x.rRel() : x.rAbs()).toArray();
    return TrendAnalysis.of(m, r);
  }

  /** The resolved settings (one line per parameter, as the sweep file keys) and how runs are made. */
  static String config(SweepSpec spec) {
    StringBuilder b = new StringBuilder("experiment=mlp\n");
    spec.axes().forEach((name, values) -> b.append(spec.keys().getOrDefault(name, name)).append('=')
        .append(String.join(",", values)).append('\n'));
    b.append("samples=").append(MlpConfig.PAPER_SAMPLES).append('\n')
        .append("train_size=").append(MlpConfig.PAPER_TRAIN_SIZE).append('\n')
        .append("rng=XO_RO_SHI_RO_128_PP (Commons RNG), streams data/init/shuffle = successive jump()s of the seed\n")
        .append("train_metrics=mean over batches of pre-update per-batch values\n")
        .append("val_metrics=per-sample mean over the validation samples after each epoch\n")
        .append("fit=erf a=").append(MlpPipeline.A).append(" b=").append(MlpPipeline.B).append(" start s=")
        .append(MlpPipeline.S0).append(" t*=").append(MlpPipeline.T_STAR0)
        .append(" t=epoch index, automatic start when the paper's start fails\n");
    return b.toString();
  }
}
