package org.grokmeter.experiment;

import static org.grokmeter.experiment.SweepTestSupport.QUIET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.grokmeter.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder lock: held while a store is open, gone after a clean close, a stale one taken over. */
class StoreLockTest {

  private final Experiment demo = new DemoExperiment();

  private SweepSpec spec() {
    return SweepSpec.builder(demo).parse("dims", "1:2").parse("seeds", "0").parse("epochs", "4").build();
  }

  private ResultStore open(Path dir) throws Exception {
    return ResultStore.open(dir, spec(), Shard.ALL, demo.resultColumns(), spec().expand(), Map.of());
  }

  @Test
  void aFinishedSweepLeavesNoLockFile(@TempDir Path tmp) throws Exception {
    Sweep.Summary s = Sweep.run(demo, spec(), Shard.ALL, tmp, 1, QUIET, Map.of());
    assertTrue(s.complete());
    assertFalse(Files.exists(tmp.resolve(ResultStore.LOCK)));
  }

  @Test
  void theLockIsHeldWhileOpenAndReleasedOnClose(@TempDir Path tmp) throws Exception {
    try (ResultStore store = open(tmp)) {
      assertTrue(Files.exists(tmp.resolve(ResultStore.LOCK)));
      UserInputException e = assertThrows(UserInputException.class, () -> open(tmp));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
      assertEquals(List.of(), store.notes());
    }
    assertFalse(Files.exists(tmp.resolve(ResultStore.LOCK)));
    // released: the next writer gets it, and is itself exclusive
    try (ResultStore again = open(tmp)) {
      assertThrows(UserInputException.class, () -> open(tmp));
    }
    assertFalse(Files.exists(tmp.resolve(ResultStore.LOCK)));
  }

  @Test
  void aStaleLockFileOfAKilledProcessIsTakenOver(@TempDir Path tmp) throws Exception {
    // A killed process leaves the file, but the operating system has dropped its lock.
    Files.writeString(tmp.resolve(ResultStore.LOCK), "pid 2147483647 killed\n");
    Sweep.Summary s = Sweep.run(demo, spec(), Shard.ALL, tmp, 1, QUIET, Map.of());
    assertTrue(s.complete());
    assertFalse(Files.exists(tmp.resolve(ResultStore.LOCK)));
  }
}
