package org.grokmeter.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Combines shard folders of one sweep into one complete folder, as if the sweep had run in one
 * process: same {@code runs.csv} rows in canonical order, all curves. Works from the folders alone
 * (no experiment classes needed): the shards' {@code store.properties} describe the grid.
 *
 * <p>Checks: every folder belongs to the same sweep (same sweep id) and is a shard of the same
 * count; reports shards that are absent or given twice, grid runs that no folder holds (missing),
 * and runs held by more than one folder (duplicated — identical apart from {@code seconds}, or
 * conflicting). The shard folders are only read. The merged folder is itself a resumable store of
 * the whole sweep: running the same sweep with {@code --out} on it fills in missing runs.
 */
public final class Merge {

  private Merge() {}

  /**
   * @param rows rows written
   * @param gridSize runs in the sweep
   * @param missing parameters of grid runs no shard holds, in grid order
   * @param duplicated keys found in more than one folder with identical results
   * @param conflicting keys found in more than one folder with different results (first kept)
   * @param missingShards shard indices no folder was given for
   * @param repeatedShards shard indices given more than once
   */
  public record Report(String sweepId, int rows, long gridSize, List<String> missing, List<String> duplicated,
      List<String> conflicting, List<Integer> missingShards, List<Integer> repeatedShards, List<String> notes) {
    public boolean clean() {
      return missing.isEmpty() && conflicting.isEmpty() && missingShards.isEmpty();
    }
  }

  public static Report merge(Path out, List<Path> shardDirs, Map<String, String> provenance) throws IOException {
    if (shardDirs.isEmpty()) {
      throw new IllegalArgumentException("merge: no shard folders given");
    }
    Path outAbs = out.toAbsolutePath().normalize();
    Map<String, String> first = null;
    Path firstDir = null;
    Map<Integer, Integer> shardUse = new HashMap<>();
    int count = -1;
    for (Path d : shardDirs) {
      if (d.toAbsolutePath().normalize().equals(outAbs)) {
        throw new IllegalArgumentException("merge: the output folder " + out + " is also an input");
      }
      Path id = d.resolve(ResultStore.IDENTITY);
      if (!Files.isRegularFile(id)) {
        throw new IllegalArgumentException(d + " is not a grokmeter sweep folder (no " + ResultStore.IDENTITY + ")");
      }
      Map<String, String> m = ResultStore.readIdentity(id);
      if (first == null) {
        first = m;
        firstDir = d;
      } else {
        if (!first.get("sweep_id").equals(m.get("sweep_id"))) {
          throw new IllegalArgumentException(d + " belongs to a different sweep (sweep id " + m.get("sweep_id")
              + ", experiment " + m.get("experiment") + ") than " + firstDir + " (" + first.get("sweep_id") + ")");
        }
        if (!first.get("columns").equals(m.get("columns"))) {
          throw new IllegalArgumentException(d + " has other runs.csv columns than " + firstDir);
        }
      }
      Shard s = Shard.parse(m.get("shard"));
      if (count < 0) {
        count = s.count();
      } else if (count != s.count()) {
        throw new IllegalArgumentException(d + " is shard " + s + " but " + firstDir + " is one of " + count
            + " shards; merge shards of one split");
      }
      shardUse.merge(s.index(), 1, Integer::sum);
    }
    SweepSpec spec = ResultStore.specOf(first);
    List<Run> grid = spec.expand();
    Map<String, Run> byKey = new LinkedHashMap<>();
    for (Run r : grid) {
      byKey.put(r.key(), r);
    }
    List<String> header = List.of(first.get("columns").split(",", -1));
    String headerLine = Csv.line(header);
    int secondsColumn = header.indexOf("seconds");

    Map<String, String> rows = new HashMap<>();
    Map<String, Path> from = new HashMap<>();
    List<String> duplicated = new ArrayList<>();
    List<String> conflicting = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Path d : shardDirs) {
      Path runsFile = d.resolve(ResultStore.RUNS);
      if (!Files.exists(runsFile)) {
        notes.add(d + ": no runs.csv");
        continue;
      }
      String text = Files.readString(runsFile, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n') + 1;
      if (end < text.length()) {
        notes.add(d + ": ignored a torn last line of runs.csv");
      }
      String[] lines = text.substring(0, end).split("\n", -1);
      if (lines.length < 2 || !(lines[0] + "\n").equals(headerLine)) {
        throw new IllegalArgumentException(runsFile + ": header does not match the sweep's columns");
      }
      int bad = 0;
      for (int i = 1; i < lines.length - 1; i++) {
        List<String> f = Csv.parse(lines[i]);
        String key = f == null || f.size() != header.size() ? null : f.get(header.size() - 1);
        Run run = key == null ? null : byKey.get(key);
        if (run == null || !f.subList(0, run.params().values().size())
            .equals(new ArrayList<>(run.params().values().values()))) {
          bad++;
          continue;
        }
        String line = lines[i] + "\n";
        String prev = rows.putIfAbsent(key, line);
        if (prev != null) {
          rows.put(key, prev);
          if (withoutSeconds(prev, secondsColumn).equals(withoutSeconds(line, secondsColumn))) {
            duplicated.add(key);
          } else {
            conflicting.add(key + " (" + from.get(key) + " vs " + d + ")");
          }
        } else {
          from.put(key, d);
        }
      }
      if (bad > 0) {
        notes.add(runsFile + ": skipped " + bad + " row(s) that are not runs of this sweep");
      }
    }

    List<String> missing = new ArrayList<>();
    StringBuilder canonical = new StringBuilder(headerLine);
    int written = 0;
    for (Run r : grid) {
      String line = rows.get(r.key());
      if (line == null) {
        missing.add(r.params().values().toString());
      } else {
        canonical.append(line);
        written++;
      }
    }
    List<Integer> missingShards = new ArrayList<>();
    List<Integer> repeatedShards = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = shardUse.getOrDefault(i, 0);
      if (n == 0) {
        missingShards.add(i);
      } else if (n > 1) {
        repeatedShards.add(i);
      }
    }

    writeMerged(out, spec, header, first, shardDirs, canonical.toString(), provenance);
    return new Report(spec.sweepId(), written, grid.size(), missing, duplicated, conflicting, missingShards,
        repeatedShards, notes);
  }

  private static void writeMerged(Path out, SweepSpec spec, List<String> header, Map<String, String> identity,
      List<Path> shardDirs, String runsCsv, Map<String, String> provenance) throws IOException {
    Files.createDirectories(out);
    Path id = out.resolve(ResultStore.IDENTITY);
    Map<String, String> want = ResultStore.identity(spec, Shard.ALL, header);
    if (Files.exists(id)) {
      Map<String, String> have = ResultStore.readIdentity(id);
      if (!want.equals(have)) {
        throw new IllegalArgumentException(out + " already holds another sweep or a shard (sweep id "
            + have.get("sweep_id") + ", shard " + have.get("shard") + "); choose another --out folder");
      }
    } else {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(out)) {
        if (s.iterator().hasNext()) {
          throw new IllegalArgumentException(out + " is not empty and holds no grokmeter sweep; choose an empty"
              + " or new --out folder");
        }
      }
      ResultStore.writeAtomically(id, ResultStore.formatIdentity(want));
    }
    ResultStore.writeAtomically(out.resolve(ResultStore.CONFIG), "# grokmeter sweep, resolved (merged from "
        + shardDirs.size() + " shard folders).\n" + spec.toYaml());
    Path curves = out.resolve(ResultStore.CURVES);
    Files.createDirectories(curves);
    for (Path d : shardDirs) {
      Path src = d.resolve(ResultStore.CURVES);
      if (!Files.isDirectory(src)) {
        continue;
      }
      try (DirectoryStream<Path> s = Files.newDirectoryStream(src, "*.csv")) {
        for (Path p : new TreeSet<>(toList(s))) {
          String name = p.getFileName().toString();
          if (name.startsWith(".") || !Files.isRegularFile(p)) {
            continue;
          }
          Path tmp = curves.resolve("." + name + ".tmp");
          Files.copy(p, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          ResultStore.move(tmp, curves.resolve(name));
        }
      }
    }
    StringBuilder prov = new StringBuilder("[merge]\n");
    provenance.forEach((k, v) -> prov.append(k).append(": ").append(Sweep.oneLine(v)).append('\n'));
    prov.append('\n');
    for (Path d : shardDirs) {
      Path p = d.resolve(ResultStore.PROVENANCE);
      prov.append("[from ").append(d).append("]\n");
      if (Files.exists(p)) {
        prov.append(Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    ResultStore.writeAtomically(out.resolve(ResultStore.PROVENANCE), prov.toString());
    ResultStore.writeAtomically(out.resolve(ResultStore.RUNS), runsCsv);
  }

  private static List<Path> toList(DirectoryStream<Path> s) {
    List<Path> l = new ArrayList<>();
    s.forEach(l::add);
    return l;
  }

  private static String withoutSeconds(String line, int secondsColumn) {
    List<String> f = Csv.parse(line.strip());
    if (f == null || secondsColumn < 0) {
      return line;
    }
    f.set(secondsColumn, "");
    return String.join("\u0000", f);
  }
}
