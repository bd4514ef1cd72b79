package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.data.BadImagePolicy;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --on-bad-image fail|skip} for commands that read image files given to them ({@code
 * predict}, {@code suggest-labels}): stop at an unreadable image, or leave it out with a warning
 * line naming it.
 */
final class OnBadImageOption {
  @Option(
      names = "--on-bad-image",
      paramLabel = "fail|skip",
      description = "Stop at an unreadable image (fail, default) or skip it with a warning.")
  String value;

  /**
   * @return whether the option was given
   */
  boolean given() {
    return value != null;
  }

  /**
   * @return the policy
   * @throws BadInputException naming the option when the value is neither fail nor skip
   */
  BadImagePolicy policy() {
    if (value == null || value.equalsIgnoreCase("fail")) {
      return BadImagePolicy.FAIL;
    }
    if (value.equalsIgnoreCase("skip")) {
      return BadImagePolicy.SKIP;
    }
    throw new BadInputException("--on-bad-image must be fail or skip, got '" + value + "'");
  }

  /**
   * Prints one warning line per skipped file, on stderr.
   *
   * @param output the command's streams
   * @param skipped the files left out
   */
  static void warn(Output output, List<Path> skipped) {
    for (Path p : skipped) {
      output.err().println("warning: skipped " + p + ": not a readable image");
    }
    output.err().flush();
  }
}
