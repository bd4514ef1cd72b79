package dev.pupil;

/**
 * A problem with what the user gave Pupil: a file, a folder, an option or a name. The message is one
 * line that names the file or option and says what is wrong with it; the CLI prints it as is and exits
 * with code 2, without a stack trace.
 */
public class BadInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** @param message one line naming the file or option and what is wrong */
  public BadInputException(String message) {
    super(message);
  }

  /**
   * @param message one line naming the file or option and what is wrong
   * @param cause the underlying failure
   */
  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
