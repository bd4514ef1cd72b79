package dev.pupil.cli;

import dev.pupil.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code --resume RUN} may be given with: the run's config.json fixes everything else. */
final class ResumeOptions {
  private ResumeOptions() {}

  /**
   * Refuses every option on the command line but {@code --resume}, the output options and the
   * ones named.
   *
   * @param spec the command
   * @param run the run being resumed, for the message
   * @param alsoAllowed further options that may be given (e.g. {@code --allow-torchscript})
   * @throws BadInputException naming the first other option given
   */
  static void requireOnly(CommandSpec spec, Path run, String... alsoAllowed) {
    List<String> allowed = new ArrayList<>(List.of("--resume"));
    allowed.addAll(List.of(alsoAllowed));
    spec.mixins().get("output").options().forEach(o -> allowed.add(o.longestName()));
    for (var o : spec.commandLine().getParseResult().matchedOptions()) {
      if (!allowed.contains(o.longestName())) {
        throw new BadInputException(
            "--resume continues " + run + " with its own settings; drop " + o.longestName());
      }
    }
  }
}
