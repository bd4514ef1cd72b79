package dev.pupil.augment;

import dev.pupil.image.ColorEnhance;
import java.util.Random;

/**
 * Random brightness, contrast and saturation factors, each uniform in [1 − s, 1 + s], applied in
 * that order (torchvision's {@code ColorJitter(s, s, s)} with a fixed order; Krizhevsky et al.
 * 2012's colour augmentation in its common modern form).
 */
public final class ColorJitter implements RandomTransform<ColorJitter.Params> {
  /**
   * @param brightness factor, 1 = unchanged
   * @param contrast factor
   * @param saturation factor
   */
  public record Params(float brightness, float contrast, float saturation) {}

  private final double strength;

  /**
   * @param strength s in [0, 1]
   */
  public ColorJitter(double strength) {
    if (!(strength >= 0 && strength <= 1)) {
      throw new IllegalArgumentException("jitter strength must be in [0, 1], got " + strength);
    }
    this.strength = strength;
  }

  @Override
  public Params sample(Random rng, ImageShape shape) {
    return new Params(factor(rng), factor(rng), factor(rng));
  }

  private float factor(Random rng) {
    return (float) (1 - strength + 2 * strength * rng.nextDouble());
  }

  @Override
  public byte[] apply(byte[] image, ImageShape s, Params p) {
    int c = s.channels();
    int h = s.height();
    int w = s.width();
    byte[] out = ColorEnhance.brightness(image, c, h, w, p.brightness());
    out = ColorEnhance.contrast(out, c, h, w, p.contrast());
    return ColorEnhance.saturation(out, c, h, w, p.saturation());
  }
}
