package org.grokmeter.experiment;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.grokmeter.UserInputException;

/**
 * Combines shard folders of one sweep into one complete folder, as if the sweep had run in one
 * process: same {@code runs.csv} rows in canonical order, all curves. Works from the folders alone
 * (no experiment classes needed): the shards' {@code store.properties} describe the grid.
 *
 * <p>Checks: every folder belongs to the same sweep (the same identity apart from the shard: sweep
 * id, experiment, master seed, columns and every axis, each consistent with its sweep id) and is a
 * shard of the same count, or a whole-grid folder such as an earlier merge; reports shards that
 * are absent or given twice, grid runs that no folder holds (missing), and runs held by more than
 * one folder (duplicated — identical apart from {@code seconds}, or conflicting).
 *
 * <p>Nothing is lost: the input folders are only read, and the output folder only grows. It is
 * locked like a sweep locks its folder (a sweep cannot write into it during a merge, nor a merge
 * into a running sweep's folder). Its rows are kept as they are and the inputs add the runs it
 * lacks; a folder holding runs that none of the inputs has is refused unless it is itself one of
 * the inputs ({@code merge --out M M shard3}). The merged folder is itself a resumable store of the
 * whole sweep: running the same sweep with {@code --out} on it fills in missing runs.
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

  /** One valid row and the folder it comes from. */
  private record Row(String line, Path from) {}

  public static Report merge(Path out, List<Path> shardDirs, Map<String, String> provenance) throws IOException {
    if (shardDirs.isEmpty()) {
      throw new UserInputException("merge: no shard folders given");
    }
    List<Path> inputs = List.copyOf(shardDirs);
    List<String> notes = new ArrayList<>();
    boolean outIsInput = inputs.stream().anyMatch(d -> isSame(d, out));

    // every input's identity, each checked against its own sweep id and against the first
    Map<String, String> first = null;
    Path firstDir = null;
    Map<Integer, Integer> shardUse = new HashMap<>();
    int count = -1;
    boolean wholeGridInput = false;
    for (Path d : inputs) {
      Map<String, String> m = identityOf(d);
      try {
        ResultStore.specOf(m);
      } catch (IllegalArgumentException | UserInputException e) {
        throw new UserInputException(d.resolve(ResultStore.IDENTITY) + ": " + e.getMessage(), e);
      }
      if (first == null) {
        first = m;
        firstDir = d;
      } else if (!first.get("sweep_id").equals(m.get("sweep_id"))) {
        throw new UserInputException(d + " belongs to a different sweep (sweep id " + m.get("sweep_id")
            + ", experiment " + m.get("experiment") + ") than " + firstDir + " (" + first.get("sweep_id") + ")");
      } else if (!withoutShard(first).equals(withoutShard(m))) {
        throw new UserInputException(d + " has another " + ResultStore.IDENTITY + " than " + firstDir
            + " for the same sweep id (" + firstDifference(withoutShard(first), withoutShard(m))
            + "); was it edited?");
      }
      Shard s = Shard.parse(m.get("shard"));
      if (s.count() == 1) {
        wholeGridInput = true;
        continue;
      }
      if (count < 0) {
        count = s.count();
      } else if (count != s.count()) {
        throw new UserInputException(d + " is shard " + s + " but an earlier folder is one of " + count
            + " shards; merge shards of one split");
      }
      shardUse.merge(s.index(), 1, Integer::sum);
    }
    SweepSpec spec = ResultStore.specOf(first);
    List<String> header = List.of(first.get("columns").split(",", -1));
    Map<String, String> want = ResultStore.identity(spec, Shard.ALL, header);
    List<Run> grid = spec.expand();
    Map<String, Run> byKey = new LinkedHashMap<>();
    for (Run r : grid) {
      byKey.put(r.key(), r);
    }
    String headerLine = Csv.line(header);

    // the inputs are read before the output folder is touched, so a bad input leaves it as it was
    List<Map<String, Row>> perInput = new ArrayList<>();
    for (Path d : inputs) {
      Map<String, Row> these = new LinkedHashMap<>();
      if (isSame(d, out)) {
        these = null; // read under the lock below
      } else if (!Files.exists(d.resolve(ResultStore.RUNS))) {
        notes.add(d + ": no runs.csv");
      } else {
        readRows(d, header, headerLine, byKey, these, notes);
      }
      perInput.add(these);
    }

    // the output folder: a new or empty folder, or a whole-grid folder of this very sweep
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new UserInputException(out + " is a file, not a folder; the merged results go into a folder");
    }
    if (Files.isDirectory(out)) {
      checkOutput(out, want);
    }
    ResultStore.createFolder(out);
    FileLock lock = ResultStore.lock(out);
    Report r;
    try {
      // read again under the lock: a sweep may have started or finished in between
      checkOutput(out, want);
      Map<String, Row> existing = new LinkedHashMap<>();
      if (Files.exists(out.resolve(ResultStore.RUNS))) {
        readRows(out, header, headerLine, byKey, existing, notes);
      }
      r = combine(out, outIsInput, inputs, perInput, existing, spec, grid, byKey, header, want, provenance, notes);
    } finally {
      ResultStore.unlock(out, lock, lock.channel());
    }
    List<Integer> missingShards = new ArrayList<>();
    List<Integer> repeatedShards = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = shardUse.getOrDefault(i, 0);
      if (n == 0 && !wholeGridInput) {
        missingShards.add(i);
      } else if (n > 1) {
        repeatedShards.add(i);
      }
    }
    return new Report(r.sweepId(), r.rows(), r.gridSize(), r.missing(), r.duplicated(), r.conflicting(),
        missingShards, repeatedShards, r.notes());
  }

  /**
   * The output folder's rows first (never replaced), then each input's in the order given; refuses
   * when the folder holds runs no input has and it is not an input itself; then writes.
   */
  private static Report combine(Path out, boolean outIsInput, List<Path> inputs, List<Map<String, Row>> perInput,
      Map<String, Row> existing, SweepSpec spec, List<Run> grid, Map<String, Run> byKey, List<String> header,
      Map<String, String> want, Map<String, String> provenance, List<String> notes) throws IOException {
    int secondsColumn = header.indexOf("seconds");
    Map<String, Row> rows = new HashMap<>(existing);
    List<String> duplicated = new ArrayList<>();
    List<String> conflicting = new ArrayList<>();
    Set<String> fromInputs = new HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      Map<String, Row> these = perInput.get(i);
      if (these == null) {
        fromInputs.addAll(existing.keySet());
        continue;
      }
      fromInputs.addAll(these.keySet());
      for (Map.Entry<String, Row> e : these.entrySet()) {
        String key = e.getKey();
        Row prev = rows.putIfAbsent(key, e.getValue());
        if (prev == null) {
          continue;
        }
        if (withoutSeconds(prev.line(), secondsColumn).equals(withoutSeconds(e.getValue().line(), secondsColumn))) {
          duplicated.add(key);
        } else {
          conflicting.add(key + " (" + prev.from() + " vs " + inputs.get(i) + ")");
        }
      }
    }
    if (!outIsInput) {
      List<String> only = new ArrayList<>();
      for (String key : existing.keySet()) {
        if (!fromInputs.contains(key)) {
          only.add(key);
        }
      }
      if (!only.isEmpty()) {
        throw new UserInputException(out + " already holds " + only.size() + " run(s) that none of the input"
            + " folders has (e.g. " + byKey.get(only.get(0)).params().values() + "); to keep them, give " + out
            + " as an input too, or choose another --out folder");
      }
    }

    List<String> missing = new ArrayList<>();
    StringBuilder canonical = new StringBuilder(Csv.line(header));
    int written = 0;
    for (Run r : grid) {
      Row row = rows.get(r.key());
      if (row == null) {
        missing.add(r.params().values().toString());
      } else {
        canonical.append(row.line());
        written++;
      }
    }

    writeMerged(out, spec, want, inputs, rows, header, canonical.toString(), provenance);
    return new Report(spec.sweepId(), written, grid.size(), missing, duplicated, conflicting, List.of(), List.of(),
        notes);
  }

  private static boolean isSame(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }

  /** A folder's identity, or a one-line refusal when it is not a sweep folder. */
  private static Map<String, String> identityOf(Path d) throws IOException {
    if (!Files.isDirectory(d)) {
      throw new UserInputException(d + (Files.exists(d) ? " is not a folder" : ": no such folder"));
    }
    Path id = d.resolve(ResultStore.IDENTITY);
    if (!Files.exists(id)) {
      throw new UserInputException(d + " is not a grokmeter sweep folder (no " + ResultStore.IDENTITY + ")");
    }
    Map<String, String> m = ResultStore.readIdentity(id);
    for (String k : List.of("sweep_id", "experiment", "master_seed", "shard", "columns")) {
      if (m.get(k) == null) {
        throw new UserInputException(id + ": no " + k + "; was it edited?");
      }
    }
    return m;
  }

  /** Refuses an output folder that is not empty and holds no whole-grid store of this sweep. */
  private static void checkOutput(Path out, Map<String, String> want) throws IOException {
    Path id = out.resolve(ResultStore.IDENTITY);
    if (Files.exists(id)) {
      Map<String, String> have = ResultStore.readIdentity(id);
      if (!want.equals(have)) {
        throw new UserInputException(out + " already holds another sweep or a shard (sweep id "
            + have.get("sweep_id") + ", shard " + have.get("shard") + "); choose another --out folder");
      }
    } else if (!ResultStore.isEffectivelyEmpty(out)) {
      throw new UserInputException(out + " is not empty and holds no grokmeter sweep; choose an empty"
          + " or new --out folder");
    }
  }

  /** The valid rows of a folder's runs.csv (first of each key), noting torn and skipped lines. */
  private static void readRows(Path d, List<String> header, String headerLine, Map<String, Run> byKey,
      Map<String, Row> into, List<String> notes) throws IOException {
    Path runsFile = d.resolve(ResultStore.RUNS);
    String text = ResultStore.readStoreFile(runsFile);
    int end = text.lastIndexOf('\n') + 1;
    if (end < text.length()) {
      notes.add(d + ": ignored a torn last line of runs.csv");
    }
    String[] lines = text.substring(0, end).split("\n", -1);
    if (lines.length < 2 || !(lines[0] + "\n").equals(headerLine)) {
      throw new UserInputException(runsFile + ": header does not match the sweep's columns");
    }
    int bad = 0;
    for (int i = 1; i < lines.length - 1; i++) {
      String key = ResultStore.validRow(lines[i], header, byKey, d);
      if (key == null || into.containsKey(key)) {
        bad++;
        continue;
      }
      into.put(key, new Row(lines[i] + "\n", d));
    }
    if (bad > 0) {
      notes.add(runsFile + ": skipped " + bad + " row(s) that are not valid, distinct runs of this sweep");
    }
  }

  private static void writeMerged(Path out, SweepSpec spec, Map<String, String> identity, List<Path> inputs,
      Map<String, Row> rows, List<String> header, String runsCsv, Map<String, String> provenance)
      throws IOException {
    Path id = out.resolve(ResultStore.IDENTITY);
    if (!Files.exists(id)) {
      ResultStore.writeAtomically(id, ResultStore.formatIdentity(identity));
    }
    ResultStore.writeAtomically(out.resolve(ResultStore.CONFIG), "# grokmeter sweep, resolved (merged from "
        + inputs.size() + " folders).\n" + spec.toYaml());
    // the curves of the rows taken from other folders; a row already here keeps its own file
    Path curves = out.resolve(ResultStore.CURVES);
    Files.createDirectories(curves);
    int curvesColumn = header.size() - 2;
    List<String> keys = new ArrayList<>(rows.keySet());
    Collections.sort(keys);
    for (String key : keys) {
      Row row = rows.get(key);
      if (isSame(row.from(), out)) {
        continue;
      }
      String rel = Csv.parse(row.line().strip()).get(curvesColumn);
      if (rel.isEmpty()) {
        continue;
      }
      Path target = out.resolve(rel);
      Path tmp = curves.resolve("." + target.getFileName() + ".tmp");
      Files.copy(row.from().resolve(rel), tmp, StandardCopyOption.REPLACE_EXISTING);
      ResultStore.move(tmp, target);
    }
    StringBuilder prov = new StringBuilder("[merge " + Instant.now() + "]\n");
    provenance.forEach((k, v) -> prov.append(k).append(": ").append(Sweep.oneLine(v)).append('\n'));
    prov.append('\n');
    for (Path d : inputs) {
      if (isSame(d, out)) {
        continue;
      }
      Path p = d.resolve(ResultStore.PROVENANCE);
      prov.append("[from ").append(d).append("]\n");
      if (Files.exists(p)) {
        prov.append(ResultStore.readStoreFile(p));
      }
    }
    // appended: the sessions that wrote here before stay on record
    Path provenanceFile = out.resolve(ResultStore.PROVENANCE);
    String before = Files.exists(provenanceFile) ? ResultStore.readStoreFile(provenanceFile) : "";
    ResultStore.writeAtomically(provenanceFile, before + prov);
    ResultStore.writeAtomically(out.resolve(ResultStore.RUNS), runsCsv);
  }

  private static Map<String, String> withoutShard(Map<String, String> identity) {
    Map<String, String> m = new LinkedHashMap<>(identity);
    m.remove("shard");
    return m;
  }

  private static String firstDifference(Map<String, String> a, Map<String, String> b) {
    Set<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (String k : keys) {
      if (!Objects.equals(a.get(k), b.get(k))) {
        return k + " differs";
      }
    }
    return "no difference";
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
