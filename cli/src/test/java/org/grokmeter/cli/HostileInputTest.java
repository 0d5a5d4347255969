package org.grokmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.grokmeter.Limits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CLI under hostile input: every case is refused with the expected exit code and one line on
 * stderr that says why (no stack trace), prints nothing on stdout, and leaves every file it was
 * pointed at as it was (the whole working folder is compared before and after, byte for byte).
 * Runs are tiny (hidden 8, 4 epochs); the few folders the merge cases need are made once.
 */
class HostileInputTest {

  @TempDir
  static Path base;

  /** The MLP options of the tiny runs. */
  private static final List<String> TINY = List.of("--input-sizes", "5:7", "--seeds", "0,1", "--epochs", "4",
      "--hidden", "8", "--threads", "1");

  /**
   * One hostile case: {@code args} builds the command line (creating what it needs under the case's
   * own folder), {@code lock} names a folder another process is writing (its lock is held during
   * the run), {@code code} and {@code message} are what the CLI must answer.
   */
  record Case(String name, Args args, String lock, int code, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  interface Args {
    List<String> in(Path dir) throws Exception;
  }

  static Case refused(String name, String message, Args args) {
    return new Case(name, args, null, 2, message);
  }

  @BeforeAll
  static void folders() throws Exception {
    for (int i = 0; i < 2; i++) {
      assertOk(CliRun.run(mlp(base.resolve("s" + i), "--shard", i + "/2").toArray(String[]::new)));
    }
    assertOk(CliRun.run("--quiet", "merge", "--out", base.resolve("merged").toString(), base.resolve("s0").toString(),
        base.resolve("s1").toString()));
    assertOk(CliRun.run(mlp(base.resolve("other"), "--input-sizes", "5", "--seeds", "0").toArray(String[]::new)));
    copy(base.resolve("s1"), base.resolve("s1-axis-edited"));
    edit(base.resolve("s1-axis-edited/store.properties"), "axis.hidden=8", "axis.hidden=9");
    copy(base.resolve("s1"), base.resolve("s1-columns-edited"));
    edit(base.resolve("s1-columns-edited/store.properties"), ",final_val_acc,", ",final_val_acc_edited,");
    assertOk(CliRun.run(mlp(base.resolve("third0"), "--shard", "0/3").toArray(String[]::new)));
    if (Files.exists(Path.of("/dev/zero"))) {
      copy(base.resolve("s1"), base.resolve("s1-endless-runs"));
      Files.delete(base.resolve("s1-endless-runs/runs.csv"));
      Files.createSymbolicLink(base.resolve("s1-endless-runs/runs.csv"), Path.of("/dev/zero"));
      copy(base.resolve("s1"), base.resolve("s1-endless-identity"));
      Files.delete(base.resolve("s1-endless-identity/store.properties"));
      Files.createSymbolicLink(base.resolve("s1-endless-identity/store.properties"), Path.of("/dev/zero"));
    }
    Files.createDirectories(base.resolve("not-a-sweep"));
    Files.writeString(base.resolve("not-a-sweep/notes.txt"), "mine\n");
    Files.writeString(base.resolve("a-file"), "not a folder\n");
  }

  /** The links to /dev/zero go first, so that cleaning up never looks past them. */
  @AfterAll
  static void removeLinks() throws IOException {
    Files.deleteIfExists(base.resolve("s1-endless-runs/runs.csv"));
    Files.deleteIfExists(base.resolve("s1-endless-identity/store.properties"));
  }

  static Stream<Case> cases() {
    List<Case> c = new ArrayList<>();
    // sweep files that would drive the parser into recursion or unbounded work
    c.add(refused("self-referencing alias", "refers to the list or mapping that contains it",
        d -> sweep(d, "experiment: mlp\nseeds: &s [0, *s]\n")));
    c.add(refused("alias in a nested anchor", "refers to the list or mapping that contains it",
        d -> sweep(d, "experiment: linear\nlambdas: &a {from: 1.01, to: *a, points: 3}\n")));
    c.add(refused("deep YAML nesting", "nested more than",
        d -> sweep(d, "experiment: mlp\nseeds: " + "[".repeat(200_000) + "]".repeat(200_000) + "\n")));
    c.add(refused("deep JSON nesting", "nested more than", d -> sweep(d, "s.json",
        "{\"experiment\": \"mlp\", \"seeds\": " + "{\"a\": ".repeat(100_000) + "1" + "}".repeat(100_000) + "}")));
    c.add(refused("duplicate key", "key 'seeds' appears twice",
        d -> sweep(d, "experiment: mlp\nseeds: 0\nseeds: 1\n")));
    c.add(refused("duplicate nested key", "key 'from' appears twice",
        d -> sweep(d, "experiment: linear\nlambdas: {from: 1.01, to: 1.02, points: 3, from: 1.03}\n")));
    c.add(refused("sweep file over 1 MiB", "larger than 1 MiB",
        d -> sweep(d, "experiment: mlp\n# " + "x".repeat(1 << 20) + "\n")));
    if (Files.exists(Path.of("/dev/zero"))) {
      c.add(refused("endless special file", "larger than 1 MiB", d -> List.of("sweep", "/dev/zero", "--out",
          d.resolve("out").toString())));
    }
    c.add(refused("sweep file is a folder", "is a folder", d -> List.of("sweep", base.toString(), "--out",
        d.resolve("out").toString())));
    c.add(refused("no such sweep file", "no such file", d -> List.of("sweep", d.resolve("none.yaml").toString(),
        "--out", d.resolve("out").toString())));
    c.add(refused("malformed YAML", "not valid YAML/JSON", d -> sweep(d, "experiment: mlp\nseeds: [0, 1\n")));
    c.add(refused("malformed JSON", "not valid YAML/JSON", d -> sweep(d, "s.json", "{\"experiment\": \"mlp\"")));
    c.add(refused("not UTF-8", "not UTF-8", d -> {
      Path f = d.resolve("s.yaml");
      Files.write(f, new byte[] {'e', 'x', (byte) 0xff, (byte) 0xfe, '\n'});
      return List.of("sweep", f.toString(), "--out", d.resolve("out").toString());
    }));
    c.add(refused("type tag", "type tags are not allowed",
        d -> sweep(d, "experiment: mlp\nseeds: !!java.net.URL [\"http://example.com\"]\n")));
    c.add(refused("unknown key", "unknown key 'sedes'", d -> sweep(d, "experiment: mlp\nsedes: 0\n")));
    c.add(refused("unknown experiment", "unknown experiment", d -> sweep(d, "experiment: nope\n")));
    c.add(refused("NaN parameter in a file", "not a number", d -> sweep(d, "experiment: mlp\nlr: NaN\n")));
    c.add(refused("NaN option", "--lr", d -> mlp(d.resolve("out"), "--lr", "NaN")));
    c.add(refused("infinite spaced range", "not finite",
        d -> sweep(d, "experiment: linear\nlambdas: {from: 1.01, to: Infinity, points: 3}\n")));

    // ranges, lists and grids that would overflow or not fit
    c.add(refused("range over all longs", "more than 1000000 values",
        d -> sweep(d, "experiment: mlp\nseeds: -9223372036854775808:9223372036854775807\n")));
    c.add(refused("list of ranges over the cap", "more than 1000000 values",
        d -> sweep(d, "experiment: mlp\nseeds: [0:999998, 1000000:1000001]\n")));
    c.add(refused("grid over the run cap", "more than 10000000 runs",
        d -> sweep(d, "experiment: mlp\ninput_sizes: 3:1002\nseeds: 0:99999\n")));
    if (Limits.heapBytes() < 16L << 30) {
      c.add(refused("grid over the heap", "more than half the",
          d -> sweep(d, "experiment: mlp\ninput_sizes: 3:1002\nseeds: 0:9999\n")));
    }

    // sizes whose products overflow an index or do not fit in the heap
    c.add(refused("hidden over int", "hidden:", d -> mlp(d.resolve("out"), "--hidden", "2147483647")));
    c.add(refused("hidden over the heap", "hidden:", d -> mlp(d.resolve("out"), "--hidden", "1000000000")));
    c.add(refused("batch over int", "batch:", d -> mlp(d.resolve("out"), "--batch", "2000000000")));
    c.add(refused("input size over int", "input_sizes:", d -> mlp(d.resolve("out"), "--input-sizes", "2000000000")));
    c.add(refused("epochs over int", "epochs:", d -> sweep(d, "experiment: mlp\nepochs: 2147483647\n")));
    c.add(refused("epochs over the heap", "epochs:", d -> mlp(d.resolve("out"), "--epochs", "2000000000")));
    c.add(refused("linear samples over the heap", "samples:", d -> List.of("--quiet", "linear", "--samples",
        "2000000000", "--no-figures", "--out", d.resolve("out").toString())));
    c.add(refused("simulate dim over int", "dim:", d -> List.of("--quiet", "linear", "--mode", "simulate", "--dim",
        "100000", "--points", "2", "--no-figures", "--out", d.resolve("out").toString())));
    c.add(refused("simulate lambda near 0", "lambdas:", d -> sweep(d,
        "experiment: linear\nmode: simulate\nlambdas: [0.000001]\n")));

    c.add(refused("a million threads", "threads must be from 1 to", d -> mlp(d.resolve("out"), "--threads",
        "1000000")));

    // output folders
    c.add(refused("--out is a file", "is a file, not a folder", d -> mlp(base.resolve("a-file"))));
    c.add(refused("reproduce --out is a file", "is a file, not a folder", d -> List.of("--quiet", "reproduce",
        "--quick", "--out", base.resolve("a-file").toString())));
    c.add(refused("--out goes through a file", "a part of the path is a file",
        d -> mlp(base.resolve("a-file/sub"))));
    c.add(refused("--out holds something else", "holds no grokmeter sweep", d -> mlp(base.resolve("not-a-sweep"))));
    c.add(refused("--out holds another sweep", "belongs to a different sweep", d -> mlp(base.resolve("other"))));
    c.add(new Case("--out in use by another process", d -> mlp(base.resolve("merged")), "merged", 2, "is in use"));
    c.add(refused("read-only --out", "permission denied", d -> {
      Path ro = d.resolve("ro");
      Files.createDirectories(ro);
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
      assumeTrue(!Files.isWritable(ro), "permissions are not enforced for this user");
      return mlp(ro.resolve("out"));
    }));

    // merge: nothing lost, nothing mixed
    c.add(refused("merge shrinking a merged folder", "already holds 3 run(s) that none of the input folders has",
        d -> merge("merged", "s1")));
    c.add(refused("merge with an edited axis", "does not match its axes", d -> merge(d + "/m", "s0",
        "s1-axis-edited")));
    c.add(refused("merge with edited columns", "another store.properties", d -> merge(d + "/m", "s0",
        "s1-columns-edited")));
    c.add(refused("merge of two sweeps", "different sweep", d -> merge(d + "/m", "s0", "other")));
    c.add(refused("merge of two splits", "merge shards of one split", d -> merge(d + "/m", "s0", "third0")));
    c.add(refused("merge of a folder that is no sweep", "not a grokmeter sweep folder",
        d -> merge(d + "/m", "s0", "not-a-sweep")));
    if (Files.exists(Path.of("/dev/zero"))) {
      c.add(refused("merge of an endless runs.csv", "is not a regular file",
          d -> merge(d + "/m", "s0", "s1-endless-runs")));
      c.add(refused("merge of an endless store.properties", "store.properties is not a regular file",
          d -> merge(d + "/m", "s0", "s1-endless-identity")));
      c.add(refused("resume into an endless runs.csv", "is not a regular file",
          d -> mlp(base.resolve("s1-endless-runs"), "--shard", "1/2")));
    }
    c.add(refused("merge into a file", "is a file, not a folder", d -> merge("a-file", "s0", "s1")));
    c.add(refused("merge into another sweep", "another sweep or a shard", d -> merge("other", "s0", "s1")));
    c.add(refused("merge into a shard", "another sweep or a shard", d -> merge("s0", "s0", "s1")));
    c.add(new Case("merge into a folder in use", d -> merge("merged", "merged", "s0", "s1"), "merged", 2,
        "is in use"));

    // curve files for fit (the readers' own limits are tested with them)
    c.add(refused("fit of a malformed CSV", "bad.csv", d -> {
      Path f = d.resolve("bad.csv");
      Files.writeString(f, "epoch,train_acc,val_acc\n0,0.5,0.5\n1,zero,0.5\n");
      return List.of("--quiet", "fit", f.toString());
    }));
    c.add(refused("fit of no such file", "none.csv", d -> List.of("--quiet", "fit", d.resolve("none.csv").toString())));
    return c.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void isRefusedInOneLineAndTouchesNothing(Case c) throws Exception {
    Path dir = base.resolve("case-" + Integer.toHexString(c.name().hashCode()));
    Files.createDirectories(dir);
    List<String> args = c.args().in(dir);
    Map<String, String> before = snapshot(base);
    CliRun r;
    if (c.lock() != null) {
      // another writer holds the folder's lock, and deletes its file when done, as a sweep does
      Path lockFile = base.resolve(c.lock()).resolve(".grokmeter.lock");
      boolean existed = Files.exists(lockFile);
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = ch.lock()) {
        r = CliRun.run(args.toArray(String[]::new));
      } finally {
        if (!existed) {
          Files.deleteIfExists(lockFile);
        }
      }
    } else {
      r = CliRun.run(args.toArray(String[]::new));
    }
    assertEquals(c.code(), r.code(), r.err());
    assertEquals("", r.out(), "stdout");
    String err = r.err().strip();
    assertEquals(1, err.lines().count(), "one line on stderr: " + err);
    assertTrue(err.startsWith("grokmeter: "), err);
    assertTrue(err.contains(c.message()), "expected '" + c.message() + "' in: " + err);
    assertFalse(err.contains("Exception") || err.contains("Error") || err.contains("at org."), err);
    assertEquals(before, snapshot(base), "files changed");
  }

  // ---------------------------------------------------------------------------------------------

  /** {@code mlp} with the tiny options, {@code more} (option, value pairs) replacing any of them. */
  static List<String> mlp(Path out, String... more) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < TINY.size(); i += 2) {
      options.put(TINY.get(i), TINY.get(i + 1));
    }
    for (int i = 0; i < more.length; i += 2) {
      options.put(more[i], more[i + 1]);
    }
    List<String> a = new ArrayList<>(List.of("--quiet", "mlp", "--no-figures", "--out", out.toString()));
    options.forEach((k, v) -> a.addAll(List.of(k, v)));
    return a;
  }

  static List<String> sweep(Path dir, String text) throws IOException {
    return sweep(dir, "s.yaml", text);
  }

  static List<String> sweep(Path dir, String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return List.of("--quiet", "sweep", f.toString(), "--out", dir.resolve("out").toString());
  }

  /** {@code merge --out OUT IN…}, folders relative to the shared base folder (or absolute). */
  static List<String> merge(String out, String... in) {
    List<String> a = new ArrayList<>(List.of("--quiet", "merge", "--out", base.resolve(out).toString()));
    for (String s : in) {
      a.add(base.resolve(s).toString());
    }
    return a;
  }

  /**
   * Every file and folder under {@code dir}: relative path → content hash (folders: their
   * permissions; links: their target, never followed).
   */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        String rel = dir.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          m.put(rel, "-> " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p)) {
          m.put(rel + "/", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        } else {
          m.put(rel, sha256(Files.readAllBytes(p)));
        }
      }
    }
    return m;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertOk(CliRun r) {
    assertEquals(0, r.code(), r.err());
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }

  private static void edit(Path file, String from, String to) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(text.contains(from), file + " has no " + from);
    Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
  }
}
