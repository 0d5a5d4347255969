package org.grokmeter.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

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
}
