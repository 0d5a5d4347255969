package org.grokmeter.experiment;

import static org.grokmeter.experiment.SweepTestSupport.QUIET;
import static org.grokmeter.experiment.SweepTestSupport.curves;
import static org.grokmeter.experiment.SweepTestSupport.runsWithoutSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.grokmeter.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepAndStoreTest {

  private final Experiment demo = new DemoExperiment();

  private SweepSpec spec() {
    return SweepSpec.builder(demo).parse("dims", "1:6").parse("seeds", "0,1").parse("epochs", "12").build();
  }

  private Sweep.Summary run(SweepSpec spec, Shard shard, Path out, int threads) throws Exception {
    return Sweep.run(demo, spec, shard, out, threads, QUIET, Map.of());
  }

  @Test
  void resultsDoNotDependOnThreadCount(@TempDir Path tmp) throws Exception {
    Sweep.Summary one = run(spec(), Shard.ALL, tmp.resolve("t1"), 1);
    Sweep.Summary three = run(spec(), Shard.ALL, tmp.resolve("t3"), 3);
    assertEquals(12, one.total());
    assertEquals(12, three.ran());
    assertTrue(one.complete() && three.complete());
    assertEquals(runsWithoutSeconds(tmp.resolve("t1")), runsWithoutSeconds(tmp.resolve("t3")));
    assertEquals(curves(tmp.resolve("t1")), curves(tmp.resolve("t3")));
    assertEquals(12, curves(tmp.resolve("t1")).size());
    assertTrue(curves(tmp.resolve("t1")).containsKey("6_1.csv"));

    List<String> lines = Files.readAllLines(tmp.resolve("t1/runs.csv"));
    assertEquals("dim,seed,epochs,lr,mode,final_train_acc,final_val_acc,first_epoch_val_099,weight_norm,"
        + "status,seconds,run_seed,curves,key", lines.get(0));
    assertEquals(13, lines.size());
    assertTrue(lines.get(1).startsWith("1,0,12,0.05,normal,"), lines.get(1));
    assertTrue(lines.get(12).startsWith("6,1,12,0.05,normal,"), lines.get(12));
    // the task is learnable: the 1-d runs generalise; a different seed gives a different run
    assertTrue(lines.get(1).contains(",ok,"), lines.get(1));
    assertNotEquals(curves(tmp.resolve("t1")).get("1_0.csv"), curves(tmp.resolve("t1")).get("1_1.csv"));
    String config = Files.readString(tmp.resolve("t1/sweep.yaml"));
    assertTrue(config.contains("dims: [1, 2, 3, 4, 5, 6]"), config);
    String prov = Files.readString(tmp.resolve("t3/provenance.txt"));
    assertTrue(prov.contains("threads: 3") && prov.contains("sweep_id: " + spec().sweepId()), prov);
  }

  @Test
  void resumeAfterAnInterruptionEndsWithTheUninterruptedRows(@TempDir Path tmp) throws Exception {
    Path ref = tmp.resolve("ref");
    run(spec(), Shard.ALL, ref, 2);

    // Simulate a sweep killed mid-way: some runs committed in a scrambled completion order,
    // one run's curves written without its row, then a torn half row at the end.
    Path out = tmp.resolve("resumed");
    List<Run> grid = spec().expand();
    Map<String, String> labels = Sweep.labels(demo, grid);
    List<Run> done = new ArrayList<>(grid.subList(0, 7));
    Collections.shuffle(done, new Random(3));
    try (ResultStore store = ResultStore.open(out, spec(), Shard.ALL, demo.resultColumns(), grid, Map.of())) {
      for (Run r : done) {
        store.record(r, labels.get(r.key()), Sweep.execute(demo, r), 0.5);
      }
    }
    Files.writeString(out.resolve("curves/" + labels.get(grid.get(9).key()) + ".csv"), "half-written junk");
    String before = Files.readString(out.resolve("runs.csv"));
    String[] lines = before.split("\n");
    Files.writeString(out.resolve("runs.csv"), lines[3].substring(0, 17), StandardOpenOption.APPEND);

    Sweep.Summary s = run(spec(), Shard.ALL, out, 2);
    assertEquals(7, s.skipped());
    assertEquals(5, s.ran());
    assertTrue(s.complete());
    assertTrue(s.notes().get(0).contains("torn"), s.notes().toString());
    assertEquals(runsWithoutSeconds(ref), runsWithoutSeconds(out));
    assertEquals(curves(ref), curves(out));

    // a second start finds everything done and changes nothing
    String finished = Files.readString(out.resolve("runs.csv"));
    Sweep.Summary again = run(spec(), Shard.ALL, out, 2);
    assertEquals(0, again.ran());
    assertEquals(finished, Files.readString(out.resolve("runs.csv")));
  }

  @Test
  void invalidAndRepeatedRowsAreDroppedAndRedone(@TempDir Path tmp) throws Exception {
    Path ref = tmp.resolve("ref");
    run(spec(), Shard.ALL, ref, 1);
    Path out = tmp.resolve("out");
    run(spec(), Shard.ALL, out, 1);
    List<String> lines = new ArrayList<>(Files.readAllLines(out.resolve("runs.csv")));
    lines.add(lines.get(2));                                   // a repeated row
    lines.set(4, lines.get(4).replaceFirst("^2,1,", "2,7,"));  // params that do not match the key
    lines.set(5, lines.get(5).substring(0, 10));               // a damaged row in the middle
    Files.write(out.resolve("runs.csv"), lines);
    // a row whose curves rename a power cut undid (renames are made durable at finish, not per run)
    Files.delete(out.resolve("curves/4_0.csv"));
    Sweep.Summary s = run(spec(), Shard.ALL, out, 2);
    assertEquals(3, s.ran());
    assertEquals(runsWithoutSeconds(ref), runsWithoutSeconds(out));
  }

  @Test
  void anExceptionIsARecordedStatusNotACrash(@TempDir Path tmp) throws Exception {
    SweepSpec spec = SweepSpec.builder(demo).parse("dims", "1,2").values("mode", List.of("normal", "throw")).build();
    Sweep.Summary s = run(spec, Shard.ALL, tmp, 2);
    assertTrue(s.complete());
    assertEquals(4, s.total());
    assertEquals(Map.of("ok", 2, "error:IllegalStateException: demo failure at dim 1 second line", 1,
        "error:IllegalStateException: demo failure at dim 2 second line", 1), s.statusCounts());
    List<String> lines = Files.readAllLines(tmp.resolve("runs.csv"));
    assertEquals(5, lines.size());
    assertTrue(lines.get(2).contains(",throw,,,,,error:IllegalStateException: demo failure at dim 1 second line,"),
        lines.get(2));
  }

  @Test
  void aFolderOfAnotherSweepOrShardIsRefused(@TempDir Path tmp) throws Exception {
    run(spec(), Shard.ALL, tmp.resolve("a"), 2);
    SweepSpec other = SweepSpec.builder(demo).parse("dims", "1:3").build();
    UserInputException e = assertThrows(UserInputException.class,
        () -> run(other, Shard.ALL, tmp.resolve("a"), 1));
    assertTrue(e.getMessage().contains("belongs to a different sweep"), e.getMessage());
    e = assertThrows(UserInputException.class, () -> run(spec(), new Shard(0, 2), tmp.resolve("a"), 1));
    assertTrue(e.getMessage().contains("holds shard 0/1"), e.getMessage());
    Files.createDirectories(tmp.resolve("home"));
    Files.writeString(tmp.resolve("home/notes.txt"), "precious");
    e = assertThrows(UserInputException.class, () -> run(spec(), Shard.ALL, tmp.resolve("home"), 1));
    assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
    assertEquals("precious", Files.readString(tmp.resolve("home/notes.txt")));
  }

  @Test
  void aSecondWriterIsRefused(@TempDir Path tmp) throws Exception {
    List<Run> grid = spec().expand();
    try (ResultStore store = ResultStore.open(tmp, spec(), Shard.ALL, demo.resultColumns(), grid, Map.of())) {
      UserInputException e = assertThrows(UserInputException.class,
          () -> ResultStore.open(tmp, spec(), Shard.ALL, demo.resultColumns(), grid, Map.of()));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
      assertFalse(store.isFinished(grid.get(0).key()));
    }
  }

  @Test
  void shardsMergeToTheSingleProcessResult(@TempDir Path tmp) throws Exception {
    Path single = tmp.resolve("single");
    run(spec(), Shard.ALL, single, 2);
    List<Path> parts = new ArrayList<>();
    int rows = 0;
    for (int i = 0; i < 3; i++) {
      Path p = tmp.resolve("shard" + i);
      rows += run(spec(), new Shard(i, 3), p, 1).total();
      parts.add(p);
    }
    assertEquals(12, rows);
    Merge.Report r = Merge.merge(tmp.resolve("merged"), parts, Map.of());
    assertTrue(r.clean(), r.toString());
    assertEquals(12, r.rows());
    assertEquals(runsWithoutSeconds(single), runsWithoutSeconds(tmp.resolve("merged")));
    assertEquals(curves(single), curves(tmp.resolve("merged")));
    assertEquals(Files.readString(single.resolve("store.properties")),
        Files.readString(tmp.resolve("merged/store.properties")));

    // a missing shard is reported, and the merged folder resumes into the complete sweep
    Path partial = tmp.resolve("partial");
    Merge.Report p = Merge.merge(partial, List.of(parts.get(0), parts.get(2), parts.get(2)), Map.of());
    assertFalse(p.clean());
    assertEquals(List.of(1), p.missingShards());
    assertEquals(List.of(2), p.repeatedShards());
    assertEquals(4, p.missing().size());
    assertEquals(4, p.duplicated().size());
    Sweep.Summary filled = run(spec(), Shard.ALL, partial, 2);
    assertEquals(4, filled.ran());
    assertEquals(runsWithoutSeconds(single), runsWithoutSeconds(partial));

    // shards of another sweep are refused
    Path otherShard = tmp.resolve("other");
    run(SweepSpec.builder(demo).parse("dims", "1:2").build(), new Shard(1, 3), otherShard, 1);
    UserInputException e = assertThrows(UserInputException.class,
        () -> Merge.merge(tmp.resolve("m2"), List.of(parts.get(0), otherShard), Map.of()));
    assertTrue(e.getMessage().contains("different sweep"), e.getMessage());
  }

  /** A merged folder only grows: its rows stay byte for byte, the inputs add what it lacks. */
  @Test
  void mergeIntoAMergedFolderKeepsItsRowsAndAddsTheMissingOnes(@TempDir Path tmp) throws Exception {
    List<Path> parts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path p = tmp.resolve("shard" + i);
      run(spec(), new Shard(i, 2), p, 1);
      parts.add(p);
    }
    Path merged = tmp.resolve("merged");
    Merge.Report first = Merge.merge(merged, List.of(parts.get(0)), Map.of());
    assertEquals(6, first.rows());
    List<String> before = Files.readAllLines(merged.resolve("runs.csv"));

    // the shard alone would shrink it: refused, and nothing changes
    UserInputException e = assertThrows(UserInputException.class,
        () -> Merge.merge(merged, List.of(parts.get(1)), Map.of()));
    assertTrue(e.getMessage().contains("none of the input folders has"), e.getMessage());
    assertEquals(before, Files.readAllLines(merged.resolve("runs.csv")));

    // with the merged folder as an input it grows to the whole grid, its own rows untouched
    Merge.Report second = Merge.merge(merged, List.of(merged, parts.get(1)), Map.of());
    assertTrue(second.clean(), second.toString());
    assertEquals(12, second.rows());
    List<String> after = Files.readAllLines(merged.resolve("runs.csv"));
    assertTrue(after.containsAll(before), "rows kept");
    Path single = tmp.resolve("single");
    run(spec(), Shard.ALL, single, 2);
    assertEquals(runsWithoutSeconds(single), runsWithoutSeconds(merged));
    assertEquals(curves(single), curves(merged));
    String provenance = Files.readString(merged.resolve("provenance.txt"));
    assertEquals(2, provenance.split("\\[merge ", -1).length - 1, "both merges on record: " + provenance);

    // merging again changes no row
    Merge.merge(merged, List.of(merged, parts.get(0), parts.get(1)), Map.of());
    assertEquals(after, Files.readAllLines(merged.resolve("runs.csv")));
  }

  @Test
  void mergeWaitsForNoOneAndWritesNothingIntoALockedFolder(@TempDir Path tmp) throws Exception {
    Path shard = tmp.resolve("shard0");
    run(spec(), new Shard(0, 2), shard, 1);
    Path out = tmp.resolve("running");
    run(spec(), Shard.ALL, out, 1);
    List<String> before = Files.readAllLines(out.resolve("runs.csv"));
    try (ResultStore writer = ResultStore.open(out, spec(), Shard.ALL, demo.resultColumns(), spec().expand(),
        Map.of())) {
      UserInputException e = assertThrows(UserInputException.class,
          () -> Merge.merge(out, List.of(out, shard), Map.of()));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }
    assertEquals(before, Files.readAllLines(out.resolve("runs.csv")));
  }

  @Test
  void runsThatDoNotFitTogetherRunFewerAtOnce() {
    long half = org.grokmeter.Limits.heapBytes() / 2;
    Experiment large = new DemoExperiment() {
      @Override
      public long heapBytes(RunParams p) {
        return half;
      }
    };
    List<String> notes = new ArrayList<>();
    assertEquals(1, Sweep.parallelRuns(large, spec().expand(), 4, notes));
    assertTrue(notes.size() == 1 && notes.get(0).contains("running 1 run at once instead of 4"), notes.toString());
    notes.clear();
    assertEquals(4, Sweep.parallelRuns(demo, spec().expand(), 4, notes));
    assertTrue(notes.isEmpty(), notes.toString());
  }

  @Test
  void rowsAreSingleLinesEvenWithHostileText() {
    assertEquals("a b, \"c\"", Sweep.oneLine("a\nb, \"c\"\r"));
    String line = Csv.line(List.of("x", "a, \"b\"", ""));
    assertEquals("x,\"a, \"\"b\"\"\",\n", line);
    assertEquals(List.of("x", "a, \"b\"", ""), Csv.parse(line.strip()));
    assertEquals(null, Csv.parse("\"unterminated"));
  }
}
