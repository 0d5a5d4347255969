package org.grokmeter;

/**
 * Bad input from the user: a malformed file, a NaN, an impossible parameter. The message is the
 * whole story, one line naming what and where (file, line, column); the CLI prints it and
 * exits with code 2, without a stack trace unless {@code --verbose}.
 */
public class UserInputException extends RuntimeException {

  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
