package org.grokmeter.experiment;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.grokmeter.Limits;
import org.grokmeter.UserInputException;

/**
 * The output folder of one sweep (or one shard of it):
 * <pre>
 *   store.properties   identity: format, sweep id, experiment, master seed, shard, resolved axes
 *   sweep.yaml         the resolved configuration (re-runnable with {@code grokmeter sweep})
 *   provenance.txt     one section per session that wrote here (commit, JDK, kernels, threads, host…)
 *   runs.csv           one row per finished run: parameters, results, status, seconds, run_seed,
 *                      curves (the run's curves file, relative), key
 *   curves/LABEL.csv   each run's curves
 * </pre>
 *
 * <h2>Why the writes are safe</h2>
 * {@code runs.csv} is the journal. A finished run is committed in two steps: its curves file is
 * written to a hidden temporary file, forced to disk and renamed into place (atomic; the directory
 * is forced at finish and close, not per run); then its row
 * is appended to {@code runs.csv} as ONE {@code write} of the complete line followed by
 * {@code fsync}. The row is the commit point: a run without a row is unfinished and is redone (its
 * curves file is simply replaced). Values never contain line breaks, so the only damage a kill or a
 * power cut can do is a last line without its newline; {@link #open} cuts such a torn tail off, and
 * also drops rows that fail validation (wrong field count, a key that is not in this shard, parameter
 * values that do not match the key, a curves file that is not there — a rename a power cut undid)
 * or repeat a key.
 *
 * <p>Rows are appended in completion order (which depends on threads and timing). When the last run
 * of the shard is committed, {@link #finish} rewrites {@code runs.csv} in canonical grid order
 * through a temporary file and an atomic rename, so a finished folder is byte-for-byte what any
 * other complete run of the same sweep writes, apart from the {@code seconds} column.
 *
 * <p>One process at a time: an exclusive lock on {@code .grokmeter.lock} refuses a second writer.
 * Closing the store deletes the file; a process killed mid-sweep leaves it behind unlocked (the
 * operating system drops the lock with the process), and the next sweep takes it over.
 * A folder that holds a different sweep (or another shard) is refused, never mixed.
 */
public final class ResultStore implements Closeable {

  public static final String RUNS = "runs.csv";
  public static final String CONFIG = "sweep.yaml";
  public static final String IDENTITY = "store.properties";
  public static final String PROVENANCE = "provenance.txt";
  public static final String CURVES = "curves";
  static final String LOCK = ".grokmeter.lock";
  /** Tries at taking the lock when its file keeps being replaced under us (see {@link #lock}). */
  private static final int LOCK_ATTEMPTS = 100;
  static final String FORMAT = "grokmeter-store-v1";

  /** Columns written after the experiment's result columns. */
  public static final List<String> TRAILER = List.of("status", "seconds", "run_seed", "curves", "key");

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,119}");

  private final Path dir;
  private final Path curvesDir;
  private final List<String> header;
  private final int statusColumn;
  private final List<Run> runs;
  private final Map<String, Run> runsByKey;
  private final Map<String, String> rows = new HashMap<>();
  private final Map<String, String> statuses = new HashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final FileChannel lockChannel;
  private final FileLock lock;
  private FileChannel journal;
  private long journalSize;

  private ResultStore(Path dir, List<String> header, List<Run> runs, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.curvesDir = dir.resolve(CURVES);
    this.header = List.copyOf(header);
    this.statusColumn = header.indexOf("status");
    this.runs = List.copyOf(runs);
    this.runsByKey = new LinkedHashMap<>();
    for (Run r : runs) {
      runsByKey.put(r.key(), r);
    }
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** The {@code runs.csv} header for a spec and an experiment's result columns. */
  public static List<String> header(SweepSpec spec, List<String> resultColumns) {
    List<String> h = new ArrayList<>(spec.axes().keySet());
    for (String c : resultColumns) {
      if (h.contains(c) || TRAILER.contains(c)) {
        throw new IllegalArgumentException("result column '" + c + "' clashes with a parameter or " + TRAILER);
      }
      if (!RunOutcome.COLUMN.matcher(c).matches()) {
        throw new IllegalArgumentException("bad result column name '" + c + "'");
      }
      h.add(c);
    }
    h.addAll(TRAILER);
    return h;
  }

  /**
   * Opens (creating or resuming) the store for {@code runs} — this shard's runs in grid order.
   * Appends a provenance section for this session.
   *
   * @throws UserInputException when the folder belongs to another sweep or shard, is a non-empty
   *     folder that is not a sweep folder, holds damaged store files, or is in use by another process
   */
  public static ResultStore open(Path dir, SweepSpec spec, Shard shard, List<String> resultColumns,
      List<Run> runs, Map<String, String> provenance) throws IOException {
    List<String> header = header(spec, resultColumns);
    createFolder(dir);
    Path identity = dir.resolve(IDENTITY);
    boolean exists = Files.exists(identity);
    if (!exists && !isEffectivelyEmpty(dir)) {
      throw new UserInputException(dir + " is not empty and holds no grokmeter sweep (no " + IDENTITY
          + "); choose an empty or new --out folder");
    }
    FileLock lock = lock(dir);
    ResultStore store = new ResultStore(dir, header, runs, lock.channel(), lock);
    try {
      Map<String, String> want = identity(spec, shard, header);
      if (exists) {
        Map<String, String> have = readIdentity(identity);
        if (!spec.sweepId().equals(have.get("sweep_id"))) {
          throw new UserInputException(dir + " belongs to a different sweep (sweep id " + have.get("sweep_id")
              + ", experiment " + have.get("experiment") + "; this sweep is " + spec.sweepId()
              + "); refusing to mix results: choose another --out folder");
        }
        if (!shard.toString().equals(have.get("shard"))) {
          throw new UserInputException(dir + " holds shard " + have.get("shard") + " of this sweep, not "
              + shard + "; use one folder per shard");
        }
        if (!want.get("columns").equals(have.get("columns"))) {
          throw new UserInputException(dir + " was written with other runs.csv columns (" + have.get("columns")
              + "); refusing to mix results");
        }
      } else {
        writeAtomically(identity, formatIdentity(want));
      }
      writeAtomically(dir.resolve(CONFIG), "# grokmeter sweep, resolved: every parameter with all its values.\n"
          + "# Resume or re-run with: grokmeter sweep " + CONFIG + " --out <folder>"
          + (shard.count() > 1 ? " --shard " + shard : "") + "\n" + spec.toYaml());
      Files.createDirectories(store.curvesDir);
      store.recoverJournal();
      store.appendProvenance(spec, shard, provenance);
      return store;
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Takes the folder's exclusive lock on {@value #LOCK}. Its holder deletes the file on
   * {@link #close()} (before releasing the lock), so the file locked here may be one that its holder
   * unlinked between our open and our lock. A token written through the locked channel and read back
   * by name proves that the name still leads to the locked file; if it does not, we try again. A
   * process killed while holding the lock leaves the file behind, but the operating system has
   * dropped its lock with the process, so the next sweep takes it over. Every writer of a folder (a
   * sweep, a merge) holds it while it writes and lets go with {@link #unlock}.
   *
   * @throws UserInputException when another process holds it
   */
  static FileLock lock(Path dir) throws IOException {
    Path path = dir.resolve(LOCK);
    for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      if (lock == null) {
        ch.close();
        throw new UserInputException(dir + " is in use by another grokmeter process (" + LOCK + " is locked)");
      }
      String token = "pid " + ProcessHandle.current().pid() + " " + UUID.randomUUID() + "\n";
      String named;
      try {
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(token.getBytes(StandardCharsets.UTF_8)), 0);
        named = Files.readString(path, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        named = null;
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
      if (token.equals(named)) {
        return lock;
      }
      ch.close();
    }
    throw new IOException(path + ": could not take the lock in " + LOCK_ATTEMPTS + " attempts");
  }

  /** Finished runs' keys → status, for this shard. */
  public synchronized Map<String, String> statuses() {
    return Collections.unmodifiableMap(new HashMap<>(statuses));
  }

  public synchronized boolean isFinished(String key) {
    return rows.containsKey(key);
  }

  /** Warnings from opening (torn line cut off, invalid rows dropped), for the log. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  public List<String> header() {
    return header;
  }

  public Path dir() {
    return dir;
  }

  /**
   * Commits one finished run: curves first (atomic rename), then the row (one write + fsync).
   * A run already committed is ignored (returns false).
   */
  public boolean record(Run run, String label, RunOutcome outcome, double seconds) throws IOException {
    if (!runsByKey.containsKey(run.key())) {
      throw new IllegalArgumentException("run " + run.key() + " is not part of this store's shard");
    }
    synchronized (this) {
      if (rows.containsKey(run.key())) {
        return false;
      }
    }
    if (!outcome.curves().isEmpty()) {
      writeCurves(label, outcome);
    }
    String line = Csv.line(row(run, label, outcome, seconds));
    synchronized (this) {
      if (rows.containsKey(run.key())) {
        return false;
      }
      appendLine(line);
      rows.put(run.key(), line);
      statuses.put(run.key(), outcome.status());
      return true;
    }
  }

  /**
   * When every run of the shard has its row, rewrites {@code runs.csv} in canonical (grid) order
   * — unless it already is — and returns true. Otherwise leaves it as it is and returns false.
   */
  public synchronized boolean finish() throws IOException {
    if (rows.size() < runs.size()) {
      return false;
    }
    forceDirectory(curvesDir);
    List<String> canonical = new ArrayList<>(runs.size() + 1);
    canonical.add(Csv.line(header));
    for (Run r : runs) {
      canonical.add(rows.get(r.key()));
    }
    String text = String.join("", canonical);
    String current = Files.readString(dir.resolve(RUNS), StandardCharsets.UTF_8);
    if (!current.equals(text)) {
      journal.close();
      writeAtomically(dir.resolve(RUNS), text);
      openJournal();
    }
    return true;
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      forceDirectory(curvesDir);
      if (journal != null) {
        journal.close();
      }
    } finally {
      unlock(dir, lock, lockChannel);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private List<String> row(Run run, String label, RunOutcome outcome, double seconds) {
    List<String> f = new ArrayList<>(header.size());
    f.addAll(run.params().values().values());
    int nParams = f.size();
    for (int i = nParams; i < header.size() - TRAILER.size(); i++) {
      f.add(outcome.values().getOrDefault(header.get(i), ""));
    }
    f.add(outcome.status());
    f.add(String.format(java.util.Locale.ROOT, "%.3f", seconds));
    f.add(Long.toString(run.seed()));
    f.add(outcome.curves().isEmpty() ? "" : CURVES + "/" + label + ".csv");
    f.add(run.key());
    return f;
  }

  private void writeCurves(String label, RunOutcome outcome) throws IOException {
    if (!LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException("unsafe curves file name '" + label + "'");
    }
    Path target = curvesDir.resolve(label + ".csv").normalize();
    if (!target.getParent().equals(curvesDir.normalize())) {
      throw new IllegalArgumentException("curves file name '" + label + "' leaves the output folder");
    }
    Path tmp = curvesDir.resolve("." + label + ".csv.tmp");
    try {
      writeCurvesFile(tmp, outcome);
    } catch (IOException | RuntimeException e) {
      deleteIfExists(tmp); // e.g. a full disk: leave no half-written temporary file behind
      throw e;
    }
    // no directory fsync per run (it was a third of the commit's cost on the linear sweep's 120 short
    // runs): if a power cut loses this rename, the row that follows names a missing file, and
    // validate() drops that row on the next open, so the run is redone; finish and close force it
    rename(tmp, target);
  }

  private static void writeCurvesFile(Path tmp, RunOutcome outcome) throws IOException {
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      Writer w = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8), 1 << 16);
      List<String> names = new ArrayList<>(outcome.curves().keySet());
      w.write(String.join(",", names));
      w.write('\n');
      List<Object> arrays = new ArrayList<>(outcome.curves().values());
      for (int i = 0; i < outcome.curveLength(); i++) {
        for (int c = 0; c < arrays.size(); c++) {
          if (c > 0) {
            w.write(',');
          }
          w.write(element(arrays.get(c), i));
        }
        w.write('\n');
      }
      w.flush();
      ch.force(true);
    }
  }

  private static String element(Object array, int i) {
    return switch (array) {
      case double[] d -> Double.toString(d[i]);
      case float[] f -> Float.toString(f[i]);
      case int[] n -> Integer.toString(n[i]);
      case long[] n -> Long.toString(n[i]);
      default -> throw new IllegalArgumentException("unsupported curve type " + array.getClass());
    };
  }

  private void appendLine(String line) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    try {
      journal.position(journalSize);
      while (buf.hasRemaining()) {
        journal.write(buf);
      }
      journal.force(false);
      journalSize += buf.capacity();
    } catch (IOException e) {
      // a partial line would be cut off at the next start anyway; try to leave the file clean now
      try {
        journal.truncate(journalSize);
      } catch (IOException ignored) {
        // the torn tail is repaired on the next open
      }
      throw new IOException("could not append to " + dir.resolve(RUNS) + ": " + e.getMessage()
          + " (the rows written before are intact)", e);
    }
  }

  private void openJournal() throws IOException {
    journal = FileChannel.open(dir.resolve(RUNS), StandardOpenOption.WRITE);
    journalSize = journal.size();
  }

  /** Reads runs.csv, cuts a torn tail, drops invalid and duplicate rows, and opens it for appending. */
  private void recoverJournal() throws IOException {
    Path file = dir.resolve(RUNS);
    String headerLine = Csv.line(header);
    if (!Files.exists(file)) {
      writeAtomically(file, headerLine);
      openJournal();
      return;
    }
    byte[] bytes = readStoreFile(file).getBytes(StandardCharsets.UTF_8);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    boolean dirty = false;
    if (end < bytes.length) {
      notes.add("runs.csv: cut off a torn last line (" + (bytes.length - end) + " bytes) left by an interrupted run");
      dirty = true;
    }
    String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
    List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    List<String> kept = new ArrayList<>();
    if (lines.isEmpty() || !(lines.get(0) + "\n").equals(headerLine)) {
      if (!lines.isEmpty()) {
        throw new UserInputException(file + ": unexpected header; refusing to mix results");
      }
      dirty = true;
    }
    int dropped = 0;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      String key = validate(line);
      if (key == null) {
        dropped++;
        continue;
      }
      if (rows.containsKey(key)) {
        dropped++;
        continue;
      }
      rows.put(key, line + "\n");
      statuses.put(key, Csv.parse(line).get(statusColumn));
      kept.add(line + "\n");
    }
    if (dropped > 0) {
      notes.add("runs.csv: dropped " + dropped + " invalid or repeated row(s); those runs are redone");
      dirty = true;
    }
    if (dirty) {
      writeAtomically(file, headerLine + String.join("", kept));
    }
    openJournal();
  }

  /** Empty, or {@code curves/LABEL.csv} with a safe label: a row can never point outside the folder. */
  public static boolean isCurvesPath(String value) {
    if (value.isEmpty()) {
      return true;
    }
    String prefix = CURVES + "/";
    return value.startsWith(prefix) && value.endsWith(".csv")
        && LABEL.matcher(value.substring(prefix.length(), value.length() - 4)).matches();
  }

  /** The key of a valid row for this shard, or null. */
  private String validate(String line) {
    return validRow(line, header, runsByKey, dir);
  }

  /**
   * The key of a valid {@code runs.csv} row of folder {@code dir}, or null: the field count of the
   * header, a key among {@code runsByKey} whose parameter values and run seed the row repeats, a
   * status, and a curves path inside the folder that names an existing file (a rename a power cut
   * undid leaves a row without one).
   */
  static String validRow(String line, List<String> header, Map<String, Run> runsByKey, Path dir) {
    List<String> f = Csv.parse(line);
    if (f == null || f.size() != header.size()) {
      return null;
    }
    String key = f.get(header.size() - 1);
    Run run = runsByKey.get(key);
    if (run == null) {
      return null;
    }
    List<String> params = new ArrayList<>(run.params().values().values());
    if (!f.subList(0, params.size()).equals(params)) {
      return null;
    }
    if (!Long.toString(run.seed()).equals(f.get(header.size() - 3)) || f.get(header.indexOf("status")).isEmpty()) {
      return null;
    }
    String curves = f.get(header.size() - 2);
    if (!isCurvesPath(curves)) {
      return null;
    }
    // a curves rename lost to a power cut (they are made durable in batches, see writeCurves)
    if (!curves.isEmpty() && !Files.isRegularFile(dir.resolve(curves))) {
      return null;
    }
    return key;
  }

  private void appendProvenance(SweepSpec spec, Shard shard, Map<String, String> provenance) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("[session ").append(Instant.now()).append("]\n");
    sb.append("sweep_id: ").append(spec.sweepId()).append('\n');
    sb.append("experiment: ").append(spec.experiment()).append('\n');
    sb.append("shard: ").append(shard).append('\n');
    sb.append("runs_in_shard: ").append(runs.size()).append('\n');
    sb.append("runs_already_finished: ").append(rows.size()).append('\n');
    provenance.forEach((k, v) -> sb.append(k).append(": ").append(Sweep.oneLine(v)).append('\n'));
    sb.append('\n');
    try (FileChannel ch = FileChannel.open(dir.resolve(PROVENANCE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
    }
  }

  static Map<String, String> identity(SweepSpec spec, Shard shard, List<String> header) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("sweep_id", spec.sweepId());
    m.put("experiment", spec.experiment());
    m.put("master_seed", Long.toString(spec.masterSeed()));
    m.put("shard", shard.toString());
    m.put("runs_in_grid", Long.toString(spec.size()));
    m.put("columns", String.join(",", header));
    spec.axes().forEach((name, values) -> {
      m.put("key." + name, spec.keys().getOrDefault(name, name));
      m.put("axis." + name, String.join(",", values));
    });
    return m;
  }

  static String formatIdentity(Map<String, String> m) {
    StringBuilder sb = new StringBuilder("# grokmeter result store: which sweep this folder belongs to. Do not edit.\n");
    m.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    return sb.toString();
  }

  /**
   * A file of a store, read once and bounded: a folder handed to {@code merge} or {@code --out} may
   * hold anything, so a device or a pipe in place of a file (a link to {@code /dev/zero}) is refused,
   * and so is a file larger than a quarter of the heap, instead of reading without end.
   */
  static String readStoreFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserInputException(file + " is not a regular file");
    }
    long max = Math.min(Limits.heapBytes() / 4, Limits.MAX_ARRAY - 1);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) max + 1);
      if (bytes.length > max) {
        throw new UserInputException(file + " is larger than " + Limits.size(max) + ", a quarter of the heap"
            + " this JVM may use (-Xmx)");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Reads store.properties keeping its order (java.util.Properties would not). */
  static Map<String, String> readIdentity(Path file) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : readStoreFile(file).split("\\R")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new UserInputException(file + ": malformed line '" + line + "'");
      }
      m.put(line.substring(0, eq), line.substring(eq + 1));
    }
    if (!FORMAT.equals(m.get("format"))) {
      throw new UserInputException(file + ": not a " + FORMAT + " file (format=" + m.get("format") + ")");
    }
    return m;
  }

  /** The spec a store's identity describes (what {@code merge} uses; no experiment classes needed). */
  static SweepSpec specOf(Map<String, String> identity) {
    Map<String, List<String>> axes = new LinkedHashMap<>();
    Map<String, String> keys = new LinkedHashMap<>();
    identity.forEach((k, v) -> {
      if (k.startsWith("axis.")) {
        String name = k.substring(5);
        axes.put(name, List.of(v.split(",", -1)));
        keys.put(name, identity.getOrDefault("key." + name, name));
      }
    });
    // the parameters' types, where the experiment is on the class path, let sweep.yaml stay compact
    Map<String, Parameter.Type> types = new LinkedHashMap<>();
    Experiment experiment = Experiments.all().get(identity.get("experiment"));
    if (experiment != null) {
      experiment.parameters().forEach(p -> types.put(p.name(), p.type()));
    }
    long masterSeed;
    try {
      masterSeed = Long.parseLong(String.valueOf(identity.get("master_seed")));
    } catch (NumberFormatException e) {
      throw new UserInputException("store identity is inconsistent (master_seed " + identity.get("master_seed")
          + "): was " + IDENTITY + " edited?");
    }
    SweepSpec spec = SweepSpec.fromResolved(identity.get("experiment"), masterSeed, axes, keys, types);
    if (!spec.sweepId().equals(identity.get("sweep_id"))) {
      throw new UserInputException("store identity is inconsistent (sweep id " + identity.get("sweep_id")
          + " does not match its axes): was " + IDENTITY + " edited?");
    }
    return spec;
  }

  /**
   * Creates an output folder (and its parents) unless it exists, turning the ways a path can name no
   * usable folder into bad input with the reason, instead of an I/O failure.
   *
   * @throws UserInputException when the path, or a folder on the way to it, is a file
   */
  public static void createFolder(Path dir) throws IOException {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserInputException(dir + " is a file, not a folder; the results go into a folder: name a new"
          + " or existing folder");
    }
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new UserInputException("cannot create the folder " + dir + ": " + e.getFile() + " is a file");
    } catch (FileSystemException e) {
      if (e instanceof NotDirectoryException || "Not a directory".equals(e.getReason())) {
        throw new UserInputException("cannot create the folder " + dir + ": a part of the path is a file ("
            + e.getFile() + ")");
      }
      throw e;
    }
  }

  /** Deletes the lock file, then releases the lock {@link #lock} took and closes its channel. */
  static void unlock(Path dir, FileLock lock, FileChannel channel) throws IOException {
    try {
      if (lock != null && lock.isValid()) {
        try {
          // Deleted while still held, so no other process can be holding the file we delete (see lock()).
          Files.deleteIfExists(dir.resolve(LOCK));
        } finally {
          lock.release();
        }
      }
    } finally {
      channel.close();
    }
  }

  /** Empty, or holding only our lock file and leftovers of an interrupted first write. */
  static boolean isEffectivelyEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String n = p.getFileName().toString();
        if (!n.equals(LOCK) && !(n.startsWith(".") && n.endsWith(".tmp"))) {
          return false;
        }
      }
    }
    return true;
  }

  /** Writes a whole file through a forced temporary file and an atomic rename. */
  static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    move(tmp, target);
  }

  static void move(Path tmp, Path target) throws IOException {
    rename(tmp, target);
    forceDirectory(target.getParent());
  }

  /** Atomic rename where the file system can, not yet durable (see {@link #forceDirectory}). */
  private static void rename(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes a rename durable (Linux: fsync on the directory); a no-op where that is not possible. */
  static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not supported on this platform/file system; the rename itself is still atomic
    }
  }

  static void deleteIfExists(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (NoSuchFileException ignored) {
      // gone already
    } catch (IOException ignored) {
      // best effort
    }
  }
}
