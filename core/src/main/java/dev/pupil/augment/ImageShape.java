package dev.pupil.augment;

/**
 * The shape of one unsigned-byte C×H×W image.
 *
 * @param channels 1 or 3
 * @param height rows
 * @param width columns
 */
public record ImageShape(int channels, int height, int width) {
  /** Validates the sizes. */
  public ImageShape {
    if (channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "image shape must be positive, got " + channels + "x" + height + "x" + width);
    }
  }

  /**
   * @return C×H×W
   */
  public int bytes() {
    return channels * height * width;
  }
}
