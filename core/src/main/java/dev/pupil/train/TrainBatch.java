package dev.pupil.train;

import ai.djl.ndarray.NDArray;

/**
 * One training batch on the device.
 *
 * @param images N × C × H × W, normalized
 * @param targets hard labels (N; {@link dev.pupil.data.ImageSet#UNLABELED} marks a row without a
 *     label, for tasks that accept such rows) or soft targets (N × C)
 * @param hardLabels the labels that training accuracy counts against (for soft targets from a
 *     mixer, each row's dominant class; rows marked unlabeled are not counted), or null where there
 *     are none
 * @param teacherLogits a frozen teacher's N × C logits for these very images, when the source has
 *     them cached (knowledge distillation); null otherwise
 */
public record TrainBatch(NDArray images, NDArray targets, int[] hardLabels, NDArray teacherLogits) {
  /**
   * A batch without teacher logits.
   *
   * @param images N × C × H × W, normalized
   * @param targets hard labels (N) or soft targets (N × C)
   * @param hardLabels the labels that training accuracy counts against, or null
   */
  public TrainBatch(NDArray images, NDArray targets, int[] hardLabels) {
    this(images, targets, hardLabels, null);
  }

  /**
   * @return the number of images
   */
  public int size() {
    return (int) images.getShape().get(0);
  }
}
