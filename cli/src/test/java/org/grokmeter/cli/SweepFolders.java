package org.grokmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.grokmeter.experiment.Experiment;
import org.grokmeter.experiment.Shard;
import org.grokmeter.experiment.Sweep;
import org.grokmeter.experiment.SweepSpec;

/** Reading, comparing and damaging result-store folders, for the tests of the sweeping commands. */
public final class SweepFolders {

  private SweepFolders() {}

  /**
   * {@code actual} holds what {@code expected} holds: the same runs.csv apart from the seconds
   * column, the same curves files and the same trend.csv, to the byte.
   */
  public static void assertSameResults(Path expected, Path actual) throws IOException {
    assertEquals(runsWithoutSeconds(expected), runsWithoutSeconds(actual), "runs.csv");
    assertEquals(curves(expected), curves(actual), "curves files");
    assertEquals(Files.readString(expected.resolve("trend.csv")), Files.readString(actual.resolve("trend.csv")),
        "trend.csv");
  }

  /** runs.csv with the seconds column blanked: the only column allowed to differ. */
  public static String runsWithoutSeconds(Path dir) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve("runs.csv"), StandardCharsets.UTF_8);
    int sec = List.of(lines.get(0).split(",")).indexOf("seconds");
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      String[] f = l.split(",", -1);
      f[sec] = "";
      sb.append(String.join(",", f)).append('\n');
    }
    return sb.toString();
  }

  /** Every curves file, name → content. */
  public static Map<String, String> curves(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir.resolve("curves"))) {
      for (Path p : s.toList()) {
        m.put(p.getFileName().toString(), Files.readString(p));
      }
    }
    return m;
  }

  /** Rows (lines after the header) in runs.csv, 0 when there is none yet. */
  public static int rows(Path out) throws IOException {
    Path f = out.resolve("runs.csv");
    if (!Files.exists(f)) {
      return 0;
    }
    String text = Files.readString(f, StandardCharsets.UTF_8);
    return Math.max(0, (int) text.chars().filter(c -> c == '\n').count() - 1);
  }

  /**
   * Leaves {@code out} as a sweep killed after {@code finished} runs leaves it: the real engine runs
   * the sweep on one thread and stops dead after the {@code finished}-th commit, then the first half of a
   * row that was being written when the process died is appended (a torn last line).
   */
  public static void interrupted(Experiment experiment, SweepSpec spec, Path out, int finished) throws Exception {
    Sweep.Progress dieAfter = new Sweep.Progress() {
      @Override
      public void finished(Sweep.RunResult result, int done, int total) {
        if (done == finished) {
          throw new IllegalStateException("killed");
        }
      }
    };
    try {
      Sweep.run(experiment, spec, Shard.ALL, out, 1, dieAfter, Map.of());
      throw new AssertionError("the sweep was not interrupted");
    } catch (IllegalStateException e) {
      if (!"killed".equals(e.getMessage())) {
        throw e;
      }
    }
    List<String> lines = Files.readAllLines(out.resolve("runs.csv"), StandardCharsets.UTF_8);
    String last = lines.get(lines.size() - 1);
    Files.writeString(out.resolve("runs.csv"), last.substring(0, last.length() / 2), StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }
}
