package dev.pupil.models;

import dev.pupil.BadInputException;

/**
 * The spatial size of the feature map while a network is assembled, so that builders can leave out
 * pools that no longer fit and size auxiliary heads.
 */
final class FeatureSize {
  private final String model;
  private long height;
  private long width;

  FeatureSize(String model, ModelSpec spec) {
    this.model = model;
    this.height = spec.height();
    this.width = spec.width();
  }

  /** Applies a window (conv or pool) of side {@code k}, stride {@code s} and padding {@code p}. */
  FeatureSize window(int k, int s, int p) {
    long h = Math.floorDiv(height + 2L * p - k, s) + 1;
    long w = Math.floorDiv(width + 2L * p - k, s) + 1;
    if (h < 1 || w < 1) {
      throw new BadInputException(
          model
              + " cannot be built for a "
              + height
              + "x"
              + width
              + " feature map (input too small)");
    }
    height = h;
    width = w;
    return this;
  }

  /**
   * @return whether a window of side {@code k} (with padding {@code p}) still fits
   */
  boolean fits(int k, int p) {
    return height + 2L * p >= k && width + 2L * p >= k;
  }

  long height() {
    return height;
  }

  long width() {
    return width;
  }

  long min() {
    return Math.min(height, width);
  }
}
