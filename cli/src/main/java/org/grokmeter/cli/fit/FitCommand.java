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
import org.grokmeter.fit.ErrorModel;
import org.grokmeter.fit.FitColumns;
import org.grokmeter.fit.FitOptions;
import org.grokmeter.fit.FitPair;
import org.grokmeter.fit.FitResult;
import org.grokmeter.fit.FitStatus;
import org.grokmeter.fit.GrokkingMeasures;
import org.grokmeter.fit.Loss;
import org.grokmeter.fit.ModelCriterion;
import org.grokmeter.fit.PaperSetting;
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
        "--setting mlp|linear is the paper's mode: a and b fixed (MLP 1/4, 3/4; linear 1/2, 1/2) and the"
            + " paper's start (MLP: s = 1e-3, t* = 100; linear: s = 1/t_max, t* = t_max/5); when that start"
            + " fails, the automatic start (status converged_auto_start). Otherwise a and b are fixed by"
            + " --amplitude and --offset or fitted, from automatic starting values (threshold crossings,"
            + " steepest rise). Standard errors are valid for the serially correlated noise of training"
            + " curves (--errors hac, the default); --errors iid gives scipy curve_fit's."
    },
    footer = {
        "",
        "Example:",
        "  ./grokmeter fit --setting mlp \\",
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

  @Option(names = "--setting", paramLabel = "mlp|linear",
      description = "The paper's setting: fixes a and b (unless --amplitude/--offset say otherwise) and starts"
          + " from the paper's start (unless --start says otherwise).")
  String setting;

  @Option(names = "--amplitude", paramLabel = "A", description = "Fix a (half the jump height); fitted if absent.")
  Double amplitude;

  @Option(names = "--offset", paramLabel = "B", description = "Fix b (the midpoint level); fitted if absent.")
  Double offset;

  @Option(names = "--start", paramLabel = "START",
      description = "Starting values: auto, paper-mlp (s=1e-3, t*=100), paper-linear (s=1/t_max, t*=t_max/5)"
          + " or T_STAR,S. Default: the paper's start of --setting, else auto.")
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

  @Option(names = "--errors", paramLabel = "hac|iid", defaultValue = "hac",
      description = "Standard errors: hac (valid under unequal variance and serially correlated noise, as in"
          + " training curves) or iid (scipy curve_fit's, for comparison) (default ${DEFAULT-VALUE}).")
  String errors;

  @Option(names = "--format", paramLabel = "csv|json|text", defaultValue = "csv",
      description = "Output format: a CSV row per file, JSON (with each fit's covariance) or an lmfit-style"
          + " text report (default ${DEFAULT-VALUE}).")
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
    } else if (format.equalsIgnoreCase("text")) {
      writeText(out, rows);
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
    if (!format.equalsIgnoreCase("csv") && !format.equalsIgnoreCase("json") && !format.equalsIgnoreCase("text")) {
      throw new UserInputException("--format: '" + format + "' is not csv, json or text");
    }
    try {
      ErrorModel.parse(errors);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--errors: '" + errors + "' is not hac or iid");
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
    if (!(startShape > 0) || !Double.isFinite(startShape)) {
      throw new UserInputException("--start-shape: must be a finite number > 0, got " + startShape);
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
    paperSetting();
    if (start != null) {
      withStart(FitOptions.defaults());
    }
  }

  private PaperSetting paperSetting() {
    if (setting == null) {
      return null;
    }
    try {
      return PaperSetting.parse(setting);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--setting: '" + setting + "' is not mlp or linear");
    }
  }

  private SCurveForm parseForm() {
    try {
      return SCurveForm.parse(form);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--form: '" + form + "' is not erf, logistic, gompertz, richards or auto");
    }
  }

  /** The options with the start --start or --setting asks for (none: the automatic start). */
  private FitOptions withStart(FitOptions o) {
    if (start == null) {
      PaperSetting ps = paperSetting();
      return ps == null ? o : o.withStart(ps);
    }
    switch (start.toLowerCase(Locale.ROOT)) {
      case "auto":
        return o;
      case "paper-mlp":
        return o.withStart(PaperSetting.MLP);
      case "paper-linear":
        return o.withStart(PaperSetting.LINEAR);
      default:
        String[] parts = start.split(",");
        if (parts.length != 2) {
          throw new UserInputException("--start: '" + start + "' is not auto, paper-mlp, paper-linear or T_STAR,S");
        }
        try {
          double ts = Double.parseDouble(parts[0].strip());
          double sh = Double.parseDouble(parts[1].strip());
          if (!Double.isFinite(ts) || !(sh > 0) || !Double.isFinite(sh)) {
            throw new NumberFormatException();
          }
          return o.withStart(ts, sh);
        } catch (NumberFormatException e) {
          throw new UserInputException("--start: '" + start + "' needs a finite T_STAR and a positive S");
        }
    }
  }

  // ------------------------------------------------------------------------------------------ fitting

  /** Fit results of one job (null for an absent curve). */
  record Row(Job job, FitResult train, FitResult val, ThresholdTimes thrTrain, ThresholdTimes thrVal,
             GrokkingMeasures measures) {}

  private Row fit(CurveFitter fitter, Job job) {
    FitOptions o = options();
    FitResult tr;
    FitResult va;
    if (job.yTrain() != null && job.yVal() != null) {
      FitPair pair = fitter.fitPair(job.tTrain(), job.yTrain(), job.tVal(), job.yVal(), o);
      tr = pair.train();
      va = pair.val();
    } else {
      tr = job.yTrain() == null ? null : fitter.fit(job.tTrain(), job.yTrain(), o);
      va = job.yVal() == null ? null : fitter.fit(job.tVal(), job.yVal(), o);
    }
    ThresholdTimes ttr = job.yTrain() == null ? null : ThresholdTimes.of(job.tTrain(), job.yTrain(), threshold, hold);
    ThresholdTimes tva = job.yVal() == null ? null : ThresholdTimes.of(job.tVal(), job.yVal(), threshold, hold);
    GrokkingMeasures m = tr != null && va != null ? GrokkingMeasures.of(tr, va) : null;
    Log.debug(job.name() + ": train " + (tr == null ? "-" : tr.status().token()) + ", val "
        + (va == null ? "-" : va.status().token()));
    return new Row(job, tr, va, ttr, tva, m);
  }

  /** The fit options the command line asks for (one set for every curve). */
  private FitOptions options() {
    PaperSetting ps = paperSetting();
    double a = amplitude != null ? amplitude : ps != null ? ps.amplitude() : Double.NaN;
    double b = offset != null ? offset : ps != null ? ps.offset() : Double.NaN;
    FitOptions o = withStart(FitOptions.defaults()
        .withAmplitude(a)
        .withOffset(b)
        .withStartShape(startShape)
        .withFallback(!noFallback)
        .withLoss(Loss.parse(loss), lossScale == null ? Double.NaN : lossScale)
        .withBootstrap(bootstrap, seed)
        .withErrors(ErrorModel.parse(errors))
        .withConfidenceLevel(confidence));
    return form.equalsIgnoreCase("auto")
        ? o.withAutoForm(criterion.equalsIgnoreCase("bic") ? ModelCriterion.BIC : ModelCriterion.AIC)
        : o.withForm(parseForm());
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

  /** The row as ordered name → value ({@link FitColumns}); the CSV and JSON share it. */
  Map<String, Object> record(Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    FitResult tr = r.train();
    FitResult va = r.val();
    m.put("file", r.job().name());
    m.put("run", r.job().run());
    m.put("form", (tr != null ? tr : va).form().token());
    m.putAll(FitColumns.measures(tr, va, r.measures()));
    m.put("status", status(tr, va));
    m.putAll(FitColumns.details(tr, va, r.measures(), r.thrTrain(), r.thrVal(), FitColumns.Detail.FULL));
    return m;
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
        p.printRecord(FitColumns.cells(rec).values());
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
        if (v instanceof Double d && Double.isFinite(d)) {
          o.put(e.getKey(), d);
        } else if (v instanceof Long l) {
          o.put(e.getKey(), l);
        } else if (v == null || v instanceof Double) {
          o.putNull(e.getKey());
        } else {
          o.put(e.getKey(), v.toString());
        }
      }
      covariance(o, "train", r.train());
      covariance(o, "val", r.val());
    }
    try {
      out.println(mapper.writeValueAsString(arr));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {"parameters": [...], "matrix": [[...]]} of the fitted (free) parameters, null for a failed fit. */
  private void covariance(ObjectNode o, String side, FitResult f) {
    String key = "covariance_" + side;
    if (f == null || !f.status().isConverged()) {
      o.putNull(key);
      return;
    }
    ObjectNode c = o.putObject(key);
    ArrayNode names = c.putArray("parameters");
    int[] idx = freeParameters(f);
    for (int i : idx) {
      names.add(PARAMETER_NAMES[i]);
    }
    ArrayNode matrix = c.putArray("matrix");
    for (int i : idx) {
      ArrayNode row = matrix.addArray();
      for (int j : idx) {
        row.add(f.covariance()[i][j]);
      }
    }
  }

  private static final String[] PARAMETER_NAMES = {"t_star", "s", "a", "b", "nu"};

  /** Indices of the parameters that were fitted, in the fixed order (t*, s; a, b unless fixed; ν for Richards). */
  private int[] freeParameters(FitResult f) {
    FitOptions o = options();
    List<Integer> out = new ArrayList<>(List.of(SCurveForm.T_STAR, SCurveForm.S));
    if (!o.amplitudeFixed()) {
      out.add(SCurveForm.A);
    }
    if (!o.offsetFixed()) {
      out.add(SCurveForm.B);
    }
    if (f.form().hasShape()) {
      out.add(SCurveForm.NU);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** lmfit-style report: per file and curve the parameters ± errors, correlations, statistics, status. */
  private void writeText(PrintWriter out, List<Row> rows) {
    for (Row r : rows) {
      out.println("[[File]] " + r.job().name());
      out.println("    status             = " + status(r.train(), r.val()));
      textCurve(out, "train", r.train(), r.thrTrain());
      textCurve(out, "val", r.val(), r.thrVal());
      GrokkingMeasures g = r.measures();
      if (g != null) {
        out.println("[[Measures]]");
        if (g.valid()) {
          double q = Math.max(r.train().tQuantile(), r.val().tQuantile());
          out.println(measureLine("m", g.relativeGap(), g.relativeGapStdErr(), g.relativeGapLow(q),
              g.relativeGapHigh(q)));
          out.println(measureLine("R_rel", g.relativeSharpness(), g.relativeSharpnessStdErr(),
              g.relativeSharpnessLow(q), g.relativeSharpnessHigh(q)));
          double qv = r.val().tQuantile();
          out.println(measureLine("R_abs", g.absoluteSharpness(), g.absoluteSharpnessStdErr(),
              g.absoluteSharpness() - qv * g.absoluteSharpnessStdErr(),
              g.absoluteSharpness() + qv * g.absoluteSharpnessStdErr()));
        } else {
          out.println("    undefined: a fit did not converge to an S-curve");
        }
      }
      out.println();
    }
  }

  private static String measureLine(String name, double v, double se, double lo, double hi) {
    return String.format(Locale.ROOT, "    %-7s %s +/- %s (%s) [%s, %s]", name + ":", num(v), num(se), percent(se, v),
        num(lo), num(hi));
  }

  private void textCurve(PrintWriter out, String side, FitResult f, ThresholdTimes thr) {
    if (f == null) {
      return;
    }
    out.println("[[Fit: " + side + "]]");
    out.println("    form               = " + f.form().token());
    out.println("    status             = " + f.status().token() + ": " + f.status().description());
    out.println("    start              = " + f.startSource().token());
    out.println("    # data points      = " + f.points());
    out.println("    # variables        = " + f.freeParameters());
    out.println("    # iterations       = " + f.iterations());
    out.println("    chi-square         = " + num(f.rss()));
    int dof = f.points() - f.freeParameters();
    out.println("    reduced chi-square = " + (dof > 0 ? num(f.rss() / dof) : ""));
    out.println("    Akaike info crit   = " + num(f.aic()));
    out.println("    Bayesian info crit = " + num(f.bic()));
    out.println("    R-squared          = " + num(f.rSquared()));
    String errors = f.errors() == ErrorModel.HAC && f.influence() != null
        ? String.format(Locale.ROOT, "hac (residual lag-1 autocorrelation %.3f)", f.influence().residualAutocorrelation())
        : f.errors().token();
    out.println("    errors             = " + errors + String.format(Locale.ROOT, ", %s%% intervals +/- %s x SE",
        num(100 * f.confidenceLevel()), num(f.tQuantile())));
    if (thr != null) {
      out.println("    t_first, t_stable  = " + FitColumns.cell(FitColumns.time(thr.firstAbove())) + ", "
          + FitColumns.cell(FitColumns.time(thr.stableAbove())) + String.format(Locale.ROOT, " (at %s, held %d)", num(thr.threshold()),
          thr.holdFor()));
    }
    out.println("[[Variables: " + side + "]]");
    boolean ok = f.status().isConverged();
    double[] p = f.parameters();
    int[] free = freeParameters(f);
    for (int i = 0; i < SCurveForm.PARAMETERS; i++) {
      if (i == SCurveForm.NU && !f.form().hasShape()) {
        continue;
      }
      boolean fitted = false;
      for (int j : free) {
        fitted |= j == i;
      }
      String line = String.format(Locale.ROOT, "    %-7s %s", PARAMETER_NAMES[i] + ":", num(p[i]));
      if (!fitted) {
        line += " (fixed)";
      } else if (ok) {
        double se = Math.sqrt(f.covariance()[i][i]);
        double q = f.tQuantile();
        line += String.format(Locale.ROOT, " +/- %s (%s) [%s, %s]", num(se), percent(se, p[i]),
            num(p[i] - q * se), num(p[i] + q * se));
      }
      out.println(line);
    }
    if (ok && free.length > 1) {
      out.println("[[Correlations: " + side + "]]");
      StringBuilder head = new StringBuilder("    " + " ".repeat(8));
      for (int j : free) {
        head.append(String.format(Locale.ROOT, "%8s", PARAMETER_NAMES[j]));
      }
      out.println(head);
      for (int i : free) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "    %-8s", PARAMETER_NAMES[i]));
        for (int j : free) {
          double c = f.covariance()[i][j] / Math.sqrt(f.covariance()[i][i] * f.covariance()[j][j]);
          line.append(String.format(Locale.ROOT, "%8.3f", c));
        }
        out.println(line);
      }
    }
  }

  /** Shortest round-trip text of a number (empty when undefined). */
  private static String num(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "";
  }

  private static String percent(double se, double v) {
    return v != 0 && Double.isFinite(se / v) ? String.format(Locale.ROOT, "%.2f%%", 100 * Math.abs(se / v)) : "";
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
