package dev.pupil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.Trainer;
import java.util.List;
import java.util.Map;

/**
 * What one training step computes: the forward pass and the loss, as named terms (as timm's task
 * objects do). The loop backpropagates {@code total} and logs every term per epoch. Distillation
 * and self-training are tasks on the same loop.
 */
public interface TrainingTask {
  /**
   * @return the names of the loss terms, {@code total} first
   */
  List<String> lossNames();

  /**
   * Runs the forward pass in training mode and computes the loss terms.
   *
   * @param trainer DJL's trainer (its {@code forward} runs the student network)
   * @param batch the batch
   * @return the output: the terms by name (scalar arrays) and the logits
   */
  Output forward(Trainer trainer, TrainBatch batch);

  /**
   * @param losses named scalar loss terms, {@code total} among them
   * @param logits the network's N × C logits
   * @param counts named counts that are not losses (e.g. FixMatch's rows above the confidence
   *     threshold); the loop sums each over the epoch and records {@code hits / of} in {@link
   *     EpochMetrics#rates()}
   */
  record Output(Map<String, NDArray> losses, NDArray logits, Map<String, Count> counts) {
    /**
     * An output without counts.
     *
     * @param losses named scalar loss terms, {@code total} among them
     * @param logits the network's N × C logits
     */
    public Output(Map<String, NDArray> losses, NDArray logits) {
      this(losses, logits, Map.of());
    }
  }

  /**
   * A count within one batch, such as the rows that passed a test.
   *
   * @param hits how many did
   * @param of out of how many
   */
  record Count(long hits, long of) {}
}
