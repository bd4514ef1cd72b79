package dev.pupil.cli;

import ai.djl.Device;
import dev.pupil.BadInputException;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.TorchScript;
import dev.pupil.run.RunConfig;
import dev.pupil.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model named on the command line: a run folder (its model.pupil, and its config.json when there)
 * or a model file (inside a run folder or not).
 *
 * @param file the model file
 * @param run the run folder it belongs to, or null
 * @param config the run's configuration, or null
 */
record ModelSource(Path file, RunDirectory run, RunConfig config) {

  /**
   * @param path a run folder or a model file
   * @return the resolved source
   * @throws BadInputException when the path is missing, or a folder without model.pupil
   */
  static ModelSource resolve(Path path) {
    if (Files.isDirectory(path)) {
      Path file = path.resolve("model.pupil");
      if (!Files.isRegularFile(file)) {
        throw new BadInputException(path + " holds no model.pupil (is the run finished?)");
      }
      return withRun(file, path);
    }
    if (!Files.exists(path)) {
      throw new BadInputException(path + " does not exist");
    }
    Path parent = path.toAbsolutePath().getParent();
    return parent != null && Files.isRegularFile(parent.resolve("config.json"))
        ? withRun(path, parent)
        : new ModelSource(path, null, null);
  }

  private static ModelSource withRun(Path file, Path dir) {
    if (!Files.isRegularFile(dir.resolve("config.json"))) {
      return new ModelSource(file, null, null);
    }
    RunDirectory run = RunDirectory.open(dir);
    return new ModelSource(file, run, RunConfig.read(run.configFile()));
  }

  /**
   * @return the model, on the CPU (close it); refuses a TorchScript-backed one
   */
  ClassifierModel load() {
    return load(TorchScript.Permission.DENY);
  }

  /**
   * @param torchScript whether a model with a TorchScript backbone (code from the file) may load
   * @return the model, on the CPU (close it)
   */
  ClassifierModel load(TorchScript.Permission torchScript) {
    return ClassifierModel.load(file, Device.cpu(), torchScript);
  }
}
