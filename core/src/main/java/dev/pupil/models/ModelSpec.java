package dev.pupil.models;

import dev.pupil.BadInputException;

/**
 * What a network is built for: its input (channels × height × width) and its number of classes.
 *
 * @param channels input channels, 1 or 3
 * @param height input height in pixels
 * @param width input width in pixels
 * @param numClasses number of output classes
 */
public record ModelSpec(int channels, int height, int width, int numClasses) {
  /** Validates the fields. */
  public ModelSpec {
    if (channels != 1 && channels != 3) {
      throw new BadInputException("channels must be 1 or 3, got " + channels);
    }
    if (height < 1 || width < 1) {
      throw new BadInputException("input size must be positive, got " + height + "x" + width);
    }
    if (numClasses < 2) {
      throw new BadInputException("a classifier needs at least 2 classes, got " + numClasses);
    }
  }
}
