package dev.pupil.spark;

import dev.pupil.BadInputException;

/**
 * Turns what a failed Spark job throws back into Pupil's errors: a {@link BadInputException} raised
 * in a task (an unreadable image under the fail policy, say) reaches the driver wrapped in a {@code
 * SparkException}, sometimes only as text in its message, and the CLI must still exit 2 with that
 * one line.
 */
final class SparkFailures {
  private SparkFailures() {}

  /**
   * @param e what the job threw
   * @return the bad-input error it carries, or the exception itself (unchecked)
   */
  static RuntimeException translate(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BadInputException b) {
        return new BadInputException(b.getMessage(), e);
      }
    }
    String m = String.valueOf(e.getMessage());
    int at = m.indexOf(BadInputException.class.getName() + ": ");
    if (at >= 0) {
      String rest = m.substring(at + BadInputException.class.getName().length() + 2);
      int nl = rest.indexOf('\n');
      return new BadInputException(nl < 0 ? rest : rest.substring(0, nl), e);
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
  }
}
