package org.grokmeter.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One in-process run of the CLI, for the tests of every command: {@link Main#run} with captured
 * streams.
 *
 * @param code the exit code (0 ok, 1 failure, 2 bad input)
 * @param out what went to stdout (data)
 * @param err what went to stderr (notes, progress, errors)
 */
public record CliRun(int code, String out, String err) {

  /** Runs {@code grokmeter args…} in this JVM. */
  public static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Runs {@code command…}, then {@code more…}, then {@code --out out}: a sweeping command's variations. */
  public static CliRun run(List<String> command, Path out, String... more) {
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of(more));
    args.addAll(List.of("--out", out.toString()));
    return run(args.toArray(String[]::new));
  }
}
