package org.grokmeter.experiment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.grokmeter.Limits;
import org.grokmeter.UserInputException;

/**
 * A resolved sweep: the experiment's name, the master seed, and for every declared parameter the
 * list of its canonical values (a single default when the user did not vary it). Expanding it gives
 * the grid in canonical order: a cartesian product with the first declared parameter varying
 * slowest.
 *
 * <p>A spec is plain data: {@link #fromResolved} rebuilds one from a stored {@code sweep.yaml}
 * without the experiment's classes, which is what {@code merge} needs.
 */
public final class SweepSpec {

  /** Refuse grids that would not fit in a CSV anyone could open. */
  public static final long MAX_RUNS = 10_000_000L;

  /**
   * The largest sweep file {@code grokmeter sweep} reads, and so the largest {@code sweep.yaml} the
   * tool writes: a spec whose YAML (with its comment lines) would not fit is refused when built.
   */
  public static final int MAX_YAML_BYTES = 1 << 20;

  /** Room kept in {@link #MAX_YAML_BYTES} for the comment lines written above the spec. */
  static final int YAML_COMMENT_BYTES = 1024;

  /**
   * Heap one run of the grid holds while a sweep runs (its parameters, key, label, row and map
   * entries), plus a share per axis: an estimate that keeps the expanded grid within half the heap.
   */
  static final long BYTES_PER_RUN = 1024;
  static final long BYTES_PER_AXIS_VALUE = 128;

  private final String experiment;
  private final long masterSeed;
  private final boolean explicitSeed;
  private final Map<String, List<String>> axes;
  private final Map<String, String> keys;
  private final Map<String, Parameter.Type> types;
  private final String yaml;

  private SweepSpec(String experiment, long masterSeed, Map<String, List<String>> axes,
      Map<String, String> keys, Map<String, Parameter.Type> types) {
    this.experiment = experiment;
    this.masterSeed = masterSeed;
    this.axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
    this.explicitSeed = axes.containsKey(Experiment.SEED);
    // the grid's size from the list lengths alone: nothing is expanded before it is known to fit
    long n = 1;
    for (Map.Entry<String, List<String>> e : axes.entrySet()) {
      String key = keys.getOrDefault(e.getKey(), e.getKey());
      if (e.getValue().isEmpty()) {
        throw new IllegalArgumentException(key + ": empty list");
      }
      if (e.getValue().size() > Parameter.MAX_VALUES) {
        throw new UserInputException(key + ": more than " + Parameter.MAX_VALUES + " values");
      }
      n *= e.getValue().size();
      if (n > MAX_RUNS) {
        throw new UserInputException("the grid (" + describeGrid() + ") has more than " + MAX_RUNS + " runs");
      }
    }
    double gridBytes = (double) n * (BYTES_PER_RUN + BYTES_PER_AXIS_VALUE * axes.size());
    long heap = Limits.heapBytes();
    if (gridBytes > heap / 2.0) {
      throw new UserInputException("the grid (" + describeGrid() + ") has " + n + " runs; keeping them while the"
          + " sweep runs needs about " + Limits.size(gridBytes) + ", more than half the " + Limits.size(heap)
          + " heap this JVM may use (split the grid into several sweeps, or raise the heap with -Xmx)");
    }
    String text = yaml(false);
    if (utf8Length(text) > MAX_YAML_BYTES - YAML_COMMENT_BYTES) {
      text = yaml(true);
      if (utf8Length(text) > MAX_YAML_BYTES - YAML_COMMENT_BYTES) {
        throw new UserInputException("the resolved sweep (" + describeGrid() + ") takes " + Limits.size(utf8Length(text))
            + " as sweep.yaml even with ranges written as A:B, more than the " + (MAX_YAML_BYTES >> 20)
            + " MiB a sweep file may have; give fewer values");
      }
    }
    this.yaml = text;
  }

  /** Starts a spec for an experiment; unset parameters take their defaults. */
  public static Builder builder(Experiment experiment) {
    return new Builder(experiment);
  }

  /**
   * Rebuilds a spec from stored canonical values (name → values in declared order). The values are
   * trusted to be canonical because grokmeter wrote them; the sweep id check catches edits.
   */
  public static SweepSpec fromResolved(String experiment, long masterSeed, Map<String, List<String>> axes,
      Map<String, String> keys) {
    return fromResolved(experiment, masterSeed, axes, keys, Map.of());
  }

  /**
   * As {@link #fromResolved(String, long, Map, Map)}, with the parameters' types where known: they
   * let {@link #toYaml} write a long axis compactly (integers as ranges, evenly spaced doubles as
   * {@code {from, to, points}}); an axis without a type is always written as a full list.
   */
  public static SweepSpec fromResolved(String experiment, long masterSeed, Map<String, List<String>> axes,
      Map<String, String> keys, Map<String, Parameter.Type> types) {
    return new SweepSpec(experiment, masterSeed, axes, keys, types);
  }

  public String experiment() {
    return experiment;
  }

  public long masterSeed() {
    return masterSeed;
  }

  /** Parameter name → canonical values, in declared order. */
  public Map<String, List<String>> axes() {
    return axes;
  }

  /** Parameter name → sweep-file key (e.g. input_size → input_sizes). */
  public Map<String, String> keys() {
    return keys;
  }

  public long size() {
    long n = 1;
    for (List<String> v : axes.values()) {
      n *= v.size();
    }
    return n;
  }

  /**
   * The sweep's identity: a hash of the experiment, the master seed and every axis with its values.
   * Shards of one sweep share it; an output folder belongs to exactly one.
   */
  public String sweepId() {
    StringBuilder sb = new StringBuilder("grokmeter-sweep-v1\n").append(experiment).append('\n')
        .append("master_seed=").append(masterSeed).append('\n');
    axes.forEach((k, v) -> sb.append(k).append('=').append(String.join(",", v)).append('\n'));
    return RunKeys.sha256Hex(sb.toString()).substring(0, RunKeys.KEY_HEX);
  }

  /** The full grid in canonical order. */
  public List<Run> expand() {
    List<String> names = new ArrayList<>(axes.keySet());
    List<List<String>> lists = new ArrayList<>(axes.values());
    int total = (int) size();
    List<Run> runs = new ArrayList<>(total);
    int[] idx = new int[names.size()];
    Set<String> seen = new HashSet<>();
    for (int r = 0; r < total; r++) {
      Map<String, String> values = new LinkedHashMap<>();
      for (int a = 0; a < names.size(); a++) {
        values.put(names.get(a), lists.get(a).get(idx[a]));
      }
      RunParams params = new RunParams(values);
      String key = RunKeys.key(experiment, params);
      if (!seen.add(key)) {
        throw new IllegalStateException("run key collision at " + params + " (key " + key + ")");
      }
      long seed = explicitSeed ? Long.parseLong(values.get(Experiment.SEED))
          : RunKeys.derivedSeed(masterSeed, key);
      runs.add(new Run(r, params, key, seed));
      // odometer: the last axis varies fastest
      for (int a = names.size() - 1; a >= 0; a--) {
        if (++idx[a] < lists.get(a).size()) {
          break;
        }
        idx[a] = 0;
      }
    }
    return runs;
  }

  /**
   * The resolved configuration as YAML (also valid input for {@code grokmeter sweep}): experiment,
   * master seed, then every parameter under its sweep-file key with its full value list. When the
   * full lists would not fit in a sweep file ({@link #MAX_YAML_BYTES}), integer runs are written as
   * ranges ({@code [0:999999]}) and evenly spaced doubles as {@code {from, to, points}}, which read
   * back as the same values.
   */
  public String toYaml() {
    return yaml;
  }

  private String yaml(boolean compact) {
    StringBuilder sb = new StringBuilder();
    sb.append("experiment: ").append(experiment).append('\n');
    sb.append("master_seed: ").append(masterSeed).append('\n');
    axes.forEach((name, values) -> {
      sb.append(keys.getOrDefault(name, name)).append(": ");
      Parameter.Type type = types.get(name);
      String spaced = compact && type == Parameter.Type.DOUBLE ? spaced(values) : null;
      if (spaced != null) {
        sb.append(spaced);
      } else {
        boolean integers = type == Parameter.Type.INT || type == Parameter.Type.LONG;
        sb.append('[').append(String.join(", ", compact && integers ? ranges(values) : values)).append(']');
      }
      sb.append('\n');
    });
    return sb.toString();
  }

  /**
   * Canonical integers with every run of three or more evenly increasing values as {@code A:B} or
   * {@code A:B:STEP} ({@link Parameter#parseList} expands them back to the same values).
   */
  static List<String> ranges(List<String> values) {
    int n = values.size();
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = Long.parseLong(values.get(i));
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < n) {
      int j = i;
      long step = i + 1 < n ? stepOrZero(v[i], v[i + 1]) : 0;
      if (step > 0) {
        j = i + 1;
        while (j + 1 < n && stepOrZero(v[j], v[j + 1]) == step) {
          j++;
        }
      }
      if (j - i >= 2) {
        out.add(v[i] + ":" + v[j] + (step == 1 ? "" : ":" + step));
        i = j + 1;
      } else {
        out.add(values.get(i));
        i++;
      }
    }
    return out;
  }

  /** b − a when b > a and the difference fits in a long, else 0. */
  private static long stepOrZero(long a, long b) {
    long d = b - a;
    return b > a && d > 0 ? d : 0;
  }

  /**
   * {@code {from: A, to: B, points: N}} when the canonical doubles are exactly what
   * {@link Parameter#linspace} gives for it (numpy's linspace: from + i·step, the end exact), else null.
   */
  static String spaced(List<String> values) {
    int n = values.size();
    if (n < 3) {
      return null;
    }
    double from = Double.parseDouble(values.get(0));
    double to = Double.parseDouble(values.get(n - 1));
    double step = (to - from) / (n - 1);
    for (int i = 0; i < n - 1; i++) {
      double x = from + i * step;
      if (!Double.toString(x == 0.0 ? 0.0 : x).equals(values.get(i))) {
        return null;
      }
    }
    return "{from: " + values.get(0) + ", to: " + values.get(n - 1) + ", points: " + n + "}";
  }

  /** The axes with more than one value and their sizes, e.g. {@code input_sizes 21 x seeds 3}. */
  private String describeGrid() {
    StringBuilder sb = new StringBuilder();
    axes.forEach((name, values) -> {
      if (values.size() > 1) {
        sb.append(sb.isEmpty() ? "" : " x ").append(keys.getOrDefault(name, name)).append(' ').append(values.size());
      }
    });
    return sb.isEmpty() ? "one run" : sb.toString();
  }

  private static long utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Collects raw values per parameter and resolves them against the experiment's declarations. */
  public static final class Builder {
    private final Experiment experiment;
    private final Map<String, Parameter> byKey = new LinkedHashMap<>();
    private final Map<String, List<String>> given = new LinkedHashMap<>();
    private long masterSeed;

    private Builder(Experiment experiment) {
      this.experiment = experiment;
      for (Parameter p : experiment.parameters()) {
        byKey.put(p.key(), p);
        byKey.putIfAbsent(p.name(), p);
      }
    }

    /** The parameter a sweep-file key or column name refers to. */
    public Parameter parameter(String key) {
      Parameter p = byKey.get(key);
      if (p == null) {
        throw new IllegalArgumentException("unknown key '" + key + "' for experiment " + experiment.name()
            + " (known: " + String.join(", ", experiment.parameters().stream().map(Parameter::key).toList()) + ")");
      }
      return p;
    }

    public Builder masterSeed(long seed) {
      this.masterSeed = seed;
      return this;
    }

    /** Values as raw objects (numbers or strings), e.g. from a parsed YAML list. */
    public Builder values(String key, List<?> raw) {
      Parameter p = parameter(key);
      List<String> canon = new ArrayList<>(raw.size());
      for (Object o : raw) {
        canon.add(p.canonical(o));
      }
      return set(p, canon);
    }

    /** Values as command-line text: {@code 25:45}, {@code 0,1,2}, {@code 0.01}. */
    public Builder parse(String key, String text) {
      Parameter p = parameter(key);
      return set(p, p.parseList(text));
    }

    /** {@code points} evenly spaced values from {@code from} to {@code to} inclusive. */
    public Builder linspace(String key, double from, double to, int points) {
      Parameter p = parameter(key);
      return set(p, p.linspace(from, to, points));
    }

    private Builder set(Parameter p, List<String> canon) {
      if (canon.isEmpty()) {
        throw new IllegalArgumentException(p.key() + ": empty list");
      }
      Set<String> seen = new HashSet<>();
      for (String v : canon) {
        if (!seen.add(v)) {
          throw new IllegalArgumentException(p.key() + ": value " + v + " appears twice");
        }
      }
      if (given.putIfAbsent(p.name(), List.copyOf(canon)) != null) {
        throw new IllegalArgumentException(p.key() + ": given twice");
      }
      return this;
    }

    public SweepSpec build() {
      Map<String, List<String>> axes = new LinkedHashMap<>();
      Map<String, String> keys = new LinkedHashMap<>();
      Map<String, Parameter.Type> types = new LinkedHashMap<>();
      for (Parameter p : experiment.parameters()) {
        types.put(p.name(), p.type());
        List<String> v = given.get(p.name());
        if (v == null) {
          v = p.defaults();
        }
        axes.put(p.name(), v);
        keys.put(p.name(), p.key());
      }
      return new SweepSpec(experiment.name(), masterSeed, axes, keys, types);
    }
  }
}
