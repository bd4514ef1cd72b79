package dev.pupil.augment;

import dev.pupil.image.Geometry;
import java.util.Random;

/**
 * Pads the image by {@code padding} pixels of {@code fill} on every side and crops a window of the
 * original size at a uniform position (torchvision's {@code RandomCrop(size, padding)}, the CIFAR
 * recipe of He et al. 2016, arXiv:1512.03385).
 */
public final class RandomCrop implements RandomTransform<RandomCrop.Params> {
  /**
   * @param top the window's top row in the unpadded image, in [−padding, padding]
   * @param left its left column, likewise
   */
  public record Params(int top, int left) {}

  private final int padding;
  private final int fill;

  /**
   * @param padding pixels added on each side, ≥ 0
   * @param fill the padding value, 0..255
   */
  public RandomCrop(int padding, int fill) {
    if (padding < 0) {
      throw new IllegalArgumentException("padding must be >= 0, got " + padding);
    }
    this.padding = padding;
    this.fill = fill;
  }

  @Override
  public Params sample(Random rng, ImageShape shape) {
    return new Params(
        rng.nextInt(2 * padding + 1) - padding, rng.nextInt(2 * padding + 1) - padding);
  }

  @Override
  public byte[] apply(byte[] image, ImageShape s, Params p) {
    return Geometry.crop(
        image, s.channels(), s.height(), s.width(), p.top(), p.left(), s.height(), s.width(), fill);
  }
}
