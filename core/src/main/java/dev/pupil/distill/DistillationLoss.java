package dev.pupil.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.pupil.loss.KlDivergence;
import dev.pupil.loss.SoftTargetCrossEntropy;
import dev.pupil.nd.Scalars;

/**
 * The distillation objective of Hinton, Vinyals &amp; Dean 2015 (arXiv:1503.02531), per image:
 * {@code α · T² · KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α) · CE(y, softmax(s))} for an image with
 * label {@code y}, and the distillation term {@code T² · KL} alone for an image without one ({@link
 * dev.pupil.data.ImageSet#UNLABELED}); the total is the mean over the batch. The KL term is {@link
 * KlDivergence}, the student term {@link SoftTargetCrossEntropy} at T = 1.
 *
 * <p>At α = 0 on labeled images it is plain cross-entropy; at α = 1 it is pure distillation.
 */
public final class DistillationLoss {
  private final KlDivergence kl;
  private final SoftTargetCrossEntropy ce = new SoftTargetCrossEntropy();
  private final float alpha;

  /**
   * The three terms of one batch, scalars.
   *
   * @param total what is backpropagated: the mean of the per-image losses
   * @param kl the mean of {@code T² · KL} over every image
   * @param ce the mean cross-entropy over the labeled images (0 when there are none)
   */
  public record Terms(NDArray total, NDArray kl, NDArray ce) {}

  /**
   * @param temperature the softmax temperature T, &gt; 0
   * @param alpha the weight α of the distillation term on labeled images, in [0, 1]
   */
  public DistillationLoss(float temperature, float alpha) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
    }
    this.kl = new KlDivergence("kl", temperature);
    this.alpha = alpha;
  }

  /**
   * @return the temperature T
   */
  public float temperature() {
    return kl.temperature();
  }

  /**
   * @return the weight α of the distillation term
   */
  public float alpha() {
    return alpha;
  }

  /**
   * Computes the terms.
   *
   * @param logits the student's logits, N × C
   * @param teacherLogits the teacher's logits for the same images, N × C (constants)
   * @param labels hard labels (N, {@link dev.pupil.data.ImageSet#UNLABELED} where there is none),
   *     soft targets (N × C, every row labeled), or null when no image has a label
   * @return total, kl and ce
   */
  public Terms compute(NDArray logits, NDArray teacherLogits, NDArray labels) {
    NDArray klRows = kl.perSample(teacherLogits, logits);
    NDArray klMean = klRows.mean();
    if (labels == null) {
      return new Terms(klMean, klMean, klMean.zerosLike());
    }
    if (labels.getShape().dimension() == 2) {
      NDArray ceRows = ce.perSample(labels, logits);
      NDArray total = Scalars.mul(klRows, alpha).add(Scalars.mul(ceRows, 1 - alpha)).mean();
      return new Terms(total, klMean, ceRows.mean());
    }
    NDArray hard = labels.toType(DataType.INT32, false);
    NDArray mask = hard.gte(0).toType(logits.getDataType(), false);
    // Unlabeled rows get class 0 here only to keep one_hot defined; the mask zeroes their CE.
    NDArray ceRows = ce.perSample(hard.maximum(0), logits).mul(mask);
    NDArray labeledLoss = Scalars.mul(klRows, alpha).add(Scalars.mul(ceRows, 1 - alpha));
    NDArray perRow = labeledLoss.mul(mask).add(klRows.mul(mask.neg().add(1)));
    NDArray ceMean = ceRows.sum().div(mask.sum().maximum(1));
    return new Terms(perRow.mean(), klMean, ceMean);
  }
}
