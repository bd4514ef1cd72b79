package dev.pupil.semisup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import dev.pupil.data.ImageSet;
import dev.pupil.loss.SoftTargetCrossEntropy;
import dev.pupil.nd.Scalars;
import dev.pupil.train.TrainBatch;
import dev.pupil.train.TrainingLoop;
import dev.pupil.train.TrainingTask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A self-training step on Pupil's one loop: Pseudo-Label's loss (Lee 2013, ICML workshop, eq. 15)
 * {@code total = ce + α(t) · pseudo}, where {@code ce} is the mean cross-entropy over the batch's
 * labeled rows and {@code pseudo} the mean cross-entropy over its pseudo-labeled rows (hard or soft
 * targets; rows whose {@link TrainBatch#hardLabels()} entry is {@link ImageSet#UNLABELED}, as
 * {@link PseudoLabeledImages} marks them). α(t) comes from a {@link RampUp}: the task is also a
 * loop listener that sets the weight at the start of each epoch, from the epoch alone. Reports
 * {@code total}, {@code ce} and {@code pseudo}. Noisy Student (Xie et al. 2020, arXiv:1911.04252)
 * uses a constant weight.
 */
public final class SelfTrainingTask implements TrainingTask, TrainingLoop.Listener {
  private final SoftTargetCrossEntropy loss;
  private final RampUp rampUp;
  private float weight;

  /**
   * @param rampUp the weight of the pseudo-labeled term over epochs
   * @param labelSmoothing ε in [0, 1), applied to both terms
   */
  public SelfTrainingTask(RampUp rampUp, float labelSmoothing) {
    this.loss = new SoftTargetCrossEntropy("ce", labelSmoothing);
    this.rampUp = rampUp;
    this.weight = rampUp.weight(1);
  }

  /**
   * @return the pseudo-labeled term's weight in the current epoch
   */
  public float weight() {
    return weight;
  }

  @Override
  public void onEpochStart(int epoch) {
    weight = rampUp.weight(epoch);
  }

  @Override
  public List<String> lossNames() {
    return List.of("total", "ce", "pseudo");
  }

  @Override
  public Output forward(Trainer trainer, TrainBatch batch) {
    NDArray logits = trainer.forward(new NDList(batch.images())).head();
    NDArray perRow = loss.perSample(batch.targets(), logits);
    int n = batch.size();
    float[] labeledMask = new float[n];
    int labeled = 0;
    int[] hard = batch.hardLabels();
    for (int i = 0; i < n; i++) {
      if (hard == null || hard[i] != ImageSet.UNLABELED) {
        labeledMask[i] = 1f;
        labeled++;
      }
    }
    float[] pseudoMask = new float[n];
    for (int i = 0; i < n; i++) {
      pseudoMask[i] = 1f - labeledMask[i];
    }
    int pseudo = n - labeled;
    NDArray lm = perRow.getManager().create(labeledMask);
    NDArray pm = perRow.getManager().create(pseudoMask);
    NDArray ce = Scalars.div(perRow.mul(lm).sum(), Math.max(1, labeled));
    NDArray ps = Scalars.div(perRow.mul(pm).sum(), Math.max(1, pseudo));
    Map<String, NDArray> terms = new LinkedHashMap<>();
    terms.put("total", ce.add(Scalars.mul(ps, weight)));
    terms.put("ce", ce);
    terms.put("pseudo", ps);
    return new Output(terms, logits);
  }
}
