package org.grokmeter.cli.mlp;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.grokmeter.Provenance;
import org.grokmeter.cli.Log;
import org.grokmeter.fit.CurveFitter;
import org.grokmeter.fit.FitResult;
import org.grokmeter.fit.GrokkingMeasures;
import org.grokmeter.fit.ThresholdTimes;
import org.grokmeter.fit.TrendAnalysis;
import org.grokmeter.nn.MlpConfig;
import org.grokmeter.nn.MlpTrainer;
import org.grokmeter.nn.TrainingCurves;

/**
 * The MLP sweep of the paper's Figures 2, 4 and 5, callable from any command ({@code grokmeter mlp},
 * {@code grokmeter reproduce}): trains every (input size, seed) run in parallel across runs (each
 * run single-threaded, so results do not depend on the thread count), fits both accuracy curves with
 * the paper's erf form (a = 1/4, b = 3/4, start s = 1e-3, t* = 100, t = epoch index; the automatic
 * start when the paper's start fails, flagged in the status), and writes into the output folder:
 * {@code runs.csv}, {@code curves/<input>_<seed>.csv}, {@code trend.csv}, {@code provenance.txt},
 * {@code config.txt} and the figures.
 */
public final class MlpPipeline {

  /** The paper's fixed erf amplitude and offset for 2 balanced classes (chance 0.5 to 1.0). */
  public static final double A = 0.25;
  public static final double B = 0.75;
  /** The paper's starting point. */
  public static final double S0 = 1e-3;
  public static final double T_STAR0 = 100;

  static final String RUNS_HEADER = "input_size,seed,t_star_train,s_train,t_star_val,s_val,m,R_rel,R_abs,"
      + "first_epoch_train_099,first_epoch_val_099,status,fit_status_train,fit_status_val,"
      + "t_star_train_stderr,s_train_stderr,t_star_val_stderr,s_val_stderr,m_stderr,R_rel_stderr,R_abs_stderr,"
      + "final_train_acc,final_val_acc,seconds";

  /** What to run. {@code seeds} are the runs' master seeds (data, init and batch order all derive from it). */
  public record Options(int[] inputSizes, long[] seeds, int epochs, int hidden, float lr, float weightDecay,
                        int batch, int threads, boolean figures) {

    /** The paper's sweep: n = 25…45, seeds 0, 1, 2, 3000 epochs, all cores. */
    public static Options paper() {
      int[] sizes = new int[21];
      for (int i = 0; i < sizes.length; i++) {
        sizes[i] = 25 + i;
      }
      return new Options(sizes, new long[] {0, 1, 2}, 3000, 1000, 0.01f, 0.01f, 32,
          Runtime.getRuntime().availableProcessors(), true);
    }

    MlpConfig config(int inputSize) {
      return MlpConfig.paper(inputSize).withEpochs(epochs).withHidden(hidden).withLr(lr)
          .withWeightDecay(weightDecay).withBatch(batch);
    }
  }

  /** Everything the sweep produced, runs sorted by (input size, seed). */
  public record Result(List<MlpRunResult> runs, TrendAnalysis relativeTrend, TrendAnalysis absoluteTrend,
                       double seconds) {}

  private MlpPipeline() {}

  /** Trains and fits one run (no I/O). */
  public static MlpRunResult runOne(MlpConfig config, long seed, Runnable afterEpoch) {
    long start = System.nanoTime();
    TrainingCurves curves = MlpTrainer.run(config, seed, afterEpoch == null ? null : e -> afterEpoch.run());
    double[] t = curves.epochAxis();
    CurveFitter fitter = new CurveFitter();
    FitResult train = fitter.fitWithFallback(t, curves.trainAcc(), A, B, S0, T_STAR0);
    FitResult val = fitter.fitWithFallback(t, curves.valAcc(), A, B, S0, T_STAR0);
    GrokkingMeasures measures = GrokkingMeasures.of(train, val);
    ThresholdTimes trainTimes = ThresholdTimes.of(t, curves.trainAcc());
    ThresholdTimes valTimes = ThresholdTimes.of(t, curves.valAcc());
    String status = MlpRunResult.statusOf(train, val, trainTimes, valTimes);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new MlpRunResult(config.inputSize(), seed, curves, train, val, measures, trainTimes, valTimes, status,
        seconds);
  }

  /** Runs the sweep and writes every output into {@code outDir} (created if needed). */
  public static Result run(Options options, Path outDir) throws IOException {
    validate(options);
    long start = System.nanoTime();
    Files.createDirectories(outDir.resolve("curves"));
    writeProvenance(options, outDir);
    List<int[]> keys = new ArrayList<>();
    for (int n : options.inputSizes()) {
      for (int s = 0; s < options.seeds().length; s++) {
        keys.add(new int[] {n, s});
      }
    }
    int total = keys.size();
    Log.info("mlp: " + total + " runs (input sizes " + describe(options.inputSizes()) + ", seeds "
        + describe(options.seeds()) + ", " + options.epochs() + " epochs) on " + options.threads() + " threads");
    List<MlpRunResult> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
      Thread th = new Thread(r, "mlp-run");
      th.setDaemon(true);
      return th;
    });
    try (Progress progress = Progress.start("mlp", (long) total * options.epochs(), total);
         BufferedWriter live = Files.newBufferedWriter(outDir.resolve("runs.csv"), StandardCharsets.UTF_8)) {
      live.write(RUNS_HEADER);
      live.newLine();
      live.flush();
      ExecutorCompletionService<MlpRunResult> done = new ExecutorCompletionService<>(pool);
      for (int[] key : keys) {
        MlpConfig config = options.config(key[0]);
        long seed = options.seeds()[key[1]];
        done.submit(() -> runOne(config, seed, progress::epoch));
      }
      AtomicInteger finished = new AtomicInteger();
      for (int i = 0; i < total; i++) {
        MlpRunResult r = take(done);
        results.add(r);
        writeCurves(r, outDir.resolve("curves").resolve(r.inputSize() + "_" + r.seed() + ".csv"));
        live.write(row(r));
        live.newLine();
        live.flush();
        progress.runDone(finished.incrementAndGet(), "n=" + r.inputSize() + " seed=" + r.seed() + " " + r.status()
            + (r.usable() ? " m=" + fmt(r.measures().relativeGap()) : ""));
      }
    } finally {
      pool.shutdownNow();
    }
    results.sort(Comparator.comparingInt(MlpRunResult::inputSize).thenComparingLong(MlpRunResult::seed));
    writeRuns(results, outDir.resolve("runs.csv"));
    TrendAnalysis rel = trend(results, true);
    TrendAnalysis abs = trend(results, false);
    writeTrend(rel, abs, outDir.resolve("trend.csv"));
    if (options.figures()) {
      MlpFigures.write(results, rel, abs, outDir);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long usable = results.stream().filter(MlpRunResult::usable).count();
    Log.info(String.format(java.util.Locale.ROOT, "mlp: %d runs in %.1f s; %d usable, %d did not grok or failed to fit",
        total, seconds, usable, total - usable));
    return new Result(results, rel, abs, seconds);
  }

  private static MlpRunResult take(ExecutorCompletionService<MlpRunResult> done) throws IOException {
    try {
      Future<MlpRunResult> f = done.take();
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(c);
    }
  }

  private static void validate(Options o) {
    if (o.inputSizes().length == 0 || o.seeds().length == 0) {
      throw new IllegalArgumentException("need at least one input size and one seed");
    }
    if (o.threads() < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + o.threads());
    }
    if (o.epochs() < 4) {
      throw new IllegalArgumentException("--epochs must be at least 4 to fit a curve, got " + o.epochs());
    }
    for (int n : o.inputSizes()) {
      o.config(n); // validates every shape up front
    }
  }

  static TrendAnalysis trend(List<MlpRunResult> results, boolean relative) {
    double[] m = results.stream().filter(MlpRunResult::usable).mapToDouble(r -> r.measures().relativeGap()).toArray();
    double[] r = results.stream().filter(MlpRunResult::usable)
        .mapToDouble(x -> relative ? x.measures().relativeSharpness() : x.measures().absoluteSharpness()).toArray();
    return TrendAnalysis.of(m, r);
  }

  static String row(MlpRunResult r) {
    StringBuilder b = new StringBuilder();
    GrokkingMeasures m = r.measures();
    join(b, Integer.toString(r.inputSize()), Long.toString(r.seed()),
        num(r.trainFit().jumpTime()), num(r.trainFit().sharpness()),
        num(r.valFit().jumpTime()), num(r.valFit().sharpness()),
        num(m.relativeGap()), num(m.relativeSharpness()), num(m.absoluteSharpness()),
        epoch(r.trainTimes().firstAbove()), epoch(r.valTimes().firstAbove()),
        r.status(), r.trainFit().status().token(), r.valFit().status().token(),
        num(r.trainFit().jumpTimeStdErr()), num(r.trainFit().sharpnessStdErr()),
        num(r.valFit().jumpTimeStdErr()), num(r.valFit().sharpnessStdErr()),
        num(m.relativeGapStdErr()), num(m.relativeSharpnessStdErr()), num(m.absoluteSharpnessStdErr()),
        num(last(r.curves().trainAcc())), num(last(r.curves().valAcc())),
        String.format(java.util.Locale.ROOT, "%.3f", r.seconds()));
    return b.toString();
  }

  private static double last(double[] a) {
    return a.length == 0 ? Double.NaN : a[a.length - 1];
  }

  private static void join(StringBuilder b, String... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(fields[i]);
    }
  }

  /** Round-trip doubles; NaN written as an empty field is ambiguous, so "NaN". */
  static String num(double v) {
    return Double.toString(v);
  }

  private static String epoch(double t) {
    return Double.isNaN(t) ? "" : Long.toString((long) t);
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.3g", v);
  }

  static void writeRuns(List<MlpRunResult> results, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write(RUNS_HEADER + "\n");
      for (MlpRunResult r : results) {
        w.write(row(r) + "\n");
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Per-epoch curves in the fixtures' format: epoch,train_acc,val_acc,train_loss,val_loss. */
  public static void writeCurves(MlpRunResult r, Path file) {
    TrainingCurves c = r.curves();
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder b = new StringBuilder(64 * c.epochs() + 64);
      b.append("epoch,train_acc,val_acc,train_loss,val_loss\n");
      for (int e = 0; e < c.epochs(); e++) {
        b.append(e).append(',').append(c.trainAcc()[e]).append(',').append(c.valAcc()[e]).append(',')
            .append(c.trainLoss()[e]).append(',').append(c.valLoss()[e]).append('\n');
      }
      w.write(b.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static void writeTrend(TrendAnalysis rel, TrendAnalysis abs, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("measure,runs,excluded,slope_log10,slope_stderr,intercept_log10,intercept_stderr,"
          + "pearson_log_m_log_R,p_log_m_log_R,pearson_m_log_R,p_m_log_R\n");
      for (int i = 0; i < 2; i++) {
        TrendAnalysis t = i == 0 ? rel : abs;
        w.write((i == 0 ? "R_rel" : "R_abs") + "," + t.runs() + "," + t.excluded() + "," + num(t.slope()) + ","
            + num(t.slopeStdErr()) + "," + num(t.intercept()) + "," + num(t.interceptStdErr()) + ","
            + num(t.pearsonLogLog()) + "," + num(t.pValueLogLog()) + "," + num(t.pearsonLinLog()) + ","
            + num(t.pValueLinLog()) + "\n");
      }
    }
  }

  private static void writeProvenance(Options o, Path outDir) throws IOException {
    StringBuilder p = new StringBuilder();
    for (Map.Entry<String, String> e : Provenance.describe(o.threads()).entrySet()) {
      p.append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    Files.writeString(outDir.resolve("provenance.txt"), p.toString(), StandardCharsets.UTF_8);
    String config = "experiment=mlp\n"
        + "input_sizes=" + describe(o.inputSizes()) + "\n"
        + "seeds=" + describe(o.seeds()) + "\n"
        + "epochs=" + o.epochs() + "\n"
        + "hidden=" + o.hidden() + "\n"
        + "lr=" + o.lr() + "\n"
        + "weight_decay=" + o.weightDecay() + "\n"
        + "batch=" + o.batch() + "\n"
        + "samples=1000\ntrain_size=750\n"
        + "rng=XO_RO_SHI_RO_128_PP (Commons RNG), streams data/init/shuffle = successive jump()s of the seed\n"
        + "train_metrics=mean over batches of pre-update per-batch values\n"
        + "val_metrics=per-sample mean over the validation samples after each epoch\n"
        + "fit=erf a=" + A + " b=" + B + " start s=" + S0 + " t*=" + T_STAR0
        + " t=epoch index, automatic start when the paper's start fails\n";
    Files.writeString(outDir.resolve("config.txt"), config, StandardCharsets.UTF_8);
  }

  static String describe(int[] a) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < a.length; i++) {
      b.append(i == 0 ? "" : ",").append(a[i]);
    }
    return b.toString();
  }

  static String describe(long[] a) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < a.length; i++) {
      b.append(i == 0 ? "" : ",").append(a[i]);
    }
    return b.toString();
  }
}
