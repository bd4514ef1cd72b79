package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.train.TrainingDivergedException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;

/**
 * Turns every failure into one line on stderr and an exit code: bad usage (picocli's parameter
 * errors), {@link BadInputException}, and file-system errors about a path the user gave print
 * {@code pupil: <message>} and exit 2; anything else prints {@code pupil: error: <message>} and
 * exits 1, with the stack trace only under {@code --debug}. Where core names a setting by its field
 * (a field error, a diverged run's advice), the line names its flag instead ({@link FlagNames}).
 */
final class ErrorHandler
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    PrintWriter err = ex.getCommandLine().getErr();
    String hint = " (see `" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help`)";
    err.println("pupil: " + firstLine(ex.getMessage()) + hint);
    err.flush();
    return Pupil.BAD_INPUT;
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    int code;
    String bad = badInputMessage(ex);
    if (bad != null) {
      err.println("pupil: " + bad);
      code = Pupil.BAD_INPUT;
    } else {
      err.println("pupil: error: " + describe(ex));
      code = Pupil.FAILURE;
    }
    if (Pupil.debug(cmd.getCommandSpec())) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** The one-line message for a failure caused by the user's input, or null for other failures. */
  static String badInputMessage(Throwable ex) {
    Throwable t = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
    if (t instanceof BadInputException b) {
      return firstLine(FlagNames.message(b));
    }
    if (t instanceof NoSuchFileException f) {
      return f.getFile() + " does not exist";
    }
    if (t instanceof NotDirectoryException f) {
      return f.getFile() + " is not a folder";
    }
    if (t instanceof AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (t instanceof FileAlreadyExistsException f) {
      return f.getFile() + " already exists";
    }
    if (t instanceof FileSystemException f && f.getFile() != null) {
      return firstLine(f.getMessage());
    }
    return null;
  }

  /** The exception's message, or its class and the first message among its causes. */
  static String describe(Throwable ex) {
    if (ex instanceof TrainingDivergedException d) {
      return firstLine(d.message(FlagNames::flag));
    }
    if (ex.getMessage() != null && !ex.getMessage().isBlank()) {
      return firstLine(ex.getMessage());
    }
    String m = null;
    for (Throwable c = ex.getCause(); c != null && m == null; c = c.getCause()) {
      m = c.getMessage();
    }
    return ex.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m));
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
