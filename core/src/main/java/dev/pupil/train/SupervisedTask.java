package dev.pupil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import dev.pupil.loss.SoftTargetCrossEntropy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain supervised training: cross-entropy (hard or soft targets, optional label smoothing). */
public final class SupervisedTask implements TrainingTask {
  private final SoftTargetCrossEntropy loss;

  /** @param labelSmoothing ε in [0, 1) */
  public SupervisedTask(float labelSmoothing) {
    this.loss = new SoftTargetCrossEntropy("ce", labelSmoothing);
  }

  @Override
  public List<String> lossNames() {
    return List.of("total", "ce");
  }

  @Override
  public Output forward(Trainer trainer, TrainBatch batch) {
    NDArray logits = trainer.forward(new NDList(batch.images())).head();
    NDArray ce = loss.evaluate(new NDList(batch.targets()), new NDList(logits));
    Map<String, NDArray> terms = new LinkedHashMap<>();
    terms.put("total", ce);
    terms.put("ce", ce);
    return new Output(terms, logits);
  }
}
