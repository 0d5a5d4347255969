package org.grokmeter.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package of a source tree refers to which other {@code org.grokmeter} package (imports and
 * fully qualified names; comments and string literals left out), and the package cycles that makes:
 * what the layout tests check, so an arrow running back up fails the build.
 */
public final class PackageGraph {

  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.grokmeter(?:\\.[a-z]\\w*)*)\\.[A-Z]\\w*");
  /** Comments and string literals: a class named in a string is loaded reflectively, not compiled against. */
  private static final Pattern NOT_CODE = Pattern.compile(
      "/\\*.*?\\*/|//[^\\n]*|'(?:\\\\.|[^'\\\\])'|\"(?:\\\\.|[^\"\\\\\\n])*\"", Pattern.DOTALL);

  private final Map<String, Set<String>> edges = new TreeMap<>();

  private PackageGraph() {}

  /** The graph of every {@code .java} file under {@code sourceRoot}. */
  public static PackageGraph of(Path sourceRoot) {
    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        sources.add(Files.readString(f, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ofSources(sources);
  }

  /** The graph of the given compilation units' texts. */
  public static PackageGraph ofSources(List<String> sources) {
    PackageGraph g = new PackageGraph();
    for (String src : sources) {
      Matcher pm = PACKAGE.matcher(src);
      if (!pm.find()) {
        continue;
      }
      String pkg = pm.group(1);
      Set<String> out = g.edges.computeIfAbsent(pkg, k -> new TreeSet<>());
      Matcher m = REFERENCE.matcher(NOT_CODE.matcher(src).replaceAll(""));
      while (m.find()) {
        if (!m.group(1).equals(pkg)) {
          out.add(m.group(1));
        }
      }
    }
    return g;
  }

  /** The packages {@code pkg} refers to. */
  public Set<String> references(String pkg) {
    return edges.getOrDefault(pkg, Set.of());
  }

  public Set<String> packages() {
    return edges.keySet();
  }

  /** Every group of packages that refer to each other in a circle (Tarjan's strongly connected components). */
  public List<Set<String>> cycles() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<Set<String>> cycles = new ArrayList<>();
    for (String v : edges.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, index, low, stack, cycles);
      }
    }
    return cycles;
  }

  private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
      List<Set<String>> cycles) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    for (String w : references(v)) {
      if (!index.containsKey(w)) {
        connect(w, index, low, stack, cycles);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (stack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        cycles.add(component);
      }
    }
  }
}
