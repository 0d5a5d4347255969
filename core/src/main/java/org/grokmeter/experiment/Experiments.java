package org.grokmeter.experiment;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The experiments on the class path, found through {@link ServiceLoader} (each lists itself in
 * {@code META-INF/services/org.grokmeter.experiment.Experiment}).
 */
public final class Experiments {

  private Experiments() {}

  /** Name → experiment, sorted by name. */
  public static Map<String, Experiment> all() {
    Map<String, Experiment> m = new TreeMap<>();
    for (Experiment e : ServiceLoader.load(Experiment.class, Experiments.class.getClassLoader())) {
      m.putIfAbsent(e.name(), e);
    }
    return m;
  }

  /** The experiment called {@code name}, or an {@link IllegalArgumentException} listing the known ones. */
  public static Experiment byName(String name) {
    Map<String, Experiment> all = all();
    Experiment e = all.get(name);
    if (e == null) {
      throw new IllegalArgumentException("experiment: unknown experiment '" + name + "' (known: "
          + (all.isEmpty() ? "none" : String.join(", ", all.keySet())) + ")");
    }
    return e;
  }

  public static List<String> names() {
    return List.copyOf(all().keySet());
  }
}
