package dev.pupil.train;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a trainer keeps what it produces: checkpoints, metrics.jsonl, the model file and its own
 * records. The trainers write through this interface and so never depend on the run folder that
 * implements it ({@code dev.pupil.run.RunDirectory}, which also holds config.json, run.json and the
 * evaluation): the run layer sits above training, not beside it.
 */
public interface TrainingOutput {
  /**
   * @return the folder
   */
  Path root();

  /**
   * @return the checkpoint folder (last and best weights, optimizer state)
   */
  Path checkpoints();

  /**
   * @return where the trained model goes (model.pupil)
   */
  Path modelFile();

  /**
   * Rewrites metrics.jsonl with the whole history, atomically.
   *
   * @param history every epoch so far
   */
  void writeMetrics(List<EpochMetrics> history);

  /**
   * Writes a JSON file atomically.
   *
   * @param file the file, inside {@link #root()}
   * @param value the value
   */
  void writeJson(Path file, Object value);

  /**
   * A nested output, created when missing: each round of self-training has its own.
   *
   * @param name the sub-folder's name
   * @return the nested output
   */
  TrainingOutput child(String name);

  /**
   * Makes a training loop keep its checkpoints here and rewrite metrics.jsonl after every epoch.
   *
   * @param loop the loop being built
   * @return the same builder
   */
  default TrainingLoop.Builder attach(TrainingLoop.Builder loop) {
    loop.optCheckpointDir(checkpoints());
    return loop.addListener(
        new TrainingLoop.Listener() {
          @Override
          public void onEpoch(EpochMetrics m, List<EpochMetrics> history) {
            writeMetrics(history);
          }
        });
  }
}
