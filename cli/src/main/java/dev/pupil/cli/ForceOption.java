package dev.pupil.cli;

import picocli.CommandLine.Option;

/**
 * {@code --force}: lets a command replace output files that already exist. Without it, a command
 * that would replace one stops before writing anything (see {@link OutputPlan}).
 */
public final class ForceOption {
  @Option(names = "--force", description = "Replace output files that already exist.")
  boolean force;

  /**
   * @return whether {@code --force} was given
   */
  public boolean force() {
    return force;
  }
}
