package org.grokmeter.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

  private final String experiment;
  private final long masterSeed;
  private final boolean explicitSeed;
  private final Map<String, List<String>> axes;
  private final Map<String, String> keys;

  private SweepSpec(String experiment, long masterSeed, Map<String, List<String>> axes,
      Map<String, String> keys) {
    this.experiment = experiment;
    this.masterSeed = masterSeed;
    this.axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    this.explicitSeed = axes.containsKey(Experiment.SEED);
    long n = 1;
    for (Map.Entry<String, List<String>> e : axes.entrySet()) {
      if (e.getValue().isEmpty()) {
        throw new IllegalArgumentException(keys.getOrDefault(e.getKey(), e.getKey()) + ": empty list");
      }
      n *= e.getValue().size();
      if (n > MAX_RUNS) {
        throw new IllegalArgumentException("the grid has more than " + MAX_RUNS + " runs");
      }
    }
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
    return new SweepSpec(experiment, masterSeed, axes, keys);
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
   * master seed, then every parameter under its sweep-file key with its full value list.
   */
  public String toYaml() {
    StringBuilder sb = new StringBuilder();
    sb.append("experiment: ").append(experiment).append('\n');
    sb.append("master_seed: ").append(masterSeed).append('\n');
    axes.forEach((name, values) -> sb.append(keys.getOrDefault(name, name)).append(": [")
        .append(String.join(", ", values)).append("]\n"));
    return sb.toString();
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
      for (Parameter p : experiment.parameters()) {
        List<String> v = given.get(p.name());
        if (v == null) {
          v = p.defaults();
        }
        axes.put(p.name(), v);
        keys.put(p.name(), p.key());
      }
      return new SweepSpec(experiment.name(), masterSeed, axes, keys);
    }
  }
}
