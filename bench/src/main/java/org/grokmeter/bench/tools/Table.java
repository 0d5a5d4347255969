package org.grokmeter.bench.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/table}: Markdown tables for {@code docs/*.md}, generated from JMH result files so no
 * number in the docs is typed by hand.
 *
 * <p>In place: {@code bench/table --in-place docs/performance.md RESULTS.json…} rewrites every block
 * between {@code <!-- table:NAME key=value… -->} and {@code <!-- /table -->} (each at the start of a
 * line) whose benchmarks appear
 * in the given results; blocks with no matching results are left as they are. The marker carries
 * the table's specification, so any section can hold a table:
 * <ul>
 *   <li>{@code benchmarks=REGEX} (required) — benchmarks whose full name contains a match;
 *   <li>{@code columns=PARAM} — one column per value of this {@code @Param} (e.g. {@code impl});
 *   <li>{@code flops=EXPR} — floating-point operations per benchmark operation over the numeric
 *       params, e.g. {@code 2*m*n*k}; cells then show GFLOP/s instead of the raw score;
 *   <li>{@code dims=PARAM:a,b,c} — split a shape param such as {@code 32x45x1000} into numeric names
 *       for {@code flops};
 *   <li>{@code ratios=A/B,…} — speed of column A over column B, from the same result file only.
 * </ul>
 * Values with spaces go in double quotes. To stdout: {@code bench/table RESULTS.json… --benchmarks R
 * [--columns P] [--flops E] [--dims D] [--ratios L]}.
 */
public final class Table {

  /** A block: both markers start a line, so markers quoted in prose or indented code are not blocks. */
  static final Pattern BLOCK = Pattern.compile(
      "^(<!--\\s*table:([\\w.-]+)((?:(?!-->).)*)-->)(.*?)^(<!--\\s*/table\\s*-->)",
      Pattern.DOTALL | Pattern.MULTILINE);
  private static final Pattern ATTR = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|(\\S+))");

  /** What a table shows. */
  public record Spec(String name, Pattern benchmarks, String columns, String flops, String dims, List<String> ratios) {

    static Spec parse(String name, String attributes) {
      Map<String, String> a = new LinkedHashMap<>();
      Matcher m = ATTR.matcher(attributes);
      while (m.find()) {
        a.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
      }
      Set<String> known = Set.of("benchmarks", "columns", "flops", "dims", "ratios");
      for (String k : a.keySet()) {
        if (!known.contains(k)) {
          throw new BadInputException("table:" + name + ": unknown attribute '" + k + "' (known: " + known + ")");
        }
      }
      return of(name, a.get("benchmarks"), a.get("columns"), a.get("flops"), a.get("dims"), a.get("ratios"));
    }

    static Spec of(String name, String benchmarks, String columns, String flops, String dims, String ratios) {
      if (benchmarks == null || benchmarks.isBlank()) {
        throw new BadInputException("table:" + name + ": needs benchmarks=REGEX");
      }
      List<String> r = ratios == null || ratios.isBlank() ? List.of() : List.of(ratios.split("\\s*,\\s*"));
      for (String ratio : r) {
        if (!ratio.matches("[^/]+/[^/]+")) {
          throw new BadInputException("table:" + name + ": ratio '" + ratio + "' is not A/B");
        }
      }
      if (!r.isEmpty() && columns == null) {
        throw new BadInputException("table:" + name + ": ratios need columns=PARAM");
      }
      if (dims != null && !dims.matches("\\w+:\\w+(,\\w+)*")) {
        throw new BadInputException("table:" + name + ": dims must look like shape:m,k,n, not '" + dims + "'");
      }
      try {
        return new Spec(name, Pattern.compile(benchmarks), columns, flops, dims, r);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new BadInputException("table:" + name + ": benchmarks is not a regular expression: "
            + e.getDescription());
      }
    }
  }

  private record Sourced(BenchResult result, ResultFile file) {}

  private Table() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      Path inPlace = null;
      Map<String, String> opts = new LinkedHashMap<>();
      List<ResultFile> files = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-h") || a.equals("--help")) {
          out.print(USAGE);
          return 0;
        }
        if (a.startsWith("--")) {
          if (i + 1 >= args.length) {
            throw new BadInputException(a + " needs a value");
          }
          String v = args[++i];
          switch (a) {
            case "--in-place" -> inPlace = Path.of(v);
            case "--benchmarks", "--columns", "--flops", "--dims", "--ratios" -> opts.put(a.substring(2), v);
            default -> throw new BadInputException("unknown option '" + a + "' (try --help)");
          }
        } else {
          files.add(ResultFile.read(Path.of(a)));
        }
      }
      if (files.isEmpty()) {
        throw new BadInputException("no result files given (try --help)");
      }
      if (inPlace != null) {
        String doc = read(inPlace);
        String updated = fill(doc, files, err);
        Files.writeString(inPlace, updated);
        return 0;
      }
      Spec spec = Spec.of("stdout", opts.get("benchmarks"), opts.get("columns"), opts.get("flops"),
          opts.get("dims"), opts.get("ratios"));
      String table = render(spec, files);
      if (table == null) {
        throw new BadInputException("no result matches --benchmarks " + opts.get("benchmarks"));
      }
      out.print(table);
      return 0;
    } catch (BadInputException e) {
      err.println("bench/table: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("bench/table: " + e.getMessage());
      return 2;
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new BadInputException(p + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /** Replaces every marked block that has matching results; reports untouched blocks on {@code err}. */
  public static String fill(String doc, List<ResultFile> files, PrintStream err) {
    Matcher m = BLOCK.matcher(doc);
    StringBuilder sb = new StringBuilder();
    int blocks = 0;
    while (m.find()) {
      blocks++;
      Spec spec = Spec.parse(m.group(2), m.group(3));
      String table = render(spec, files);
      if (table == null) {
        err.println("bench/table: table:" + spec.name + ": no matching results, left as it is");
        m.appendReplacement(sb, Matcher.quoteReplacement(m.group(0)));
      } else {
        m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + "\n" + table + m.group(5)));
        err.println("bench/table: table:" + spec.name + " regenerated");
      }
    }
    m.appendTail(sb);
    if (blocks == 0) {
      throw new BadInputException("no <!-- table:NAME … --> … <!-- /table --> block found");
    }
    return sb.toString();
  }

  /** The Markdown table plus its provenance lines, or null when no result matches. */
  public static String render(Spec spec, List<ResultFile> files) {
    // rows keyed by benchmark + the params that are not the column param; cells keyed by column value
    Map<String, Map<String, Sourced>> rows = new LinkedHashMap<>();
    Map<String, BenchResult> rowExample = new LinkedHashMap<>();
    Set<String> columnValues = new LinkedHashSet<>();
    Set<String> rowParams = new LinkedHashSet<>();
    List<ResultFile> used = new ArrayList<>();
    for (ResultFile f : files) {
      for (BenchResult r : f.results()) {
        if (!spec.benchmarks.matcher(r.benchmark()).find()) {
          continue;
        }
        if (spec.columns != null && !r.params().containsKey(spec.columns)) {
          throw new BadInputException("table:" + spec.name + ": " + r.key() + " has no param '" + spec.columns + "'");
        }
        Map<String, String> rest = new TreeMap<>(r.params());
        String column = spec.columns == null ? "" : rest.remove(spec.columns);
        String rowKey = r.benchmark() + " [" + r.mode() + "] " + rest;
        rowParams.addAll(rest.keySet());
        columnValues.add(column);
        rowExample.putIfAbsent(rowKey, r);
        Sourced previous = rows.computeIfAbsent(rowKey, k -> new LinkedHashMap<>()).put(column, new Sourced(r, f));
        if (previous != null) {
          throw new BadInputException("table:" + spec.name + ": " + r.key() + " appears in both "
              + previous.file.path() + " and " + f.path() + "; pass one run per benchmark");
        }
        if (!used.contains(f)) {
          used.add(f);
        }
      }
    }
    if (rows.isEmpty()) {
      return null;
    }
    for (String ratio : spec.ratios) {
      for (String side : ratio.split("/")) {
        if (!columnValues.contains(side)) {
          throw new BadInputException("table:" + spec.name + ": ratio " + ratio + " names '" + side
              + "' but " + spec.columns + " takes the values " + columnValues);
        }
      }
    }

    List<String> header = new ArrayList<>();
    header.add("benchmark");
    header.addAll(rowParams);
    String valueHeader = spec.flops != null ? "GFLOP/s" : null;
    for (String c : columnValues) {
      String unit = valueHeader != null ? valueHeader : unitOf(rows, c);
      header.add(c.isEmpty() ? unit : c + " (" + unit + ")");
    }
    for (String ratio : spec.ratios) {
      header.add(ratio);
    }
    List<List<String>> cells = new ArrayList<>();
    for (Map.Entry<String, Map<String, Sourced>> row : rows.entrySet()) {
      BenchResult example = rowExample.get(row.getKey());
      List<String> line = new ArrayList<>();
      line.add(example.shortName() + (example.mode().equals("thrpt") || example.mode().equals("avgt") ? ""
          : " [" + example.mode() + "]"));
      for (String p : rowParams) {
        line.add(example.params().getOrDefault(p, ""));
      }
      for (String c : columnValues) {
        Sourced s = row.getValue().get(c);
        line.add(s == null ? "" : value(spec, s.result));
      }
      for (String ratio : spec.ratios) {
        String[] ab = ratio.split("/");
        Sourced a = row.getValue().get(ab[0]);
        Sourced b = row.getValue().get(ab[1]);
        if (a == null || b == null || a.file != b.file) {
          line.add("");  // never a ratio across runs
        } else {
          double speedup = Units.secondsPerOp(b.result.score(), b.result.unit())
              / Units.secondsPerOp(a.result.score(), a.result.unit());
          line.add(String.format(Locale.ROOT, speedup >= 10 ? "%.1f×" : "%.2f×", speedup));
        }
      }
      cells.add(line);
    }
    boolean[] right = new boolean[header.size()];
    for (int c = 1 + rowParams.size(); c < right.length; c++) {
      right[c] = true;
    }
    StringBuilder sb = new StringBuilder(Format.markdown(header, cells, right));
    sb.append('\n');
    for (ResultFile f : used) {
      sb.append(provenanceLine(f, spec)).append('\n');
    }
    return sb.toString();
  }

  private static String unitOf(Map<String, Map<String, Sourced>> rows, String column) {
    Set<String> units = new LinkedHashSet<>();
    rows.values().forEach(r -> {
      if (r.containsKey(column)) {
        units.add(r.get(column).result.unit());
      }
    });
    return String.join(", ", units);
  }

  /** GFLOP/s ± half-width when the table has a flops formula, else the score ± half-width. */
  static String value(Spec spec, BenchResult r) {
    if (spec.flops == null) {
      return Format.withError(r.score(), r.lower(), r.upper());
    }
    double flops = Expr.eval(spec.flops, variables(spec, r));
    double g = flops / Units.secondsPerOp(r.score(), r.unit()) / 1e9;
    if (!r.hasInterval()) {
      return Format.num(g) + " ± ?";
    }
    double g1 = flops / Units.secondsPerOp(r.lower(), r.unit()) / 1e9;
    double g2 = flops / Units.secondsPerOp(r.upper(), r.unit()) / 1e9;
    return Format.withHalfWidth(g, Math.abs(g1 - g2) / 2);
  }

  static Map<String, Double> variables(Spec spec, BenchResult r) {
    Map<String, Double> vars = new TreeMap<>();
    r.params().forEach((k, v) -> {
      try {
        vars.put(k, Double.parseDouble(v));
      } catch (NumberFormatException e) {
        // not numeric: not usable in flops
      }
    });
    if (spec.dims != null) {
      String param = spec.dims.substring(0, spec.dims.indexOf(':'));
      String[] names = spec.dims.substring(spec.dims.indexOf(':') + 1).split(",");
      String value = r.params().get(param);
      if (value == null) {
        throw new BadInputException("table:" + spec.name + ": " + r.key() + " has no param '" + param + "'");
      }
      String[] parts = value.split("[x×*,]");
      if (parts.length != names.length) {
        throw new BadInputException("table:" + spec.name + ": " + param + "=" + value + " does not split into "
            + names.length + " dims " + String.join(",", names));
      }
      for (int i = 0; i < names.length; i++) {
        try {
          vars.put(names[i], Double.parseDouble(parts[i].strip()));
        } catch (NumberFormatException e) {
          throw new BadInputException("table:" + spec.name + ": " + param + "=" + value + " is not numeric");
        }
      }
    }
    return vars;
  }

  static String provenanceLine(ResultFile f, Spec spec) {
    Map<String, String> p = f.provenance();
    BenchResult first = f.results().stream().filter(r -> spec.benchmarks.matcher(r.benchmark()).find())
        .findFirst().orElseThrow();
    var node = f.nodes().get(f.results().indexOf(first));
    StringBuilder sb = new StringBuilder("<sub>Source `").append(f.path().getFileName()).append('`');
    if (!p.isEmpty()) {
      sb.append(": commit ").append(p.getOrDefault("commit", "?"))
          .append(", ").append(p.getOrDefault("date", "?"))
          .append(", JDK ").append(p.getOrDefault("jdk", "?"))
          .append(", ").append(p.getOrDefault("cpu", "?"))
          .append(", ").append(p.getOrDefault("cores", "?")).append(" cores")
          .append(", kernels ").append(p.getOrDefault("kernels", "?"))
          .append(" (").append(p.getOrDefault("vector_bits", "?")).append("-bit)");
      if (p.containsKey("preset")) {
        sb.append(", preset ").append(p.get("preset"));
      }
      if (p.containsKey("loadavg_start")) {
        sb.append(", load average ").append(p.get("loadavg_start"));
      }
    }
    sb.append(". JMH ").append(text(node, "mode")).append(", ").append(text(node, "forks")).append(" fork(s) × ")
        .append(text(node, "measurementIterations")).append(" × ").append(text(node, "measurementTime"))
        .append(" after ").append(text(node, "warmupIterations")).append(" × ").append(text(node, "warmupTime"))
        .append(" warm-up, ").append(text(node, "threads")).append(" thread(s); ± is JMH's 99.9% confidence half-width")
        .append(spec.ratios.isEmpty() ? "" : "; ratios compare columns measured in the same run")
        .append(".</sub>");
    return sb.toString();
  }

  private static String text(com.fasterxml.jackson.databind.JsonNode node, String field) {
    var v = node.get(field);
    return v == null ? "?" : v.asText();
  }

  private static final String USAGE = """
      Usage: bench/table --in-place FILE.md RESULTS.json...
             bench/table RESULTS.json... --benchmarks REGEX [--columns PARAM] [--flops EXPR]
                         [--dims PARAM:a,b,c] [--ratios A/B,...]
      Regenerates Markdown tables from JMH results. In place, every block
        <!-- table:NAME benchmarks=REGEX [columns=PARAM] [flops="2*m*n*k"] [dims=shape:m,k,n] [ratios=A/B] -->
        <!-- /table -->
      whose benchmarks are in the given results is rewritten; other blocks stay as they are.
      Ratios are speed ratios between columns of the same result file (same run), never across runs.
      """;
}
