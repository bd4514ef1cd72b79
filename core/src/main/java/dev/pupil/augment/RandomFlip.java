package dev.pupil.augment;

import dev.pupil.image.Geometry;
import java.util.Random;

/** Flips an image with probability {@code p}, left–right or top–bottom. */
public final class RandomFlip implements RandomTransform<RandomFlip.Params> {
  /** The mirror axis. */
  public enum Axis {
    /** Left–right (torchvision's RandomHorizontalFlip). */
    HORIZONTAL,
    /** Top–bottom (RandomVerticalFlip). */
    VERTICAL
  }

  /**
   * @param flip whether to flip this image
   */
  public record Params(boolean flip) {}

  private final Axis axis;
  private final double p;

  /**
   * @param axis which mirror
   * @param p probability of flipping, in [0, 1]
   */
  public RandomFlip(Axis axis, double p) {
    AugmentSpec.requireProbability("p", p);
    this.axis = axis;
    this.p = p;
  }

  @Override
  public Params sample(Random rng, ImageShape shape) {
    return new Params(rng.nextDouble() < p);
  }

  @Override
  public byte[] apply(byte[] image, ImageShape s, Params params) {
    if (!params.flip()) {
      return image;
    }
    return axis == Axis.HORIZONTAL
        ? Geometry.flipHorizontal(image, s.channels(), s.height(), s.width())
        : Geometry.flipVertical(image, s.channels(), s.height(), s.width());
  }
}
