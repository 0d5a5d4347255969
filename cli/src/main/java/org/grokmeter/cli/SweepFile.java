package org.grokmeter.cli;

import org.grokmeter.UserInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.grokmeter.experiment.Experiment;
import org.grokmeter.experiment.Parameter;
import org.grokmeter.experiment.Sweep;
import org.grokmeter.experiment.SweepSpec;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a sweep file: YAML 1.2 or JSON (a JSON document is YAML 1.2, so one safe parser serves
 * both and every error can name its line and column). The file is data: it is only composed into
 * a node tree — no type tags, no object construction — and every value goes through the
 * experiment's {@link Parameter} checks.
 *
 * <pre>
 * experiment: mlp            # required
 * master_seed: 0             # optional (seeds runs that have no explicit seed parameter)
 * input_sizes: 25:45         # a range, a comma list, a single value…
 * seeds: [0, 1, 2]           # …or a list (whose elements may be ranges)
 * lambdas: {from: 1.003, to: 1.1, points: 120}   # evenly spaced doubles, ends included
 * lambda_min: 1.003          # …or as grokmeter linear's options (missing ones take the defaults)
 * lambda_max: 1.1
 * points: 120
 * </pre>
 */
public final class SweepFile {

  private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.SEQ, Tag.MAP, Tag.BOOL, Tag.NULL);
  /** The same cap the tool keeps its own {@code sweep.yaml} under, so it can always read it back. */
  private static final int MAX_BYTES = SweepSpec.MAX_YAML_BYTES;
  /**
   * Nesting a sweep file may have: it needs three levels (the top mapping, a list or a spaced range,
   * its values). The composer recurses once per level, so deeper files are refused before it runs.
   */
  static final int MAX_DEPTH = 16;

  private SweepFile() {}

  /** Parses {@code file} into a spec for the experiment it names ({@code lookup} finds it). */
  public static SweepSpec read(Path file, Function<String, Experiment> lookup) {
    String text = readText(file);
    LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setAllowDuplicateKeys(false)
        .setMaxAliasesForCollections(10).setAllowRecursiveKeys(false).setCodePointLimit(MAX_BYTES).build();
    Optional<Node> root;
    try {
      checkStructure(file, text, settings);
      root = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      Mark m = e.getProblemMark().orElse(e.getContextMark().orElse(null));
      throw new UserInputException(where(file, m) + "not valid YAML/JSON: " + Sweep.oneLine(e.getProblem()));
    } catch (YamlEngineException e) {
      throw new UserInputException(file + ": not valid YAML/JSON: " + Sweep.oneLine(e.getMessage()));
    }
    if (root.isEmpty() || !(root.get() instanceof MappingNode map)) {
      throw new UserInputException(file + ": a sweep file is a mapping of keys to values (experiment: …)");
    }
    checkNodes(file, map);
    String experimentName = null;
    Long masterSeed = null;
    for (NodeTuple t : map.getValue()) {
      String key = scalarKey(file, t.getKeyNode());
      if (key.equals("experiment")) {
        experimentName = scalar(file, key, t.getValueNode());
      } else if (key.equals("master_seed")) {
        String v = scalar(file, key, t.getValueNode());
        try {
          masterSeed = Long.parseLong(v);
        } catch (NumberFormatException e) {
          throw new UserInputException(where(file, t.getValueNode()) + "master_seed: '" + v + "' is not an integer");
        }
      }
    }
    if (experimentName == null) {
      throw new UserInputException(file + ": missing key 'experiment' (one of the experiments, e.g. experiment: mlp)");
    }
    Experiment experiment;
    try {
      experiment = lookup.apply(experimentName);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(where(file, valueNode(map, "experiment")) + e.getMessage());
    }
    SweepSpec.Builder b = SweepSpec.builder(experiment).masterSeed(masterSeed == null ? 0 : masterSeed);
    Set<String> rangeKeys = spacedRange(file, map, experiment, b);
    for (NodeTuple t : map.getValue()) {
      String key = scalarKey(file, t.getKeyNode());
      if (key.equals("experiment") || key.equals("master_seed") || rangeKeys.contains(key)) {
        continue;
      }
      Node v = t.getValueNode();
      Parameter p;
      try {
        p = b.parameter(key);
      } catch (IllegalArgumentException e) {
        throw new UserInputException(where(file, t.getKeyNode()) + e.getMessage());
      }
      try {
        switch (v) {
          case ScalarNode s -> b.parse(key, s.getValue());
          case SequenceNode seq -> {
            List<String> all = new ArrayList<>();
            for (Node el : seq.getValue()) {
              if (!(el instanceof ScalarNode s)) {
                throw new UserInputException(where(file, el) + key + ": list elements must be plain values");
              }
              try {
                all.addAll(p.parseList(s.getValue()));
              } catch (IllegalArgumentException e) {
                throw new UserInputException(where(file, el) + e.getMessage());
              }
              if (all.size() > Parameter.MAX_VALUES) {
                throw new UserInputException(where(file, el) + key + ": more than " + Parameter.MAX_VALUES
                    + " values");
              }
            }
            b.values(key, all);
          }
          case MappingNode m -> linspace(file, b, p, key, m);
          default -> throw new UserInputException(where(file, v) + key + ": unsupported value");
        }
      } catch (IllegalArgumentException e) {
        throw new UserInputException(where(file, v) + e.getMessage());
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UserInputException(file + ": " + e.getMessage());
    }
  }

  /**
   * The command-line spelling of an evenly spaced axis, e.g. {@code grokmeter linear}'s
   * {@code --lambda-min --lambda-max --points}: keys {@code <name>_min}, {@code <name>_max} and
   * {@code points} for a real-valued parameter {@code <name>}; what is missing comes from the
   * parameter's default list (its first value, last value, length). Returns the keys it consumed.
   */
  private static Set<String> spacedRange(Path file, MappingNode map, Experiment experiment, SweepSpec.Builder b) {
    Set<String> used = new HashSet<>();
    Parameter target = null;
    for (Parameter p : experiment.parameters()) {
      if (p.type() != Parameter.Type.DOUBLE) {
        continue;
      }
      for (NodeTuple t : map.getValue()) {
        String k = scalarKey(file, t.getKeyNode());
        if (k.equals(p.name() + "_min") || k.equals(p.name() + "_max")) {
          if (target != null && target != p) {
            throw new UserInputException(where(file, t.getKeyNode()) + k + ": only one axis can be given as"
                + " _min/_max/points; use {from, to, points} for the others");
          }
          target = p;
          used.add(k);
        }
      }
    }
    Node pointsNode = valueNode(map, "points");
    boolean hasPoints = pointsNode != map;
    if (target == null && hasPoints) {
      // "points" alone: the one real-valued parameter with a default list of several values
      for (Parameter p : experiment.parameters()) {
        if (p.type() == Parameter.Type.DOUBLE && p.defaults().size() > 1) {
          target = p;
        }
      }
      if (target == null) {
        throw new UserInputException(where(file, pointsNode) + "points: no evenly spaced axis to apply it to"
            + " (unknown key for experiment " + experiment.name() + ")");
      }
    }
    if (target == null) {
      return used;
    }
    if (hasPoints) {
      used.add("points");
    }
    List<String> defaults = target.defaults();
    double from = number(file, map, target.name() + "_min", Double.parseDouble(defaults.get(0)));
    double to = number(file, map, target.name() + "_max", Double.parseDouble(defaults.get(defaults.size() - 1)));
    double pointsValue = number(file, map, "points", defaults.size());
    if (pointsValue != Math.rint(pointsValue) || pointsValue < 1 || pointsValue > 1_000_000) {
      throw new UserInputException(where(file, pointsNode) + "points: " + scalar(file, "points", pointsNode)
          + " must be a whole number from 1 to 1000000");
    }
    if (!(to >= from)) {
      throw new UserInputException(where(file, valueNode(map, target.name() + "_max")) + target.name()
          + "_max must be >= " + target.name() + "_min");
    }
    try {
      b.linspace(target.key(), from, to, (int) pointsValue);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(where(file, valueNode(map, target.name() + "_min")) + e.getMessage());
    }
    return used;
  }

  private static double number(Path file, MappingNode map, String key, double fallback) {
    Node n = valueNode(map, key);
    if (n == map) {
      return fallback;
    }
    String v = scalar(file, key, n);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UserInputException(where(file, n) + key + ": '" + v + "' is not a number");
    }
  }

  private static void linspace(Path file, SweepSpec.Builder b, Parameter p, String key, MappingNode m) {
    Double from = null;
    Double to = null;
    Integer points = null;
    for (NodeTuple t : m.getValue()) {
      String k = scalarKey(file, t.getKeyNode());
      String v = scalar(file, key + "." + k, t.getValueNode());
      try {
        switch (k) {
          case "from" -> from = Double.parseDouble(v);
          case "to" -> to = Double.parseDouble(v);
          case "points" -> points = Integer.parseInt(v);
          default -> throw new UserInputException(where(file, t.getKeyNode()) + key + ": unknown key '" + k
              + "' (a spaced range has from, to, points)");
        }
      } catch (NumberFormatException e) {
        throw new UserInputException(where(file, t.getValueNode()) + key + "." + k + ": '" + v + "' is not a number");
      }
    }
    if (from == null || to == null || points == null) {
      throw new UserInputException(where(file, m) + key + ": a spaced range needs from, to and points");
    }
    if (p.type() != Parameter.Type.DOUBLE) {
      throw new UserInputException(where(file, m) + key + ": {from, to, points} is for real-valued parameters;"
          + " use A:B for integers");
    }
    b.linspace(key, from, to, points);
  }

  private static Node valueNode(MappingNode map, String key) {
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
        return t.getValueNode();
      }
    }
    return map;
  }

  private static String scalarKey(Path file, Node n) {
    if (!(n instanceof ScalarNode s)) {
      throw new UserInputException(where(file, n) + "keys must be plain words");
    }
    return s.getValue();
  }

  private static String scalar(Path file, String key, Node n) {
    if (!(n instanceof ScalarNode s)) {
      throw new UserInputException(where(file, n) + key + ": expected a single value");
    }
    return s.getValue().strip();
  }

  /**
   * Walks the event stream (the parser keeps its own stack, so this never recurses) and refuses, before
   * the recursive composer sees them, nesting deeper than {@link #MAX_DEPTH} and an alias inside the
   * list or mapping it names ({@code seeds: &s [0, *s]}), which would compose into a cycle.
   */
  private static void checkStructure(Path file, String text, LoadSettings settings) {
    Deque<String> openAnchors = new ArrayDeque<>();
    for (Event e : new Parse(settings).parseString(text)) {
      switch (e.getEventId()) {
        case SequenceStart, MappingStart -> {
          if (openAnchors.size() >= MAX_DEPTH) {
            throw new UserInputException(where(file, e.getStartMark().orElse(null)) + "nested more than " + MAX_DEPTH
                + " levels deep; a sweep file maps keys to values, lists or {from, to, points}");
          }
          openAnchors.push(((NodeEvent) e).getAnchor().map(Anchor::getValue).orElse(""));
        }
        case SequenceEnd, MappingEnd -> openAnchors.pop();
        case Alias -> {
          String name = ((AliasEvent) e).getAlias().getValue();
          if (openAnchors.contains(name)) {
            throw new UserInputException(where(file, e.getStartMark().orElse(null)) + "alias *" + name
                + " refers to the list or mapping that contains it");
          }
        }
        default -> { }
      }
    }
  }

  /**
   * Sweep files are data: explicit type tags (e.g. {@code !!java.net.URL}) are refused, keys are
   * plain words, and no mapping at any level names a key twice. Iterative: the depth is bounded by
   * {@link #checkStructure}, the node graph is acyclic, and aliases are few (the composer's limit).
   */
  private static void checkNodes(Path file, Node root) {
    Deque<Node> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (!PLAIN_TAGS.contains(n.getTag())) {
        throw new UserInputException(where(file, n) + "type tags are not allowed in a sweep file ("
            + n.getTag().getValue() + ")");
      }
      switch (n) {
        case MappingNode m -> {
          Set<String> keys = new HashSet<>();
          for (NodeTuple t : m.getValue()) {
            String key = scalarKey(file, t.getKeyNode());
            if (!keys.add(key)) {
              throw new UserInputException(where(file, t.getKeyNode()) + "key '" + key + "' appears twice");
            }
            todo.push(t.getKeyNode());
            todo.push(t.getValueNode());
          }
        }
        case SequenceNode q -> q.getValue().forEach(todo::push);
        default -> { }
      }
    }
  }

  private static String where(Path file, Node n) {
    return where(file, n == null ? null : n.getStartMark().orElse(null));
  }

  private static String where(Path file, Mark m) {
    return m == null ? file + ": " : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": ";
  }

  /**
   * Reads at most {@link #MAX_BYTES} + 1 bytes, once: the size a file reports is not trusted, so a
   * device, a pipe or a file that grows while being read ({@code /dev/zero}) ends at the cap.
   */
  private static String readText(Path file) {
    if (Files.isDirectory(file)) {
      throw new UserInputException(file + ": is a folder, not a sweep file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new UserInputException(file + ": larger than " + (MAX_BYTES >> 20) + " MiB; a sweep file lists values,"
            + " not data");
      }
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (NoSuchFileException e) {
      throw new UserInputException(file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new UserInputException(file + ": permission denied");
    } catch (CharacterCodingException e) {
      throw new UserInputException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }
}
