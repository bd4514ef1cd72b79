package dev.pupil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import dev.pupil.loss.SoftTargetCrossEntropy;
import dev.pupil.nd.Scalars;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain supervised training: cross-entropy (hard or soft targets, optional label smoothing). When
 * the network returns auxiliary logits in training (GoogLeNet, Szegedy et al. 2015,
 * arXiv:1409.4842), each one's cross-entropy is added to {@code total} with weight 0.3 and their
 * sum is reported as the term {@code aux}.
 */
public final class SupervisedTask implements TrainingTask {
  /** The weight of each auxiliary classifier's loss (Szegedy et al. 2015, §5). */
  public static final float AUX_WEIGHT = 0.3f;

  private final SoftTargetCrossEntropy loss;
  private final boolean auxiliary;

  /**
   * @param labelSmoothing ε in [0, 1)
   */
  public SupervisedTask(float labelSmoothing) {
    this(labelSmoothing, false);
  }

  /**
   * @param labelSmoothing ε in [0, 1)
   * @param auxiliary whether the network has auxiliary heads (adds the {@code aux} term)
   */
  public SupervisedTask(float labelSmoothing, boolean auxiliary) {
    this.loss = new SoftTargetCrossEntropy("ce", labelSmoothing);
    this.auxiliary = auxiliary;
  }

  @Override
  public List<String> lossNames() {
    return auxiliary ? List.of("total", "ce", "aux") : List.of("total", "ce");
  }

  @Override
  public Output forward(Trainer trainer, TrainBatch batch) {
    NDList out = trainer.forward(new NDList(batch.images()));
    NDArray logits = out.head();
    NDList targets = new NDList(batch.targets());
    NDArray ce = loss.evaluate(targets, new NDList(logits));
    Map<String, NDArray> terms = new LinkedHashMap<>();
    NDArray total = ce;
    NDArray aux = null;
    for (int i = 1; i < out.size(); i++) {
      NDArray a = loss.evaluate(targets, new NDList(out.get(i)));
      aux = aux == null ? a : aux.add(a);
    }
    if (aux != null) {
      total = ce.add(Scalars.mul(aux, AUX_WEIGHT));
    }
    terms.put("total", total);
    terms.put("ce", ce);
    if (auxiliary) {
      terms.put("aux", aux == null ? ce.zerosLike() : aux);
    }
    return new Output(terms, logits);
  }
}
