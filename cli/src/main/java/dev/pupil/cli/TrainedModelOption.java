package dev.pupil.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --model RUN_DIR|FILE}: the trained model a command reads (eval, predict, explain,
 * suggest-labels), a run folder or a model.pupil file, resolved by {@link ModelSource}.
 */
public final class TrainedModelOption {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "RUN_DIR|FILE",
      description = "A run folder or a model.pupil file.")
  Path path;

  /**
   * @return the model file and, for a run folder, the run
   * @throws dev.pupil.BadInputException when the folder holds no model or the file is missing
   */
  ModelSource resolve() {
    return ModelSource.resolve(path);
  }
}
