package dev.pupil.augment;

import dev.pupil.image.AffineWarp;
import dev.pupil.image.AffineWarp.Interpolation;
import java.util.Random;

/**
 * Random rotation, translation and shear about the image centre (torchvision's {@code
 * RandomAffine(degrees, translate, shear)}; with only {@code degrees} it is {@code
 * RandomRotation}). Angles and shears are uniform in ±limit, translations uniform in ±fraction of
 * the size and rounded, as torchvision's {@code get_params}.
 */
public final class RandomAffine implements RandomTransform<RandomAffine.Params> {
  /**
   * @param angle rotation, degrees counter-clockwise
   * @param tx translation in columns
   * @param ty translation in rows
   * @param shearX shear parallel to x, degrees
   * @param shearY shear parallel to y, degrees
   */
  public record Params(double angle, int tx, int ty, double shearX, double shearY) {}

  private final double degrees;
  private final double translate;
  private final double shear;
  private final Interpolation interpolation;
  private final int fill;

  /**
   * @param degrees largest rotation, ≥ 0
   * @param translate largest translation as a fraction of the size, in [0, 1]
   * @param shear largest shear in degrees along each axis, in [0, 90)
   * @param interpolation sampling
   * @param fill value of uncovered pixels, 0..255
   */
  public RandomAffine(
      double degrees, double translate, double shear, Interpolation interpolation, int fill) {
    if (!(degrees >= 0 && translate >= 0 && translate <= 1 && shear >= 0 && shear < 90)) {
      throw new IllegalArgumentException(
          "need degrees >= 0, translate in [0, 1], shear in [0, 90), got "
              + degrees
              + ", "
              + translate
              + ", "
              + shear);
    }
    this.degrees = degrees;
    this.translate = translate;
    this.shear = shear;
    this.interpolation = interpolation;
    this.fill = fill;
  }

  @Override
  public Params sample(Random rng, ImageShape s) {
    double angle = symmetric(rng, degrees);
    int tx = (int) Math.round(symmetric(rng, translate * s.width()));
    int ty = (int) Math.round(symmetric(rng, translate * s.height()));
    return new Params(angle, tx, ty, symmetric(rng, shear), symmetric(rng, shear));
  }

  private static double symmetric(Random rng, double limit) {
    return limit == 0 ? 0 : (2 * rng.nextDouble() - 1) * limit;
  }

  @Override
  public byte[] apply(byte[] image, ImageShape s, Params p) {
    int h = s.height();
    int w = s.width();
    double[] inv =
        AffineWarp.torchvisionInverse(
            h,
            w,
            (w - 1) / 2.0,
            (h - 1) / 2.0,
            -p.angle(),
            p.tx(),
            p.ty(),
            1,
            p.shearX(),
            p.shearY());
    return AffineWarp.warpInverse(image, s.channels(), h, w, inv, interpolation, fill);
  }
}
