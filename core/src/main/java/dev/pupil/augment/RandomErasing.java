package dev.pupil.augment;

import dev.pupil.image.Geometry;
import java.util.Random;

/**
 * Blanks a rectangle with a constant: Random Erasing (Zhong et al. 2020, arXiv:1708.04896; with
 * probability {@code p}, a rectangle of area in {@code [minArea, maxArea]} × image area and
 * log-uniform aspect ratio in [0.3, 3.3], ten tries, as torchvision's {@code RandomErasing}), or
 * Cutout (DeVries &amp; Taylor 2017, arXiv:1708.04552; a {@code size}×{@code size} square centred
 * anywhere in the image, clipped at the border).
 */
public final class RandomErasing implements RandomTransform<RandomErasing.Params> {
  /**
   * @param top rectangle top (may be negative for Cutout)
   * @param left rectangle left
   * @param height rectangle height; 0 for "nothing erased"
   * @param width rectangle width
   */
  public record Params(int top, int left, int height, int width) {}

  private final double p;
  private final double minArea;
  private final double maxArea;
  private final int cutoutSize;
  private final int fill;

  private RandomErasing(double p, double minArea, double maxArea, int cutoutSize, int fill) {
    AugmentSpec.requireProbability("p", p);
    this.p = p;
    this.minArea = minArea;
    this.maxArea = maxArea;
    this.cutoutSize = cutoutSize;
    this.fill = fill;
  }

  /**
   * @param p probability of erasing
   * @param minArea smallest area fraction, in (0, maxArea]
   * @param maxArea largest, at most 1
   * @param fill the value written, 0..255
   * @return Random Erasing
   */
  public static RandomErasing erasing(double p, double minArea, double maxArea, int fill) {
    if (!(minArea > 0 && minArea <= maxArea && maxArea <= 1)) {
      throw new IllegalArgumentException(
          "erasing area must satisfy 0 < min <= max <= 1, got " + minArea + ", " + maxArea);
    }
    return new RandomErasing(p, minArea, maxArea, 0, fill);
  }

  /**
   * @param size the square's side, ≥ 1
   * @param fill the value written, 0..255
   * @return Cutout
   */
  public static RandomErasing cutout(int size, int fill) {
    if (size < 1) {
      throw new IllegalArgumentException("cutout size must be >= 1, got " + size);
    }
    return new RandomErasing(1, 0, 0, size, fill);
  }

  @Override
  public Params sample(Random rng, ImageShape s) {
    int h = s.height();
    int w = s.width();
    if (cutoutSize > 0) {
      int cy = rng.nextInt(h);
      int cx = rng.nextInt(w);
      return new Params(cy - cutoutSize / 2, cx - cutoutSize / 2, cutoutSize, cutoutSize);
    }
    if (rng.nextDouble() >= p) {
      return new Params(0, 0, 0, 0);
    }
    double logLo = Math.log(0.3);
    double logHi = Math.log(3.3);
    for (int attempt = 0; attempt < 10; attempt++) {
      double area = (double) h * w * (minArea + (maxArea - minArea) * rng.nextDouble());
      double ratio = Math.exp(logLo + (logHi - logLo) * rng.nextDouble());
      int eh = (int) Math.round(Math.sqrt(area * ratio));
      int ew = (int) Math.round(Math.sqrt(area / ratio));
      if (eh > 0 && ew > 0 && eh < h && ew < w) {
        return new Params(rng.nextInt(h - eh + 1), rng.nextInt(w - ew + 1), eh, ew);
      }
    }
    return new Params(0, 0, 0, 0);
  }

  @Override
  public byte[] apply(byte[] image, ImageShape s, Params q) {
    if (q.height() == 0 || q.width() == 0) {
      return image;
    }
    return Geometry.erase(
        image,
        s.channels(),
        s.height(),
        s.width(),
        q.top(),
        q.left(),
        q.height(),
        q.width(),
        new int[] {fill});
  }
}
