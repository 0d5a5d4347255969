package org.grokmeter.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Helpers shared by the sweep tests: compare result folders ignoring the timing column. */
final class SweepTestSupport {

  private SweepTestSupport() {}

  /** runs.csv with the {@code seconds} column blanked (the only column allowed to differ). */
  static String runsWithoutSeconds(Path dir) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve("runs.csv"), StandardCharsets.UTF_8);
    int sec = Csv.parse(lines.get(0)).indexOf("seconds");
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      List<String> f = Csv.parse(l);
      f.set(sec, "");
      out.add(String.join(",", f));
    }
    return String.join("\n", out) + "\n";
  }

  /** Every curves file, name → content. */
  static Map<String, String> curves(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir.resolve("curves"))) {
      for (Path p : s.toList()) {
        m.put(p.getFileName().toString(), Files.readString(p));
      }
    }
    return m;
  }

  static final Sweep.Progress QUIET = new Sweep.Progress() {};
}
