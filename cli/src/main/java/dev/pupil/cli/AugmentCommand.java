package dev.pupil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pupil augment}: the group of augmentation commands, {@code preview} and {@code search}.
 */
@Command(
    name = "augment",
    mixinStandardHelpOptions = true,
    description = "Preview augmentation pipelines and search RandAugment's (N, M).",
    subcommands = {AugmentPreviewCommand.class, AugmentSearchCommand.class})
final class AugmentCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "augment needs a subcommand: preview or search");
  }
}
