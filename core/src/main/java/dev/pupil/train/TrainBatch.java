package dev.pupil.train;

import ai.djl.ndarray.NDArray;

/**
 * One training batch on the device.
 *
 * @param images N × C × H × W, normalized
 * @param targets hard labels (N) or soft targets (N × C)
 * @param hardLabels the hard labels where known (for training accuracy), else null
 */
public record TrainBatch(NDArray images, NDArray targets, int[] hardLabels) {
  /** @return the number of images */
  public int size() {
    return (int) images.getShape().get(0);
  }
}
