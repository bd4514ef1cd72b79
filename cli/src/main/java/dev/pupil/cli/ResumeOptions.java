package dev.pupil.cli;

import dev.pupil.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The check that {@code --resume RUN} does not come with options that the run's config.json fixes,
 * naming the first one given.
 */
final class ResumeOptions {
  private ResumeOptions() {}

  /**
   * Refuses every option on the command line but {@code --resume}, the output options and the ones
   * named.
   *
   * @param spec the command
   * @param run the run being resumed, for the message
   * @param alsoAllowed further options that may be given (e.g. {@code --allow-torchscript})
   * @throws BadInputException naming the first other option given
   */
  static void requireOnly(CommandSpec spec, Path run, String... alsoAllowed) {
    List<String> allowed = allowed(spec, alsoAllowed);
    for (var o : spec.commandLine().getParseResult().matchedOptions()) {
      if (!allowed.contains(o.longestName())) {
        throw refused(run, o.longestName());
      }
    }
  }

  /**
   * Refuses the named options when they are on the command line: those config.json fixes for a
   * command whose resume still takes its training options.
   *
   * @param spec the command
   * @param run the run being resumed, for the message
   * @param fixed the options the run's config.json fixes
   * @throws BadInputException naming the first of them given
   */
  static void refuse(CommandSpec spec, Path run, List<String> fixed) {
    var parsed = spec.commandLine().getParseResult();
    for (String name : fixed) {
      if (parsed.hasMatchedOption(name)) {
        throw refused(run, name);
      }
    }
  }

  private static BadInputException refused(Path run, String option) {
    return new BadInputException(
        "--resume continues " + run + " with its own settings; drop " + option);
  }

  private static List<String> allowed(CommandSpec spec, String... alsoAllowed) {
    List<String> allowed = new ArrayList<>(List.of("--resume"));
    allowed.addAll(List.of(alsoAllowed));
    spec.mixins().get("output").options().forEach(o -> allowed.add(o.longestName()));
    return allowed;
  }
}
