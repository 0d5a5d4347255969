package org.grokmeter.cli;

/**
 * The process exit codes of every command: 0 ok, 1 failure (something went wrong inside, or a sweep
 * left runs unfinished), 2 bad usage or bad input (picocli's parameter errors and
 * {@link org.grokmeter.UserInputException}).
 */
public final class ExitCode {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int BAD_INPUT = 2;

  private ExitCode() {}
}
