package dev.pupil.train;

import ai.djl.ndarray.NDArray;

/**
 * One training batch on the device.
 *
 * @param images N × C × H × W, normalized
 * @param targets hard labels (N) or soft targets (N × C)
 * @param hardLabels the labels that training accuracy counts against (for soft targets from a
 *     mixer, each row's dominant class), or null where there are none
 */
public record TrainBatch(NDArray images, NDArray targets, int[] hardLabels) {
  /** @return the number of images */
  public int size() {
    return (int) images.getShape().get(0);
  }
}
