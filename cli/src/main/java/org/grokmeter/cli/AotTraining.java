package org.grokmeter.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run of the JDK's ahead-of-time cache (JEP 483, 514, 515), run once by
 * {@code ./mvnw package} with {@code -XX:AOTCacheOutput=cli/target/grokmeter.aot}; the launcher
 * passes {@code -XX:AOTCache=} to every later start while the cache is newer than the jar. The cache
 * holds the classes this run loaded and linked and the method profiles it gathered, so the commands
 * run here start with them. The MLP runs at the paper's width and the largest paper input size: the
 * kernels' profiles are then those of the real sweep (profiles of small problems make C2 compile the
 * kernels for the wrong trip counts). The MLP run draws its figures, which loads the plotting
 * classes the linear figures use too; the linear run skips its own, which take seconds to draw.
 * Results never depend on the cache: it changes when code is
 * compiled, not what it computes.
 */
final class AotTraining {

  private AotTraining() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("grokmeter-aot-training");
    try {
      run("--quiet", "mlp", "--input-sizes", "45", "--seeds", "0", "--epochs", "40", "--threads", "1",
          "--out", dir.resolve("mlp").toString());
      run("--quiet", "linear", "--points", "8", "--threads", "1", "--no-figures", "--out", dir.resolve("linear").toString());
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(AotTraining::delete);
      }
    }
  }

  private static void run(String... args) {
    PrintWriter quiet = new PrintWriter(OutputStream.nullOutputStream(), true);
    int code = Main.run(args, quiet, new PrintWriter(System.err, true));
    if (code != Main.EXIT_OK) {
      throw new IllegalStateException("AOT training: grokmeter " + String.join(" ", args) + " exited " + code);
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
