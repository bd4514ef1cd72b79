package dev.pupil.train;

import dev.pupil.BadInputException;
import dev.pupil.io.AtomicFiles;
import dev.pupil.models.ClassifierModel;
import dev.pupil.optim.StatefulOptimizer;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checkpoints of one {@link TrainingLoop} run: last.ckpt after every epoch (the trained
 * weights, the optimizer's state and, when validation measures another model, that model's weights
 * too) and best.ckpt when validation improves, each written atomically; restoring them on resume,
 * after removing the temporary files a killed run left behind. Failures name the file.
 */
final class CheckpointFolder {
  private final Path dir;

  /**
   * @param dir the folder, which need not exist yet
   */
  CheckpointFolder(Path dir) {
    this.dir = dir;
  }

  /**
   * @return last.ckpt
   */
  Path last() {
    return dir.resolve("last.ckpt");
  }

  /**
   * @return best.ckpt
   */
  Path best() {
    return dir.resolve("best.ckpt");
  }

  /**
   * Loads the last checkpoint into the models and the optimizer, when there is one.
   *
   * @param model the trained model
   * @param evaluated the evaluated model (the trained one or, e.g., its moving average)
   * @param optimizer the optimizer
   * @param seed the run's seed
   * @param batches batches per epoch
   * @param images images per epoch
   * @return the restored loop state, or null when there is no checkpoint
   * @throws BadInputException when it is corrupt or was written for another run
   */
  Checkpoint.State restore(
      ClassifierModel model,
      ClassifierModel evaluated,
      StatefulOptimizer optimizer,
      long seed,
      int batches,
      int images) {
    deleteLeftovers();
    Path last = last();
    if (!Files.exists(last)) {
      return null;
    }
    Checkpoint.Contents c = Checkpoint.read(last);
    c.state().requireCompatible(last, seed, batches, images);
    model.loadParameterBytes(c.params());
    if (evaluated != model) {
      if (c.evaluatedParams().length == 0) {
        throw new BadInputException(
            last
                + " holds no weights of the evaluated (averaged) model, so this run cannot "
                + "continue exactly from it");
      }
      evaluated.loadParameterBytes(c.evaluatedParams());
    }
    c.restoreOptimizer(optimizer, model.djlModel().getNDManager());
    return c.state();
  }

  /**
   * Writes last.ckpt, and best.ckpt when validation improved.
   *
   * @param state the loop's state
   * @param model the trained model
   * @param evaluated the evaluated model
   * @param optimizer the optimizer
   * @param improved whether this epoch is the best so far
   */
  void save(
      Checkpoint.State state,
      ClassifierModel model,
      ClassifierModel evaluated,
      StatefulOptimizer optimizer,
      boolean improved) {
    byte[] params = model.parameterBytes();
    byte[] averaged = evaluated == model ? null : evaluated.parameterBytes();
    write(last(), state, params, optimizer, averaged);
    if (improved) {
      write(best(), state, evaluated == model ? params : averaged, null, null);
    }
  }

  /**
   * Loads best.ckpt's weights into the evaluated model, when the file exists.
   *
   * @param evaluated the evaluated model
   */
  void loadBest(ClassifierModel evaluated) {
    if (Files.exists(best())) {
      evaluated.loadParameterBytes(Checkpoint.read(best()).params());
    }
  }

  /** Removes checkpoint temporary files that a killed run left behind. */
  private void deleteLeftovers() {
    try {
      AtomicFiles.deleteLeftovers(last());
      AtomicFiles.deleteLeftovers(best());
    } catch (IOException e) {
      throw new BadInputException("cannot clean up " + dir + ": " + reason(e), e);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + " is in the way (not a folder)";
    }
    if (e instanceof FileSystemException f) {
      return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
    }
    return e.getMessage();
  }

  /** Writes one checkpoint; a failure (unwritable folder, full disk) names the file. */
  private static void write(
      Path file,
      Checkpoint.State state,
      byte[] params,
      StatefulOptimizer optimizer,
      byte[] evaluatedParams) {
    try {
      Checkpoint.write(file, state, params, optimizer, evaluatedParams);
    } catch (IOException e) {
      throw new BadInputException(
          "cannot write checkpoint "
              + file
              + ": "
              + reason(e)
              + " (the previous checkpoint is kept)",
          e);
    }
  }
}
