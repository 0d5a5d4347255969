package org.grokmeter.bench.tools;

/**
 * Input the tools cannot use: a missing or malformed file, or two result sets that cannot be
 * compared. The message is ONE line naming the file and what is wrong; the tools print it and exit 2.
 */
public final class BadInputException extends RuntimeException {

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
