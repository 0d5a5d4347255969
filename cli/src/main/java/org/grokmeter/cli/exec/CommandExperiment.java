package org.grokmeter.cli.exec;

import org.grokmeter.UserInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.grokmeter.cli.io.CurveFiles;
import org.grokmeter.experiment.Experiment;
import org.grokmeter.experiment.Parameter;
import org.grokmeter.experiment.RunKeys;
import org.grokmeter.experiment.RunOutcome;
import org.grokmeter.experiment.RunParams;
import org.grokmeter.fit.CurveFitter;
import org.grokmeter.fit.FitOptions;
import org.grokmeter.fit.FitResult;
import org.grokmeter.fit.FitStatus;
import org.grokmeter.fit.GrokkingMeasures;
import org.grokmeter.fit.Loss;
import org.grokmeter.fit.SCurveForm;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * {@code experiment: command}: each run is the user's own training command ({@code --exec CMD}),
 * its log fitted as {@code grokmeter fit} would. The parameters are the sweep file's keys (every key
 * but {@code experiment} and {@code master_seed}), typed from their values: integers (ranges too),
 * then decimals, then words.
 *
 * <p>A run: the command starts in {@code work/<key>/} of the output folder with its stdout and
 * stderr in {@code logs/<key>.out}; exit 0 and a readable log at {@code {log}} give a row of
 * measures (status {@code ok}, or {@code fit_failed} with the fit statuses beside it); a non-zero
 * exit, a timeout or a missing or unreadable log give a row with status {@code error:<reason>}, and
 * the sweep goes on.
 */
final class CommandExperiment implements Experiment {

  /** The fit flags, as {@code grokmeter fit} takes them. */
  record FitSettings(SCurveForm form, Loss loss, Double amplitude, Double offset, String time, String train,
                     String val, boolean percent, boolean noFallback, String formName) {
    String describe() {
      return "form=" + formName + (amplitude == null ? "" : " amplitude=" + amplitude)
          + (offset == null ? "" : " offset=" + offset) + (time == null ? "" : " time=" + time)
          + (train == null ? "" : " train=" + train) + (val == null ? "" : " val=" + val)
          + (percent ? " percent" : "") + " loss=" + loss.token() + (noFallback ? " no_fallback" : "");
    }
  }

  static final List<String> RESULTS = List.of("t_star_train", "s_train", "t_star_val", "s_val", "m", "R_rel", "R_abs",
      "m_se", "R_rel_se", "R_abs_se", "t_star_train_lo", "t_star_train_hi", "t_star_val_lo", "t_star_val_hi",
      "s_train_lo", "s_train_hi", "s_val_lo", "s_val_hi", "fit_status_train", "fit_status_val", "points_train",
      "points_val", "final_train_acc", "final_val_acc", "exit_code");

  /** Placeholders that are not parameters. */
  static final List<String> BUILT_IN = List.of("log", "run", "seed");

  private final CommandTemplate command;
  private final List<Parameter> parameters;
  private final Path out;
  private final FitSettings fit;
  private final long timeoutNanos;

  CommandExperiment(CommandTemplate command, List<Parameter> parameters, Path out, FitSettings fit,
                    long timeoutNanos) {
    this.command = command;
    this.parameters = parameters;
    this.out = out;
    this.fit = fit;
    this.timeoutNanos = timeoutNanos;
    Set<String> known = new LinkedHashSet<>(BUILT_IN);
    for (Parameter p : parameters) {
      if (BUILT_IN.contains(p.name()) && !p.name().equals(SEED)) {
        throw new UserInputException("sweep file: '" + p.name() + "' is the name of a placeholder grokmeter fills"
            + " ({" + p.name() + "}); call the parameter something else");
      }
      known.add(p.name());
    }
    command.check(known);
    String program = command.words().get(0);
    if (findProgram(program).isEmpty()) {
      throw new UserInputException("--exec: program '" + program + "' not found"
          + (program.contains("/") ? " or not executable" : " on the PATH"));
    }
  }

  @Override
  public String name() {
    return ExecOptions.COMMAND;
  }

  @Override
  public List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public List<String> resultColumns() {
    return RESULTS;
  }

  @Override
  public RunOutcome run(RunParams params, long seed) throws IOException, InterruptedException {
    String key = RunKeys.key(name(), params);
    Path work = out.resolve("work").resolve(key);
    Path log = work.resolve("log");
    Path output = out.resolve("logs").resolve(key + ".out");
    Files.createDirectories(work);
    Files.createDirectories(output.getParent());
    // a log left by an interrupted attempt must not be fitted as this attempt's
    deleteTree(log);
    Map<String, String> values = new LinkedHashMap<>(params.values());
    values.put("log", log.toAbsolutePath().toString());
    values.put("run", key);
    values.put("seed", Long.toString(seed));
    ProcessBuilder pb = new ProcessBuilder(command.argv(values)).directory(work.toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    pb.environment().put("GROKMETER_RUN", key);
    pb.environment().put("GROKMETER_LOG", values.get("log"));
    pb.environment().put("GROKMETER_SEED", Long.toString(seed));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return RunOutcome.builder().status("error:cannot start the command: " + e.getMessage()).build();
    }
    String shownOut = "logs/" + key + ".out";
    try {
      if (timeoutNanos > 0) {
        if (!p.waitFor(timeoutNanos, TimeUnit.NANOSECONDS)) {
          stop(p);
          return RunOutcome.builder().status(String.format(java.util.Locale.ROOT,
              "error:timeout after %.6g s (see %s)", timeoutNanos * 1e-9, shownOut)).build();
        }
      } else {
        p.waitFor();
      }
    } catch (InterruptedException e) {
      stop(p);
      throw e;
    }
    int code = p.exitValue();
    if (code != 0) {
      return RunOutcome.builder().put("exit_code", code)
          .status("error:exit code " + code + " (see " + shownOut + ")").build();
    }
    if (!Files.exists(log, LinkOption.NOFOLLOW_LINKS)) {
      return RunOutcome.builder().put("exit_code", 0)
          .status("error:no log at work/" + key + "/log (the command must write it at {log})").build();
    }
    CurveFiles.Columns c;
    try {
      c = CurveFiles.read(log, "work/" + key + "/log", List.of(
          CurveFiles.Want.orDefault("train", fit.train(), CurveFiles.DEFAULT_TRAIN),
          CurveFiles.Want.orDefault("val", fit.val(), CurveFiles.DEFAULT_VAL)),
          CurveFiles.Options.of(fit.time(), fit.percent() ? CurveFiles.Check.PERCENT : CurveFiles.Check.ACCURACY));
    } catch (UserInputException e) {
      return RunOutcome.builder().put("exit_code", 0).status("error:log: " + e.getMessage()).build();
    }
    CurveFiles.Curve tr = c.curve("train");
    CurveFiles.Curve va = c.curve("val");
    if (tr == null || va == null) {
      return RunOutcome.builder().put("exit_code", 0).status("error:log: work/" + key + "/log has no "
          + (tr == null ? "training" : "validation") + " accuracy (name it with --" + (tr == null ? "train" : "val")
          + ")").build();
    }
    return measures(tr, va);
  }

  private RunOutcome measures(CurveFiles.Curve tr, CurveFiles.Curve va) {
    CurveFitter fitter = new CurveFitter();
    FitResult a = fitter.fit(tr.time(), tr.values(), options(tr.time()));
    FitResult b = fitter.fit(va.time(), va.values(), options(va.time()));
    GrokkingMeasures g = GrokkingMeasures.of(a, b);
    RunOutcome.Builder o = RunOutcome.builder()
        .put("t_star_train", a.jumpTime()).put("s_train", a.sharpness())
        .put("t_star_val", b.jumpTime()).put("s_val", b.sharpness())
        .put("m", g.relativeGap()).put("R_rel", g.relativeSharpness()).put("R_abs", g.absoluteSharpness())
        .put("m_se", g.relativeGapStdErr()).put("R_rel_se", g.relativeSharpnessStdErr())
        .put("R_abs_se", g.absoluteSharpnessStdErr())
        .put("t_star_train_lo", a.jumpTimeLow()).put("t_star_train_hi", a.jumpTimeHigh())
        .put("t_star_val_lo", b.jumpTimeLow()).put("t_star_val_hi", b.jumpTimeHigh())
        .put("s_train_lo", a.sharpnessLow()).put("s_train_hi", a.sharpnessHigh())
        .put("s_val_lo", b.sharpnessLow()).put("s_val_hi", b.sharpnessHigh())
        .put("fit_status_train", a.status().token()).put("fit_status_val", b.status().token())
        .put("points_train", tr.time().length).put("points_val", va.time().length)
        .put("final_train_acc", tr.values()[tr.values().length - 1])
        .put("final_val_acc", va.values()[va.values().length - 1])
        .put("exit_code", 0);
    boolean ok = a.status().isConverged() && b.status().isConverged();
    boolean auto = a.status() == FitStatus.CONVERGED_AUTO_START || b.status() == FitStatus.CONVERGED_AUTO_START;
    o.status(ok ? (auto ? "ok_auto_start" : "ok") : "fit_failed");
    if (Arrays.equals(tr.time(), va.time())) {
      o.curve("time", tr.time()).curve("train_acc", tr.values()).curve("val_acc", va.values());
    }
    return o.build();
  }

  /** As grokmeter fit: the paper's start when a and b are both fixed, else the automatic one. */
  private FitOptions options(double[] t) {
    FitOptions o = FitOptions.defaults().withForm(fit.form())
        .withAmplitude(fit.amplitude() == null ? Double.NaN : fit.amplitude())
        .withOffset(fit.offset() == null ? Double.NaN : fit.offset())
        .withFallback(!fit.noFallback()).withLoss(fit.loss(), Double.NaN);
    if (fit.amplitude() != null && fit.offset() != null) {
      double tMax = t[t.length - 1];
      o = fit.amplitude() == 0.5 && fit.offset() == 0.5 ? o.withStart(tMax / 5, 1 / tMax) : o.withStart(100, 1e-3);
    }
    return o;
  }

  /** Stops a command and everything it started. */
  private static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(p, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
        Files.delete(f);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** The program as the OS would find it: a path, or a name on the PATH. */
  static Optional<Path> findProgram(String program) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------------------------------ parameters

  /**
   * The parameters a sweep file declares, in file order, each typed by the widest of its values:
   * integers (and A:B ranges), then decimals ({@code {from, to, points}} too), then words.
   */
  static List<Parameter> inferParameters(Path file) {
    String text;
    try {
      if (Files.size(file) > (1 << 20)) {
        return List.of();
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      // SweepFile reports what is wrong with the file itself
      return List.of();
    }
    Optional<Node> root;
    try {
      LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setAllowDuplicateKeys(false)
          .setMaxAliasesForCollections(10).setAllowRecursiveKeys(false).setCodePointLimit(1 << 20).build();
      root = new Compose(settings).composeString(text);
    } catch (RuntimeException | StackOverflowError e) {
      return List.of();
    }
    if (root.isEmpty() || !(root.get() instanceof MappingNode map)) {
      return List.of();
    }
    List<Parameter> out = new ArrayList<>();
    for (NodeTuple t : map.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        return List.of();
      }
      String key = k.getValue();
      if (key.equals("experiment") || key.equals("master_seed")) {
        continue;
      }
      List<String> texts = new ArrayList<>();
      Node v = t.getValueNode();
      boolean spaced = false;
      if (v instanceof ScalarNode s) {
        texts.add(s.getValue());
      } else if (v instanceof SequenceNode seq) {
        for (Node el : seq.getValue()) {
          if (el instanceof ScalarNode s) {
            texts.add(s.getValue());
          }
        }
      } else if (v instanceof MappingNode) {
        spaced = true;
      }
      try {
        out.add(typed(key, texts, spaced));
      } catch (IllegalArgumentException e) {
        throw new UserInputException(file + ": " + key + ": a parameter name is lower-case snake_case ("
            + e.getMessage() + ")");
      }
    }
    return out;
  }

  private static Parameter typed(String key, List<String> texts, boolean spaced) {
    if (!spaced && fits(Parameter.longInteger(key, key, null), texts)) {
      return Parameter.longInteger(key, key, null);
    }
    if (spaced || fits(Parameter.real(key, key, null), texts)) {
      return Parameter.real(key, key, null);
    }
    return Parameter.choice(key, key, null);
  }

  private static boolean fits(Parameter p, List<String> texts) {
    try {
      for (String t : texts) {
        p.parseList(t);
      }
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
