package org.grokmeter.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resolved parameters of one run: every parameter the experiment declares, in its declared
 * order, as canonical strings (see {@link Parameter}). Typed getters parse them back.
 */
public final class RunParams {

  private final Map<String, String> values;

  public RunParams(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Name → canonical value, in the experiment's declared parameter order. */
  public Map<String, String> values() {
    return values;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String get(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no parameter '" + name + "' in this run (have " + values.keySet() + ")");
    }
    return v;
  }

  public int getInt(String name) {
    return Integer.parseInt(get(name));
  }

  public long getLong(String name) {
    return Long.parseLong(get(name));
  }

  public double getDouble(String name) {
    return Double.parseDouble(get(name));
  }

  /**
   * The canonical form that run keys hash: {@code experiment} then one {@code name=value} per line,
   * in declared order. Changing it changes every key; it is versioned by its first line.
   */
  public String canonicalForm(String experiment) {
    StringBuilder sb = new StringBuilder("grokmeter-run-v1\n").append(experiment).append('\n');
    values.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RunParams r && values.equals(r.values) && values.keySet().stream().toList()
        .equals(r.values.keySet().stream().toList());
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
