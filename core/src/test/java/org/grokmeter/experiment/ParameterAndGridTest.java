package org.grokmeter.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ParameterAndGridTest {

  private final Experiment demo = new DemoExperiment();

  @Test
  void doublesHaveOneCanonicalForm() {
    Parameter lr = Parameter.real("lr", "lr", 0.01).positive();
    assertEquals("0.01", lr.canonical(0.01));
    assertEquals("0.01", lr.canonical("1e-2"));
    assertEquals("0.01", lr.canonical("0.010"));
    assertEquals("1.0E-10", lr.canonical("1e-10"));
    assertEquals(List.of("0.5", "1.0", "2.0"), lr.parseList("0.5, 1, 2.0"));
  }

  @Test
  void integerRangesAndLists() {
    Parameter n = Parameter.integer("input_size", "input_sizes", 35).atLeast(3);
    assertEquals(List.of("25", "26", "27"), n.parseList("25:27"));
    assertEquals(List.of("25", "35", "45"), n.parseList("25:45:10"));
    assertEquals(List.of("3", "7"), n.parseList("3,7"));
    assertEquals(List.of("40"), n.parseList("40"));
  }

  @Test
  void rangesAtTheEndsOfLongNeverWrap() {
    Parameter seed = Parameter.longInteger("seed", "seeds", 0L);
    assertEquals(List.of("9223372036854775807"), seed.parseList("9223372036854775807:9223372036854775807"));
    assertEquals(List.of("9223372036854775805", "9223372036854775806", "9223372036854775807"),
        seed.parseList("9223372036854775805:9223372036854775807"));
    // a step as large as Long.MAX_VALUE: -2^63, -1, 2^63 - 2 (the next one would pass the end)
    assertEquals(List.of("-9223372036854775808", "-1", "9223372036854775806"),
        seed.parseList("-9223372036854775808:9223372036854775807:9223372036854775807"));
    assertEquals(List.of("9223372036854775806"), seed.parseList("9223372036854775806:9223372036854775807:2"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> seed.parseList("-9223372036854775808:9223372036854775807"));
    assertTrue(e.getMessage().contains("more than " + Parameter.MAX_VALUES), e.getMessage());
  }

  @Test
  void longAxesAreWrittenCompactlyAndReadBackAsTheSameValues() {
    Parameter seed = Parameter.longInteger("seed", "seeds", 0L);
    List<String> values = new java.util.ArrayList<>(seed.parseList("0:199999"));
    values.addAll(List.of("250000", "250002", "300000", "300001"));
    assertEquals(List.of("0:199999", "250000", "250002", "300000", "300001"), SweepSpec.ranges(values));
    assertEquals(List.of("5", "10:30:10", "31"), SweepSpec.ranges(List.of("5", "10", "20", "30", "31")));
    assertEquals(List.of("-9223372036854775808", "0", "9223372036854775807"),
        SweepSpec.ranges(List.of("-9223372036854775808", "0", "9223372036854775807")));
    List<String> expanded = new java.util.ArrayList<>();
    for (String r : SweepSpec.ranges(values)) {
      expanded.addAll(seed.parseList(r));
    }
    assertEquals(values, expanded);

    Parameter lambda = Parameter.real("lambda", "lambdas", 1.05);
    List<String> spaced = lambda.linspace(1.003, 1.1, 120);
    assertEquals("{from: 1.003, to: 1.1, points: 120}", SweepSpec.spaced(spaced));
    List<String> uneven = new java.util.ArrayList<>(spaced);
    uneven.set(7, "1.05");
    assertEquals(null, SweepSpec.spaced(uneven));
  }

  @Test
  void linspaceMatchesNumpy() {
    // numpy.linspace(1.003, 1.1, 5) printed with repr()
    Parameter lam = Parameter.real("lambda", "lambdas", 1.05).positive();
    assertEquals(List.of("1.003", "1.02725", "1.0514999999999999", "1.07575", "1.1"), lam.linspace(1.003, 1.1, 5));
  }

  @Test
  void badValuesNameTheKeyAndValue() {
    Parameter lr = Parameter.real("lr", "lr", 0.01).positive();
    Parameter n = Parameter.integer("input_size", "input_sizes", 35).atLeast(3);
    Parameter batch = Parameter.integer("batch", "batch", 32).atLeast(1);
    Parameter mode = Parameter.choice("mode", "mode", "paper", "paper", "exact");
    assertMessage("lr: -0.1 must be > 0", () -> lr.canonical(-0.1));
    assertMessage("lr: 'abc' is not a number", () -> lr.canonical("abc"));
    assertMessage("lr: 'NaN' is not a number", () -> lr.canonical("NaN"));
    assertMessage("input_sizes: 2 must be >= 3", () -> n.canonical(2));
    assertMessage("input_sizes: 2.5 is not an integer", () -> n.canonical(2.5));
    assertMessage("batch: 0 must be >= 1", () -> batch.canonical(0));
    assertMessage("input_sizes: empty range '30:25'", () -> n.parseList("30:25"));
    assertMessage("mode: 'fast' is not one of paper, exact", () -> mode.canonical("fast"));
    Parameter word = new Parameter("tag", "tags", Parameter.Type.STRING, null, Double.NEGATIVE_INFINITY, false,
        Double.POSITIVE_INFINITY, List.of(), "", null);
    assertThrows(IllegalArgumentException.class, () -> word.canonical("../etc"));
    assertThrows(IllegalArgumentException.class, () -> word.canonical("a/b"));
    assertThrows(IllegalArgumentException.class, () -> word.canonical("a,b"));
  }

  @Test
  void specRejectsUnknownKeysDuplicatesAndRepeats() {
    assertMessage("unknown key 'width' for experiment demo (known: dims, seeds, epochs, lr, mode)",
        () -> SweepSpec.builder(demo).parse("width", "3"));
    assertMessage("seeds: value 1 appears twice", () -> SweepSpec.builder(demo).parse("seeds", "1,0,1"));
    assertMessage("dims: given twice", () -> SweepSpec.builder(demo).parse("dims", "1").parse("dim", "2"));
  }

  @Test
  void gridIsACartesianProductWithTheFirstParameterSlowest() {
    SweepSpec spec = SweepSpec.builder(demo).parse("seeds", "0,1").parse("dims", "2:4").build();
    List<Run> grid = spec.expand();
    assertEquals(6, grid.size());
    List<String> order = grid.stream().map(r -> r.params().get("dim") + "/" + r.params().get("seed")).toList();
    assertEquals(List.of("2/0", "2/1", "3/0", "3/1", "4/0", "4/1"), order);
    for (int i = 0; i < grid.size(); i++) {
      assertEquals(i, grid.get(i).index());
    }
    assertEquals(List.of("dim", "seed", "epochs", "lr", "mode"), List.copyOf(grid.get(0).params().values().keySet()));
  }

  @Test
  void runKeyIsAPinnedHashOfTheCanonicalForm() {
    // expected: printf 'grokmeter-run-v1\ndemo\ndim=8\nseed=0\nepochs=20\nlr=0.05\nmode=normal\n' | sha256sum
    Run r = SweepSpec.builder(demo).build().expand().get(0);
    assertEquals("f1f5d5f2ba4905f7", r.key());
    assertEquals(0L, r.seed(), "an explicit seed parameter is the run's seed");
  }

  @Test
  void derivedSeedIsAPinnedHashOfMasterSeedAndKey() {
    // expected: python3 hashlib over 'grokmeter-seed-v1\n7\n' + key, first 8 bytes big-endian signed
    Run r = SweepSpec.builder(new DemoExperiment(false)).masterSeed(7).build().expand().get(0);
    assertEquals("aa5bb9853c0ba871", r.key());
    assertEquals(-546745866244612944L, r.seed());
  }

  @Test
  void addingGridPointsNeverChangesExistingRuns() {
    Experiment derived = new DemoExperiment(false);
    List<Run> small = SweepSpec.builder(derived).parse("dims", "2,3").masterSeed(5).build().expand();
    List<Run> large = SweepSpec.builder(derived).parse("dims", "1:6").parse("lr", "0.05,0.1").masterSeed(5)
        .build().expand();
    Map<String, Long> seeds = new HashMap<>();
    large.forEach(r -> seeds.put(r.key(), r.seed()));
    for (Run r : small) {
      assertEquals(r.seed(), seeds.get(r.key()), "run " + r.params() + " changed");
    }
    List<Run> otherMaster = SweepSpec.builder(derived).parse("dims", "2,3").masterSeed(6).build().expand();
    assertEquals(small.get(0).key(), otherMaster.get(0).key(), "the key does not depend on the master seed");
    assertNotEquals(small.get(0).seed(), otherMaster.get(0).seed());
    assertNotEquals(small.get(0).seed(), small.get(1).seed());
  }

  @Test
  void sweepIdChangesWithAnyAxisButNotWithValueSpelling() {
    String a = SweepSpec.builder(demo).parse("lr", "0.01,0.1").build().sweepId();
    String b = SweepSpec.builder(demo).values("lr", List.of("1e-2", 0.1)).build().sweepId();
    String c = SweepSpec.builder(demo).parse("lr", "0.01,0.2").build().sweepId();
    String d = SweepSpec.builder(demo).parse("lr", "0.01,0.1").masterSeed(1).build().sweepId();
    assertEquals(a, b);
    assertNotEquals(a, c);
    assertNotEquals(a, d);
  }

  @Test
  void shardsPartitionTheGridEvenlyByKey() {
    SweepSpec spec = SweepSpec.builder(demo).parse("dims", "1:21").parse("seeds", "0,1,2").build();
    List<Run> grid = spec.expand();
    Set<String> union = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      List<Run> part = new Shard(i, 4).select(grid);
      assertTrue(part.size() == 15 || part.size() == 16, "size " + part.size());
      for (int k = 1; k < part.size(); k++) {
        assertTrue(part.get(k - 1).index() < part.get(k).index(), "grid order kept");
      }
      for (Run r : part) {
        assertTrue(union.add(r.key()), "disjoint");
      }
    }
    assertEquals(grid.size(), union.size());
    // the split depends on the set of runs, not on the order the values were written in
    List<Run> reordered = SweepSpec.builder(demo).parse("seeds", "2,0,1").parse("dims", "21,1:20").build().expand();
    Set<String> a = new Shard(1, 4).select(grid).stream().map(Run::key).collect(Collectors.toSet());
    Set<String> b = new Shard(1, 4).select(reordered).stream().map(Run::key).collect(Collectors.toSet());
    assertEquals(a, b);
  }

  @Test
  void shardFromSchedulerEnvironment() {
    assertEquals(new Shard(2, 4), Shard.parse("2/4"));
    assertEquals(new Shard(2, 5), Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "3",
        "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_COUNT", "5")).orElseThrow());
    assertEquals(new Shard(1, 3), Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "12",
        "SLURM_ARRAY_TASK_MIN", "10", "SLURM_ARRAY_TASK_COUNT", "3", "SLURM_ARRAY_TASK_STEP", "2")).orElseThrow());
    assertEquals(new Shard(3, 8), Shard.fromEnvironment(Map.of("PBS_ARRAY_INDEX", "3",
        "GROKMETER_SHARD_COUNT", "8")).orElseThrow());
    assertTrue(Shard.fromEnvironment(Map.of("HOME", "/root")).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> Shard.fromEnvironment(Map.of("PBS_ARRAY_INDEX", "3")));
    assertThrows(IllegalArgumentException.class, () -> Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "3",
        "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "3")));
    assertThrows(IllegalArgumentException.class, () -> Shard.parse("3/3"));
    assertThrows(IllegalArgumentException.class, () -> Shard.parse("x/3"));
  }

  @Test
  void labelsAreSafeAndUnique() {
    List<Run> grid = SweepSpec.builder(demo).parse("dims", "2,3").parse("seeds", "0,1").build().expand();
    Map<String, String> labels = Sweep.labels(demo, grid);
    assertEquals("2_0", labels.get(grid.get(0).key()));
    List<Run> lrGrid = SweepSpec.builder(demo).parse("lr", "0.1,0.2").build().expand();
    Map<String, String> suffixed = Sweep.labels(demo, lrGrid);
    assertEquals("8_0_" + lrGrid.get(1).key(), suffixed.get(lrGrid.get(1).key()));
    Experiment evil = new DemoExperiment() {
      @Override
      public String runLabel(RunParams p) {
        return "../../etc/passwd";
      }
    };
    assertEquals(grid.get(0).key(), Sweep.labels(evil, grid).get(grid.get(0).key()));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    assertEquals(expected, ex.getMessage());
  }
}
