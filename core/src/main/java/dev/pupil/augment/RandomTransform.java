package dev.pupil.augment;

import java.util.Random;

/**
 * A random transform in torchvision v2's two steps: {@link #sample} draws every random parameter
 * once into a record, and {@link #apply} applies them deterministically through a kernel of {@code
 * dev.pupil.image}. Tests fix the parameters and check pixels.
 *
 * @param <P> the parameter record
 */
public interface RandomTransform<P> extends Augmentation {
  /**
   * Draws the parameters for one image.
   *
   * @param rng the generator
   * @param shape the image's shape
   * @return the parameters
   */
  P sample(Random rng, ImageShape shape);

  /**
   * Applies fixed parameters.
   *
   * @param image C×H×W unsigned bytes (not modified)
   * @param shape its shape
   * @param params the parameters
   * @return the transformed image (the input itself when the parameters say "no change")
   */
  byte[] apply(byte[] image, ImageShape shape, P params);

  @Override
  default byte[] augment(byte[] image, ImageShape shape, Random rng) {
    return apply(image, shape, sample(rng, shape));
  }
}
