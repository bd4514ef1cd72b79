package dev.pupil.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import dev.pupil.loss.SoftTargetCrossEntropy;
import dev.pupil.models.ClassifierBlock;
import dev.pupil.models.TorchScriptBackbone;
import dev.pupil.train.TrainBatch;
import dev.pupil.train.TrainingTask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training step whose head trains while the backbone's statistics stay fixed: either the batch
 * already holds the backbone's features ({@link CachedFeatures}), or the backbone runs in inference
 * mode (batch norm uses its running statistics and does not update them; dropout off) with
 * gradients still flowing into whatever backbone parameters train — as Keras's transfer-learning
 * guide calls {@code base_model(x, training=False)}. The head runs in training mode. The loss is
 * cross-entropy ({@code total} = {@code ce}).
 */
public final class TransferTask implements TrainingTask {
  private final ClassifierBlock block;
  private final boolean cached;
  private final SoftTargetCrossEntropy loss;

  /**
   * @param block the classifier being trained
   * @param cached whether batches hold features (true) or images (false)
   * @param labelSmoothing ε in [0, 1)
   */
  public TransferTask(ClassifierBlock block, boolean cached, float labelSmoothing) {
    this.block = block;
    this.cached = cached;
    this.loss = new SoftTargetCrossEntropy("ce", labelSmoothing);
  }

  @Override
  public List<String> lossNames() {
    return List.of("total", "ce");
  }

  @Override
  public Output forward(Trainer trainer, TrainBatch batch) {
    // The trainer has registered every parameter (TrainingLoop initializes it); a store without
    // copies hands the blocks the parameters' own arrays, so their gradients reach the optimizer.
    ParameterStore ps = new ParameterStore(batch.images().getManager(), false);
    NDList features = cached ? new NDList(batch.images()) : frozenStatistics(ps, batch.images());
    NDArray logits = block.head().forward(ps, features, true).head();
    NDArray ce = loss.evaluate(new NDList(batch.targets()), new NDList(logits));
    Map<String, NDArray> terms = new LinkedHashMap<>();
    terms.put("total", ce);
    terms.put("ce", ce);
    return new Output(terms, logits);
  }

  private NDList frozenStatistics(ParameterStore ps, NDArray images) {
    if (block.backbone() instanceof TorchScriptBackbone t) {
      return t.run(images, true, false);
    }
    return new NDList(block.embed(ps, new NDList(images), false).head());
  }
}
