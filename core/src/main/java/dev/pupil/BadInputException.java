package dev.pupil;

import java.util.Objects;

/**
 * A problem with what the user gave Pupil: a file, a folder, a setting or a name. The message is
 * one line that names the file or setting and says what is wrong with it; the CLI prints it and
 * exits with code 2, without a stack trace.
 *
 * <p>An error about one setting is made with {@link #forField}: it names the setting by its field
 * name, as config.json spells it ({@code epochs}, {@code batchSize}), and keeps the field and the
 * problem apart, so that a front end can name the setting its own way (the CLI names its flag,
 * {@code --batch-size}).
 */
public class BadInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The setting at fault, or null. */
  private final String field;

  /** What is wrong with it, or null when there is no field. */
  private final String problem;

  /**
   * @param message one line naming the file or setting and what is wrong
   */
  public BadInputException(String message) {
    super(message);
    this.field = null;
    this.problem = null;
  }

  /**
   * @param message one line naming the file or setting and what is wrong
   * @param cause the underlying failure
   */
  public BadInputException(String message, Throwable cause) {
    super(message, cause);
    this.field = null;
    this.problem = null;
  }

  private BadInputException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
    this.problem = problem;
  }

  /**
   * An error about one setting, e.g. {@code forField("epochs", "must be in [1, 100000], got 0")},
   * whose message is the field, a space and the problem.
   *
   * @param field the setting's field name, as config.json spells it, e.g. {@code batchSize}
   * @param problem what is wrong with it, worded to follow the setting's name
   * @return the exception
   */
  public static BadInputException forField(String field, String problem) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(problem, "problem");
    return new BadInputException(field, problem);
  }

  /**
   * @return the setting at fault, or null when the error is not about one setting
   */
  public String field() {
    return field;
  }

  /**
   * @return what is wrong with {@link #field()}, or null when there is no field
   */
  public String problem() {
    return problem;
  }
}
