package org.grokmeter.bench.tools;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@code bench/compare BASE.json HEAD.json}: did HEAD get slower than BASE?
 *
 * <p>A benchmark is a REGRESSION only when both hold: its time per operation grew by more than the
 * threshold, and JMH's confidence intervals of the two scores do not overlap. Direction comes from
 * the unit: for {@code ops/time} higher is better, for {@code time/op} lower is better.
 * Benchmarks in {@code org.grokmeter.bench.ruler} measure the machine, not the code: they never
 * count as regressions, they measure the drift between the two runs instead.
 *
 * <p>Exit codes: 0 no regression, 1 at least one regression, 2 unusable input (one line on stderr).
 */
public final class Compare {

  /** What one benchmark did between BASE and HEAD. */
  public enum Verdict {
    /** Slower by more than the threshold, intervals disjoint. */
    REGRESSION,
    /** Faster by more than the threshold, intervals disjoint. */
    IMPROVEMENT,
    /** Within the threshold. */
    SAME,
    /** Beyond the threshold but the intervals overlap (or are unknown): noise cannot be ruled out. */
    UNCLEAR,
    /** A ruler benchmark: the difference is machine drift by definition. */
    DRIFT;

    String word() {
      return switch (this) {
        case REGRESSION -> "REGRESSION";
        case IMPROVEMENT -> "improvement";
        case SAME -> "same";
        case UNCLEAR -> "unclear (noise)";
        case DRIFT -> "ruler";
      };
    }
  }

  /** Comparison settings. */
  /**
   * Comparison settings.
   *
   * @param judgeRuler give the ruler benchmarks ordinary verdicts: on identical code (e.g.
   *     {@code bench/ab HEAD}) any REGRESSION or IMPROVEMENT then is a false alarm of the method
   */
  public record Options(double threshold, boolean normalize, boolean common, boolean judgeRuler) {
    public Options(double threshold, boolean normalize, boolean common) {
      this(threshold, normalize, common, false);
    }

    public static Options defaults() {
      return new Options(0.05, false, false, false);
    }
  }

  /**
   * One compared benchmark.
   *
   * @param base BASE's result
   * @param head HEAD's result in BASE's unit (and divided by the ruler drift when normalising)
   * @param ratio head score / base score
   * @param slowdown head time per op / base time per op (above 1 means slower)
   * @param notes low-confidence remarks, e.g. wide error bars
   */
  public record Row(BenchResult base, BenchResult head, double ratio, double slowdown, Verdict verdict,
                    List<String> notes) {}

  /**
   * The whole comparison.
   *
   * @param drift geometric mean of the ruler slowdowns, NaN when there is no ruler in both files
   * @param warnings lines to print above the verdict (low confidence, provenance differences)
   */
  public record Report(ResultFile baseFile, ResultFile headFile, Options options, List<Row> rows,
                       double drift, List<String> warnings, List<String> onlyBase, List<String> onlyHead) {

    public long count(Verdict v) {
      return rows.stream().filter(r -> r.verdict == v).count();
    }

    /** 1 when any benchmark regressed, else 0. */
    public int exitCode() {
      return rows.stream().anyMatch(r -> r.verdict == Verdict.REGRESSION
          && (!r.base.isRuler() || options.judgeRuler)) ? 1 : 0;
    }

    public boolean lowConfidence() {
      return driftBeyondThreshold() || rows.stream().anyMatch(r -> !r.notes.isEmpty());
    }

    boolean driftBeyondThreshold() {
      return Double.isFinite(drift) && beyond(drift, options.threshold);
    }
  }

  private Compare() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      double threshold = 0.05;
      boolean markdown = false;
      boolean normalize = false;
      boolean common = false;
      boolean judgeRuler = false;
      List<String> files = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "-h", "--help" -> {
            out.print(USAGE);
            return 0;
          }
          case "--markdown" -> markdown = true;
          case "--normalize" -> normalize = true;
          case "--common" -> common = true;
          case "--judge-ruler" -> judgeRuler = true;
          case "--threshold" -> {
            if (i + 1 >= args.length) {
              throw new BadInputException("--threshold needs a value, e.g. --threshold 0.05");
            }
            threshold = parseThreshold(args[++i]);
          }
          default -> {
            if (a.startsWith("--threshold=")) {
              threshold = parseThreshold(a.substring("--threshold=".length()));
            } else if (a.startsWith("-") && a.length() > 1) {
              throw new BadInputException("unknown option '" + a + "' (try --help)");
            } else {
              files.add(a);
            }
          }
        }
      }
      if (files.size() != 2) {
        throw new BadInputException("expected two result files, BASE.json and HEAD.json, got " + files.size()
            + " (try --help)");
      }
      ResultFile base = ResultFile.read(Path.of(files.get(0)));
      ResultFile head = ResultFile.read(Path.of(files.get(1)));
      Report report = compare(base, head, new Options(threshold, normalize, common, judgeRuler));
      out.print(markdown ? markdown(report) : text(report));
      return report.exitCode();
    } catch (BadInputException e) {
      err.println("bench/compare: " + e.getMessage());
      return 2;
    }
  }

  private static double parseThreshold(String s) {
    try {
      double t = Double.parseDouble(s);
      if (t > 0 && t < 10) {
        return t;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException("--threshold must be a positive fraction such as 0.05, not '" + s + "'");
  }

  /** Compares two result files; throws {@link BadInputException} when they cannot be compared. */
  public static Report compare(ResultFile baseFile, ResultFile headFile, Options options) {
    Map<String, BenchResult> base = baseFile.byKey();
    Map<String, BenchResult> head = headFile.byKey();
    checkParams(baseFile, headFile);

    List<String> onlyBase = base.keySet().stream().filter(k -> !head.containsKey(k)).toList();
    List<String> onlyHead = head.keySet().stream().filter(k -> !base.containsKey(k)).toList();
    if (!options.common && (!onlyBase.isEmpty() || !onlyHead.isEmpty())) {
      throw new BadInputException("different benchmark sets: " + describe(onlyBase, "BASE")
          + (onlyBase.isEmpty() || onlyHead.isEmpty() ? "" : "; ") + describe(onlyHead, "HEAD")
          + " (compare like with like, or pass --common)");
    }
    List<String> keys = base.keySet().stream().filter(head::containsKey).toList();
    if (keys.isEmpty()) {
      throw new BadInputException("the two files have no benchmark in common");
    }

    // HEAD in BASE's units, so scores, intervals and ratios line up.
    Map<String, BenchResult> headInBaseUnits = new LinkedHashMap<>();
    for (String k : keys) {
      BenchResult b = base.get(k);
      BenchResult h = head.get(k);
      if (Units.higherIsBetter(b.mode(), b.unit()) != Units.higherIsBetter(h.mode(), h.unit())) {
        throw new BadInputException(k + ": BASE unit '" + b.unit() + "' and HEAD unit '" + h.unit()
            + "' measure different things");
      }
      headInBaseUnits.put(k, h.unit().equals(b.unit()) ? h : h.scaled(Units.factor(h.unit(), b.unit()), b.unit()));
    }

    double drift = rulerDrift(keys, base, headInBaseUnits);
    List<String> warnings = new ArrayList<>();
    if (options.normalize && !Double.isFinite(drift)) {
      throw new BadInputException("--normalize needs ruler benchmarks (org.grokmeter.bench.ruler) in both files");
    }

    List<Row> rows = new ArrayList<>();
    for (String k : keys) {
      BenchResult b = base.get(k);
      BenchResult h = headInBaseUnits.get(k);
      boolean higherBetter = Units.higherIsBetter(b.mode(), b.unit());
      if (options.normalize && !b.isRuler()) {
        // Divide the machine's slowdown out: time/op shrinks by the drift, ops/time grows by it.
        h = h.scaled(higherBetter ? drift : 1 / drift, h.unit());
      }
      double ratio = h.score() / b.score();
      double slowdown = higherBetter ? 1 / ratio : ratio;
      List<String> notes = new ArrayList<>();
      if (!b.hasInterval() || !h.hasInterval()) {
        notes.add("no error bars");
      } else if (b.relativeError() > options.threshold || h.relativeError() > options.threshold) {
        notes.add("wide error bars");
      }
      rows.add(new Row(b, h, ratio, slowdown, verdict(b, h, slowdown, options.threshold, options.judgeRuler), List.copyOf(notes)));
    }

    if (Double.isFinite(drift)) {
      if (beyond(drift, options.threshold)) {
        boolean ab = "ab".equals(baseFile.provenance().get("preset"));
        String advice = ab
            ? " Even interleaved, the machine's speed varied more than the threshold: rerun with more --rounds,"
                + " or when the machine is quieter."
            : options.normalize ? " Results are normalised by it; an A/B run (bench/ab) is still more trustworthy."
            : " Use --normalize, or better, bench/ab.";
        // two decimals here: a drift of +5.04% must not read "+5.0%, more than the 5.0% threshold"
        warnings.add("LOW CONFIDENCE: the ruler moved " + String.format(java.util.Locale.ROOT, "%+.2f%%", 100 * (drift - 1))
            + " in time per op, more than the "
            + Format.percent(options.threshold).substring(1) + " threshold: the machine itself ran at a different speed."
            + advice);
      }
    } else {
      warnings.add("no ruler benchmarks in both files: machine drift between the runs is unknown");
    }
    long wide = rows.stream().filter(r -> !r.notes.isEmpty()).count();
    if (wide > 0) {
      warnings.add("LOW CONFIDENCE for " + wide + " of " + rows.size()
          + " benchmarks: error bars wider than the threshold or missing; a change of that size cannot be resolved");
    }
    warnings.addAll(provenanceDifferences(baseFile.provenance(), headFile.provenance()));
    if (!onlyBase.isEmpty() || !onlyHead.isEmpty()) {
      warnings.add("not compared: " + describe(onlyBase, "BASE") + (onlyBase.isEmpty() || onlyHead.isEmpty() ? "" : "; ")
          + describe(onlyHead, "HEAD"));
    }
    return new Report(baseFile, headFile, options, List.copyOf(rows), drift, List.copyOf(warnings), onlyBase, onlyHead);
  }

  static Verdict verdict(BenchResult b, BenchResult h, double slowdown, double threshold, boolean judgeRuler) {
    if (b.isRuler() && !judgeRuler) {
      return Verdict.DRIFT;
    }
    if (!beyond(slowdown, threshold)) {
      return Verdict.SAME;
    }
    boolean disjoint = b.hasInterval() && h.hasInterval() && (h.lower() > b.upper() || h.upper() < b.lower());
    if (!disjoint) {
      return Verdict.UNCLEAR;
    }
    return slowdown > 1 ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
  }

  /** True when a time ratio is beyond the threshold either way (symmetric in log space). */
  static boolean beyond(double slowdown, double threshold) {
    return slowdown > 1 + threshold || slowdown < 1 / (1 + threshold);
  }

  /** Geometric mean of the ruler benchmarks' time ratios head/base, or NaN without rulers. */
  static double rulerDrift(List<String> keys, Map<String, BenchResult> base, Map<String, BenchResult> head) {
    double logSum = 0;
    int n = 0;
    for (String k : keys) {
      BenchResult b = base.get(k);
      if (!b.isRuler()) {
        continue;
      }
      double ratio = head.get(k).score() / b.score();
      logSum += Math.log(Units.higherIsBetter(b.mode(), b.unit()) ? 1 / ratio : ratio);
      n++;
    }
    return n == 0 ? Double.NaN : Math.exp(logSum / n);
  }

  /** Every benchmark present in both files must carry the same parameter names in both. */
  private static void checkParams(ResultFile base, ResultFile head) {
    Map<String, SortedSet<String>> baseNames = paramNames(base);
    Map<String, SortedSet<String>> headNames = paramNames(head);
    for (Map.Entry<String, SortedSet<String>> e : baseNames.entrySet()) {
      SortedSet<String> h = headNames.get(e.getKey());
      if (h != null && !h.equals(e.getValue())) {
        SortedSet<String> missingInHead = new TreeSet<>(e.getValue());
        missingInHead.removeAll(h);
        SortedSet<String> missingInBase = new TreeSet<>(h);
        missingInBase.removeAll(e.getValue());
        String what = !missingInHead.isEmpty()
            ? "param " + String.join(", ", missingInHead) + " missing in HEAD (" + head.path() + ")"
            : "param " + String.join(", ", missingInBase) + " missing in BASE (" + base.path() + ")";
        throw new BadInputException(e.getKey() + ": " + what);
      }
    }
  }

  private static Map<String, SortedSet<String>> paramNames(ResultFile f) {
    Map<String, SortedSet<String>> m = new LinkedHashMap<>();
    for (BenchResult r : f.results()) {
      m.computeIfAbsent(r.benchmark() + " [" + r.mode() + "]", k -> new TreeSet<>()).addAll(r.params().keySet());
    }
    return m;
  }

  private static String describe(List<String> keys, String side) {
    if (keys.isEmpty()) {
      return "";
    }
    return keys.size() + " only in " + side + " (" + keys.get(0) + (keys.size() > 1 ? ", …" : "") + ")";
  }

  private static final List<String> FACTS = List.of("jdk", "cpu", "cores", "kernels", "vector_bits", "host");

  static List<String> provenanceDifferences(Map<String, String> base, Map<String, String> head) {
    List<String> out = new ArrayList<>();
    for (String f : FACTS) {
      String b = base.get(f);
      String h = head.get(f);
      if (b != null && h != null && !b.equals(h)) {
        out.add("different " + f + ": BASE " + b + ", HEAD " + h
            + " — this compares setups, not only commits");
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ output

  private static final List<String> HEADER =
      List.of("benchmark", "params", "unit", "base", "head", "head/base", "Δ time/op", "verdict", "note");

  private static List<List<String>> cells(Report report) {
    List<List<String>> rows = new ArrayList<>();
    for (Row r : report.rows) {
      String params = r.base.params().isEmpty() ? "" : r.base.paramsText().substring(2, r.base.paramsText().length() - 1);
      rows.add(List.of(r.base.shortName() + (r.base.mode().equals("thrpt") || r.base.mode().equals("avgt") ? ""
              : " [" + r.base.mode() + "]"),
          params, r.base.unit(),
          Format.withError(r.base.score(), r.base.lower(), r.base.upper()),
          Format.withError(r.head.score(), r.head.lower(), r.head.upper()),
          String.format(java.util.Locale.ROOT, "%.3f", r.ratio),
          Format.percent(r.slowdown - 1),
          r.verdict.word(), String.join(", ", r.notes)));
    }
    return rows;
  }

  private static String summary(Report report) {
    long regressions = report.count(Verdict.REGRESSION);
    String head = regressions > 0 ? regressions + " REGRESSION" + (regressions > 1 ? "S" : "") : "no regression";
    return head + " (" + report.count(Verdict.IMPROVEMENT) + " improved, " + report.count(Verdict.SAME) + " same, "
        + report.count(Verdict.UNCLEAR) + " unclear"
        + (report.count(Verdict.DRIFT) > 0 ? ", " + report.count(Verdict.DRIFT) + " ruler" : "") + "; threshold " + Format.percent(report.options.threshold).substring(1)
        + ", intervals as JMH reports them)" + (report.lowConfidence() ? " — low confidence, see notes" : "");
  }

  private static String driftLine(Report report) {
    if (!Double.isFinite(report.drift)) {
      return "machine drift: unknown (no ruler)";
    }
    return "machine drift (ruler, geometric mean): " + Format.percent(report.drift - 1) + " time/op HEAD vs BASE"
        + (report.options.normalize ? "; non-ruler HEAD scores are normalised by it" : "");
  }

  private static String sideLine(String name, ResultFile f, boolean md) {
    Map<String, String> p = f.provenance();
    String path = md ? "`" + f.path() + "`" : f.path().toString();
    StringBuilder sb = new StringBuilder(name).append(": ").append(path);
    if (!p.isEmpty()) {
      sb.append(" (commit ").append(p.getOrDefault("commit", "?"));
      if (p.containsKey("date")) {
        sb.append(", ").append(p.get("date"));
      }
      if (p.containsKey("jdk")) {
        sb.append(", JDK ").append(p.get("jdk"));
      }
      sb.append(')');
    }
    return sb.toString();
  }

  /** The plain-text report. */
  public static String text(Report report) {
    StringBuilder sb = new StringBuilder();
    sb.append(sideLine("BASE", report.baseFile, false)).append('\n');
    sb.append(sideLine("HEAD", report.headFile, false)).append('\n').append('\n');
    sb.append(Format.text(HEADER, cells(report))).append('\n');
    sb.append(driftLine(report)).append('\n');
    for (String w : report.warnings) {
      sb.append(w).append('\n');
    }
    sb.append("verdict: ").append(summary(report)).append('\n');
    return sb.toString();
  }

  /** The Markdown report, for pull-request comments. */
  public static String markdown(Report report) {
    StringBuilder sb = new StringBuilder();
    sb.append("**Benchmark verdict: ").append(summary(report)).append("**\n\n");
    sb.append("- ").append(sideLine("BASE", report.baseFile, true)).append('\n');
    sb.append("- ").append(sideLine("HEAD", report.headFile, true)).append('\n');
    sb.append("- ").append(driftLine(report)).append('\n');
    for (String w : report.warnings) {
      sb.append("- ").append(w).append('\n');
    }
    sb.append('\n');
    List<List<String>> rows = cells(report).stream().map(row -> {
      List<String> copy = new ArrayList<>(row);
      if (copy.get(7).equals("REGRESSION")) {
        copy.set(7, "**REGRESSION**");
      }
      return (List<String>) copy;
    }).toList();
    boolean[] right = {false, false, false, true, true, true, true, false, false};
    sb.append(Format.markdown(HEADER, rows, right));
    return sb.toString();
  }

  private static final String USAGE = """
      Usage: bench/compare BASE.json HEAD.json [--threshold 0.05] [--normalize] [--common] [--markdown]
      Compares two JMH JSON result files (bench/run writes them into bench/results/).
        --threshold F  smallest change that counts, as a fraction of time per op (default 0.05)
        --normalize    divide HEAD's scores by the machine drift the ruler benchmarks measured
        --common       compare only the benchmarks present in both files (default: refuse)
        --judge-ruler  give the ruler benchmarks verdicts too (a false-alarm check on identical code)
        --markdown     print a Markdown report for a pull-request comment
      A REGRESSION needs both: slower by more than the threshold AND disjoint confidence intervals.
      Exit: 0 no regression, 1 regression, 2 unusable input.
      """;
}
