package dev.pupil.augment;

import java.util.Random;

/**
 * A random per-image augmentation: a pure function of the image and the generator's state, so that
 * a generator seeded per image gives the same result on any thread.
 */
public interface Augmentation {
  /**
   * Augments one image. Shape-preserving: the result has the same shape as the input.
   *
   * @param image C×H×W unsigned bytes (not modified)
   * @param shape its shape
   * @param rng the image's generator
   * @return a new image (or the input itself when nothing changed)
   */
  byte[] augment(byte[] image, ImageShape shape, Random rng);
}
