package dev.pupil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pupil data}: the group of dataset commands, {@code fetch} and {@code info}. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Download named datasets and describe datasets or image folders.",
    subcommands = {DataFetchCommand.class, DataInfoCommand.class})
final class DataCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "data needs a subcommand: fetch or info");
  }
}
