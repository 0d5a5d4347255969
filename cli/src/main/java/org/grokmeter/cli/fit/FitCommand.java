package org.grokmeter.cli.fit;

import org.grokmeter.UserInputException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.grokmeter.cli.io.CurveFiles;
import org.grokmeter.cli.io.Log;
import org.grokmeter.cli.plot.Figure;
import org.grokmeter.cli.plot.Panel;
import org.grokmeter.fit.CurveFitter;
import org.grokmeter.fit.FitOptions;
import org.grokmeter.fit.FitResult;
import org.grokmeter.fit.FitStatus;
import org.grokmeter.fit.GrokkingMeasures;
import org.grokmeter.fit.Loss;
import org.grokmeter.fit.ModelCriterion;
import org.grokmeter.fit.SCurveForm;
import org.grokmeter.fit.ThresholdTimes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code grokmeter fit}: S-curve fits of training and validation accuracy from researchers' own logs,
 * with the paper's measures m, R_rel, R_abs (docs/method.md). One output row per file (or per train/val
 * file pair); stdout is the table, notes go to stderr.
 */
@Command(
    name = "fit",
    header = "Fit S-curves to training logs and report m, R_rel, R_abs with uncertainties and a status.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Fit S-curves A(t) = a*f(s*(t - t*)) + b to training and validation accuracy and report the"
            + " relative grokking gap m = t*_val/t*_train - 1, R_rel = s_val/s_train and R_abs (steepest"
            + " validation slope). One row per FILE (or per --train-file/--val-file pair).",
        "",
        "With --amplitude and --offset both given the paper's start is used (MLP: s = 1e-3, t* = 100;"
            + " with a = b = 1/2 the linear setting's s = 1/t_max, t* = t_max/5) and, when it fails, the"
            + " automatic start (status converged_auto_start). Otherwise a and b are fitted from automatic"
            + " starting values (threshold crossings, steepest rise)."
    },
    footer = {
        "",
        "Example:",
        "  ./grokmeter fit --amplitude 0.25 --offset 0.75 \\",
        "      --time epoch --train train_acc --val val_acc examples/curves_44_2.csv.gz",
        "",
        "Exit codes: 0 ok (failed fits are rows with a status), 2 bad input (file, line, column named)."
    })
public final class FitCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", arity = "0..*",
      description = "Logs, each with a time and a train and/or val series: CSV (W&B, Lightning, Keras), JSON lines,"
          + " TensorBoard event files or run folders; gzip accepted; - is standard input (docs/logs.md).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--time", paramLabel = "COL",
      description = "Time column (default: the first of _step, epoch, step, global_step, iteration, iter;"
          + " TensorBoard: step or wall_time).")
  String time;

  @Option(names = "--train", paramLabel = "COL",
      description = "Training accuracy column or TensorBoard tag (default: train_acc, train/acc, train_accuracy,"
          + " ...; see docs/logs.md).")
  String train;

  @Option(names = "--val", paramLabel = "COL",
      description = "Validation accuracy column or TensorBoard tag (default: val_acc, val/acc, val_accuracy, ...).")
  String val;

  @Option(names = "--train-file", paramLabel = "FILE",
      description = "Single-series export of training accuracy (TensorBoard: Wall time,Step,Value;"
          + " W&B: Step,<run> - <metric>, one row per run). Repeatable; paired in order with --val-file.")
  List<Path> trainFiles = new ArrayList<>();

  @Option(names = "--val-file", paramLabel = "FILE",
      description = "Single-series export of validation accuracy. Repeatable.")
  List<Path> valFiles = new ArrayList<>();

  @Option(names = "--percent", description = "Accuracies are logged in percent (0-100).")
  boolean percent;

  @Option(names = "--max-bytes", paramLabel = "N", defaultValue = "1073741824",
      description = "Cap on the bytes read from one input, after decompression (default ${DEFAULT-VALUE}).")
  long maxBytes;

  @Option(names = "--form", paramLabel = "FORM", defaultValue = "erf",
      description = "erf, logistic, gompertz, richards or auto: the form with the lowest summed AIC/BIC over"
          + " train and val, the same for both curves (default ${DEFAULT-VALUE}).")
  String form;

  @Option(names = "--criterion", paramLabel = "aic|bic", defaultValue = "aic",
      description = "Criterion for --form auto (default ${DEFAULT-VALUE}).")
  String criterion;

  @Option(names = "--amplitude", paramLabel = "A", description = "Fix a (half the jump height); fitted if absent.")
  Double amplitude;

  @Option(names = "--offset", paramLabel = "B", description = "Fix b (the midpoint level); fitted if absent.")
  Double offset;

  @Option(names = "--start", paramLabel = "START",
      description = "Starting values: auto, paper-mlp (s=1e-3, t*=100), paper-linear (s=1/t_max, t*=t_max/5)"
          + " or T_STAR,S. Default: the paper's start when a and b are fixed, else auto.")
  String start;

  @Option(names = "--start-shape", paramLabel = "NU", defaultValue = "1",
      description = "Starting Richards shape (default ${DEFAULT-VALUE}).")
  double startShape;

  @Option(names = "--no-fallback",
      description = "Paper-faithful: report a failed start as its status instead of retrying automatically.")
  boolean noFallback;

  @Option(names = "--loss", paramLabel = "LOSS", defaultValue = "linear",
      description = "linear (least squares), soft_l1, huber or cauchy (default ${DEFAULT-VALUE}).")
  String loss;

  @Option(names = "--loss-scale", paramLabel = "C",
      description = "Residual scale of a robust loss (default: 1.4826 * MAD of the least-squares residuals).")
  Double lossScale;

  @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "0",
      description = "Residual-bootstrap replicates for extra standard errors and intervals (default 0).")
  int bootstrap;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Bootstrap seed (default 1).")
  long seed;

  @Option(names = "--confidence", paramLabel = "LEVEL", defaultValue = "0.95",
      description = "Confidence level of the intervals (default ${DEFAULT-VALUE}).")
  double confidence;

  @Option(names = "--threshold", paramLabel = "ACC", defaultValue = "0.99",
      description = "Accuracy threshold of the threshold times (default ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--hold", paramLabel = "K", defaultValue = "10",
      description = "Evaluations the threshold must hold for the stable crossing (default ${DEFAULT-VALUE}).")
  int hold;

  @Option(names = "--format", paramLabel = "csv|json", defaultValue = "csv",
      description = "Output format (default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--plot", paramLabel = "OUT.png|svg|pdf",
      description = "Also draw the curves with their fitted S-curves (dashed), one panel per input, and write"
          + " the plotted data beside it as OUT.csv.")
  Path plot;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    validateOptions();
    List<Job> jobs = jobs();
    CurveFitter fitter = new CurveFitter();
    List<Row> rows = new ArrayList<>();
    for (Job job : jobs) {
      rows.add(fit(fitter, job));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format.equalsIgnoreCase("json")) {
      writeJson(out, rows);
    } else {
      writeCsv(out, rows);
    }
    out.flush();
    if (plot != null) {
      plot(rows);
      Log.info("wrote " + plot);
    }
    return 0;
  }

  // ------------------------------------------------------------------------------------------ input

  /** One output row's input: a file with both columns, a pair of series files, or a single curve. */
  record Job(String name, String timeColumn, double[] tTrain, double[] yTrain, double[] tVal, double[] yVal,
      String run) {}

  private List<Job> jobs() {
    if (files.isEmpty() && trainFiles.isEmpty() && valFiles.isEmpty()) {
      throw new UserInputException("fit: no input; give FILE... or --train-file/--val-file (see grokmeter fit --help)");
    }
    List<Job> jobs = new ArrayList<>();
    for (Path p : files) {
      CurveFiles.Columns c = CurveFiles.read(p, p.toString(), List.of(
          CurveFiles.Want.orDefault("train", train, CurveFiles.DEFAULT_TRAIN),
          CurveFiles.Want.orDefault("val", val, CurveFiles.DEFAULT_VAL)), readOptions());
      CurveFiles.Curve tr = c.curve("train");
      CurveFiles.Curve va = c.curve("val");
      jobs.add(new Job(p.toString(), c.timeColumn(), tr == null ? null : tr.time(), tr == null ? null : tr.values(),
          va == null ? null : va.time(), va == null ? null : va.values(), null));
    }
    if (!trainFiles.isEmpty() && !valFiles.isEmpty() && trainFiles.size() != valFiles.size()) {
      throw new UserInputException("fit: " + trainFiles.size() + " --train-file but " + valFiles.size()
          + " --val-file; give them in pairs (or only one kind for single-curve fits)");
    }
    int pairs = Math.max(trainFiles.size(), valFiles.size());
    for (int i = 0; i < pairs; i++) {
      Path tp = i < trainFiles.size() ? trainFiles.get(i) : null;
      Path vp = i < valFiles.size() ? valFiles.get(i) : null;
      List<CurveFiles.Curve> tr = tp == null ? null : CurveFiles.readSeries(tp, tp.toString(), train, readOptions());
      List<CurveFiles.Curve> va = vp == null ? null : CurveFiles.readSeries(vp, vp.toString(), val, readOptions());
      String name = tp != null && vp != null ? tp + "|" + vp : (tp != null ? tp.toString() : vp.toString());
      for (CurveFiles.Curve[] pair : CurveFiles.pairRuns(tp == null ? null : tp.toString(), tr,
          vp == null ? null : vp.toString(), va)) {
        CurveFiles.Curve t = pair[0];
        CurveFiles.Curve v = pair[1];
        String run = t != null && t.run() != null ? t.run() : (v != null ? v.run() : null);
        // a chart export's x column is the step W&B logged (or the --time column)
        jobs.add(new Job(name, time != null ? time : "step", t == null ? null : t.time(), t == null ? null : t.values(),
            v == null ? null : v.time(), v == null ? null : v.values(), run));
      }
    }
    return jobs;
  }

  private CurveFiles.Options readOptions() {
    return new CurveFiles.Options(time, percent ? CurveFiles.Check.PERCENT : CurveFiles.Check.ACCURACY, maxBytes);
  }

  private void validateOptions() {
    if (!form.equalsIgnoreCase("auto")) {
      parseForm();
    }
    if (!criterion.equalsIgnoreCase("aic") && !criterion.equalsIgnoreCase("bic")) {
      throw new UserInputException("--criterion: '" + criterion + "' is not aic or bic");
    }
    try {
      Loss.parse(loss);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--loss: " + e.getMessage());
    }
    if (!format.equalsIgnoreCase("csv") && !format.equalsIgnoreCase("json")) {
      throw new UserInputException("--format: '" + format + "' is not csv or json");
    }
    if (maxBytes < 1) {
      throw new UserInputException("--max-bytes: must be >= 1, got " + maxBytes);
    }
    if (bootstrap < 0) {
      throw new UserInputException("--bootstrap: must be >= 0, got " + bootstrap);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new UserInputException("--confidence: must be in (0, 1), got " + confidence);
    }
    if (hold < 1) {
      throw new UserInputException("--hold: must be >= 1, got " + hold);
    }
    if (!(startShape > 0)) {
      throw new UserInputException("--start-shape: must be > 0, got " + startShape);
    }
    if (amplitude != null && !(Double.isFinite(amplitude) && amplitude > 0)) {
      throw new UserInputException("--amplitude: must be a positive number, got " + amplitude);
    }
    if (offset != null && !Double.isFinite(offset)) {
      throw new UserInputException("--offset: must be a finite number, got " + offset);
    }
    if (lossScale != null && !(lossScale > 0)) {
      throw new UserInputException("--loss-scale: must be > 0, got " + lossScale);
    }
    if (plot != null) {
      String n = plot.getFileName().toString().toLowerCase(Locale.ROOT);
      if (!n.endsWith(".png") && !n.endsWith(".svg") && !n.endsWith(".pdf")) {
        throw new UserInputException("--plot: '" + plot + "' must end in .png, .svg or .pdf");
      }
    }
    if (start != null) {
      startFor(new double[] {0, 1});
    }
  }

  private SCurveForm parseForm() {
    try {
      return SCurveForm.parse(form);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--form: '" + form + "' is not erf, logistic, gompertz, richards or auto");
    }
  }

  /** {t*, s} to start from, or null for the automatic start. */
  private double[] startFor(double[] t) {
    String s = start;
    if (s == null) {
      if (amplitude == null || offset == null) {
        return null;
      }
      s = amplitude == 0.5 && offset == 0.5 ? "paper-linear" : "paper-mlp";
    }
    double tMax = t[t.length - 1];
    switch (s.toLowerCase(Locale.ROOT)) {
      case "auto":
        return null;
      case "paper-mlp":
        return new double[] {100, 1e-3};
      case "paper-linear":
        return new double[] {tMax / 5, 1 / tMax};
      default:
        String[] parts = s.split(",");
        if (parts.length != 2) {
          throw new UserInputException("--start: '" + s + "' is not auto, paper-mlp, paper-linear or T_STAR,S");
        }
        try {
          double ts = Double.parseDouble(parts[0].strip());
          double sh = Double.parseDouble(parts[1].strip());
          if (!Double.isFinite(ts) || !(sh > 0) || !Double.isFinite(sh)) {
            throw new NumberFormatException();
          }
          return new double[] {ts, sh};
        } catch (NumberFormatException e) {
          throw new UserInputException("--start: '" + s + "' needs a finite T_STAR and a positive S");
        }
    }
  }

  // ------------------------------------------------------------------------------------------ fitting

  /** Fit results of one job (null for an absent curve). */
  record Row(Job job, FitResult train, FitResult val, ThresholdTimes thrTrain, ThresholdTimes thrVal,
             GrokkingMeasures measures) {}

  private Row fit(CurveFitter fitter, Job job) {
    FitResult tr;
    FitResult va;
    if (form.equalsIgnoreCase("auto") && job.yTrain() != null && job.yVal() != null) {
      // m and R_rel compare like with like: one form for both curves, the best by the summed criterion
      FitResult[] best = null;
      double bestScore = Double.POSITIVE_INFINITY;
      FitResult[] first = null;
      for (SCurveForm f : SCurveForm.values()) {
        FitResult a = fitOne(fitter, job.tTrain(), job.yTrain(), f);
        FitResult b = fitOne(fitter, job.tVal(), job.yVal(), f);
        if (first == null) {
          first = new FitResult[] {a, b};
        }
        boolean bic = criterion.equalsIgnoreCase("bic");
        double score = bic ? a.bic() + b.bic() : a.aic() + b.aic();
        if (a.status().isConverged() && b.status().isConverged() && score < bestScore) {
          bestScore = score;
          best = new FitResult[] {a, b};
        }
      }
      FitResult[] pick = best != null ? best : first;
      tr = pick[0];
      va = pick[1];
    } else {
      tr = job.yTrain() == null ? null : fitOne(fitter, job.tTrain(), job.yTrain(), null);
      va = job.yVal() == null ? null : fitOne(fitter, job.tVal(), job.yVal(), null);
    }
    ThresholdTimes ttr = job.yTrain() == null ? null : ThresholdTimes.of(job.tTrain(), job.yTrain(), threshold, hold);
    ThresholdTimes tva = job.yVal() == null ? null : ThresholdTimes.of(job.tVal(), job.yVal(), threshold, hold);
    GrokkingMeasures m = tr != null && va != null ? GrokkingMeasures.of(tr, va) : null;
    Log.debug(job.name() + ": train " + (tr == null ? "-" : tr.status().token()) + ", val "
        + (va == null ? "-" : va.status().token()));
    return new Row(job, tr, va, ttr, tva, m);
  }

  /** One curve; {@code fixedForm} overrides --form (null: as --form says). */
  private FitResult fitOne(CurveFitter fitter, double[] t, double[] y, SCurveForm fixedForm) {
    FitOptions o = FitOptions.defaults()
        .withAmplitude(amplitude == null ? Double.NaN : amplitude)
        .withOffset(offset == null ? Double.NaN : offset)
        .withStartShape(startShape)
        .withFallback(!noFallback)
        .withLoss(Loss.parse(loss), lossScale == null ? Double.NaN : lossScale)
        .withBootstrap(bootstrap, seed)
        .withConfidenceLevel(confidence);
    double[] st = startFor(t);
    if (st != null) {
      o = o.withStart(st[0], st[1]);
    }
    if (fixedForm != null) {
      return fitter.fit(t, y, o.withForm(fixedForm));
    }
    o = form.equalsIgnoreCase("auto")
        ? o.withAutoForm(criterion.equalsIgnoreCase("bic") ? ModelCriterion.BIC : ModelCriterion.AIC)
        : o.withForm(parseForm());
    return fitter.fit(t, y, o);
  }

  // ------------------------------------------------------------------------------------------ output

  /** Overall status of a row: converged when both fits are, else which curve failed and how. */
  static String status(FitResult tr, FitResult va) {
    if (tr == null || va == null) {
      return (tr != null ? tr : va).status().token();
    }
    if (tr.status().isConverged() && va.status().isConverged()) {
      boolean auto = tr.status() == FitStatus.CONVERGED_AUTO_START || va.status() == FitStatus.CONVERGED_AUTO_START;
      return auto ? FitStatus.CONVERGED_AUTO_START.token() : FitStatus.CONVERGED.token();
    }
    List<String> parts = new ArrayList<>();
    if (!tr.status().isConverged()) {
      parts.add("train_" + tr.status().token());
    }
    if (!va.status().isConverged()) {
      parts.add("val_" + va.status().token());
    }
    return String.join(";", parts);
  }

  /** The row as ordered name → value (Double, String or null); the CSV and JSON share it. */
  Map<String, Object> record(Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    FitResult tr = r.train();
    FitResult va = r.val();
    GrokkingMeasures g = r.measures();
    m.put("file", r.job().name());
    m.put("run", r.job().run());
    m.put("form", (tr != null ? tr : va).form().token());
    m.put("t_star_train", tr == null ? null : tr.jumpTime());
    m.put("s_train", tr == null ? null : tr.sharpness());
    m.put("t_star_val", va == null ? null : va.jumpTime());
    m.put("s_val", va == null ? null : va.sharpness());
    m.put("m", g == null ? null : g.relativeGap());
    m.put("R_rel", g == null ? null : g.relativeSharpness());
    m.put("R_abs", g == null ? null : g.absoluteSharpness());
    m.put("status", status(tr, va));
    m.put("m_se", g == null ? null : g.relativeGapStdErr());
    m.put("R_rel_se", g == null ? null : g.relativeSharpnessStdErr());
    m.put("R_abs_se", g == null ? null : g.absoluteSharpnessStdErr());
    curve(m, "train", tr, r.thrTrain());
    curve(m, "val", va, r.thrVal());
    return m;
  }

  private void curve(Map<String, Object> m, String side, FitResult f, ThresholdTimes thr) {
    boolean none = f == null;
    m.put("status_" + side, none ? null : f.status().token());
    m.put("form_" + side, none ? null : f.form().token());
    m.put("t_star_" + side + "_se", none ? null : f.jumpTimeStdErr());
    m.put("s_" + side + "_se", none ? null : f.sharpnessStdErr());
    m.put("t_star_" + side + "_lo", none ? null : f.jumpTimeLow());
    m.put("t_star_" + side + "_hi", none ? null : f.jumpTimeHigh());
    m.put("s_" + side + "_lo", none ? null : f.sharpnessLow());
    m.put("s_" + side + "_hi", none ? null : f.sharpnessHigh());
    m.put("a_" + side, none ? null : f.amplitude());
    m.put("a_" + side + "_se", none ? null : f.amplitudeStdErr());
    m.put("b_" + side, none ? null : f.offset());
    m.put("b_" + side + "_se", none ? null : f.offsetStdErr());
    m.put("nu_" + side, none ? null : f.shape());
    m.put("max_slope_" + side, none ? null : f.maxSlope());
    m.put("rss_" + side, none ? null : f.rss());
    m.put("r2_" + side, none ? null : f.rSquared());
    m.put("aic_" + side, none ? null : f.aic());
    m.put("bic_" + side, none ? null : f.bic());
    m.put("points_" + side, none ? null : (double) f.points());
    m.put("iterations_" + side, none ? null : (double) f.iterations());
    m.put("start_" + side, none ? null : f.startSource().token());
    m.put("t_first_" + side, thr == null ? null : thr.firstAbove());
    m.put("t_stable_" + side, thr == null ? null : thr.stableAbove());
    if (bootstrap > 0) {
      boolean nb = none || f.bootstrap() == null;
      m.put("boot_n_" + side, nb ? null : (double) f.bootstrap().converged());
      m.put("t_star_" + side + "_boot_se", nb ? null : f.bootstrap().jumpTimeStdErr());
      m.put("s_" + side + "_boot_se", nb ? null : f.bootstrap().sharpnessStdErr());
      m.put("t_star_" + side + "_boot_lo", nb ? null : f.bootstrap().jumpTimeLow());
      m.put("t_star_" + side + "_boot_hi", nb ? null : f.bootstrap().jumpTimeHigh());
      m.put("s_" + side + "_boot_lo", nb ? null : f.bootstrap().sharpnessLow());
      m.put("s_" + side + "_boot_hi", nb ? null : f.bootstrap().sharpnessHigh());
    }
  }

  /** Round-trip text of a cell: Double.toString for numbers (NaN for undefined), empty when absent. */
  static String cell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      return Double.toString(d);
    }
    return v.toString();
  }

  private void writeCsv(PrintWriter out, List<Row> rows) {
    try {
      CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get());
      boolean header = true;
      for (Row r : rows) {
        Map<String, Object> rec = record(r);
        if (header) {
          p.printRecord(rec.keySet());
          header = false;
        }
        List<String> cells = new ArrayList<>();
        for (Object v : rec.values()) {
          cells.add(cell(v));
        }
        p.printRecord(cells);
      }
      p.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeJson(PrintWriter out, List<Row> rows) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode arr = mapper.createArrayNode();
    for (Row r : rows) {
      ObjectNode o = arr.addObject();
      for (Map.Entry<String, Object> e : record(r).entrySet()) {
        Object v = e.getValue();
        if (v instanceof Double d) {
          if (Double.isFinite(d)) {
            o.put(e.getKey(), d);
          } else {
            o.putNull(e.getKey());
          }
        } else if (v == null) {
          o.putNull(e.getKey());
        } else {
          o.put(e.getKey(), v.toString());
        }
      }
    }
    try {
      out.println(mapper.writeValueAsString(arr));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One panel per input (train and validation with their fits), three to a row, sharing the accuracy axis. */
  private void plot(List<Row> rows) {
    Figure fig = new Figure(Math.min(3, rows.size())).shareY();
    for (Row r : rows) {
      Job j = r.job();
      Panel p = fig.panel().title(rows.size() == 1 ? null : shortName(j.name())).x(j.timeColumn()).y("accuracy");
      addCurve(p, train != null ? train : "train", j.tTrain(), j.yTrain(), r.train());
      addCurve(p, val != null ? val : "validation", j.tVal(), j.yVal(), r.val());
    }
    fig.save(plot);
  }

  private static void addCurve(Panel p, String name, double[] t, double[] y, FitResult f) {
    if (y == null) {
      return;
    }
    p.line(name, t, y);
    if (f != null && Double.isFinite(f.jumpTime()) && Double.isFinite(f.sharpness())) {
      double[] fy = new double[t.length];
      for (int i = 0; i < t.length; i++) {
        fy[i] = f.value(t[i]);
      }
      p.fit(f.form().name().toLowerCase(Locale.ROOT) + " fit", t, fy);
    }
  }

  private static String shortName(String file) {
    String n = Path.of(file.split("\\|")[0]).getFileName().toString();
    return n.replaceFirst("\\.csv(\\.gz)?$", "");
  }
}
