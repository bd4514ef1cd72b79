package dev.pupil.augment;

import dev.pupil.image.Geometry;
import java.util.Random;

/**
 * Crops a random window of random area and aspect ratio and resizes it back to the image's size
 * (Szegedy et al. 2015, arXiv:1409.4842; torchvision's {@code RandomResizedCrop.get_params}: ten
 * tries at an area in {@code scale} × image area and a log-uniform ratio in {@code ratio}, then the
 * central crop within the ratio range).
 */
public final class RandomResizedCrop implements RandomTransform<RandomResizedCrop.Params> {
  /**
   * @param top window top
   * @param left window left
   * @param height window height
   * @param width window width
   */
  public record Params(int top, int left, int height, int width) {}

  private final double minScale;
  private final double maxScale;
  private final double minRatio;
  private final double maxRatio;

  /**
   * @param minScale smallest window area as a fraction of the image, in (0, maxScale]
   * @param maxScale largest, at most 1
   * @param minRatio smallest width/height
   * @param maxRatio largest width/height
   */
  public RandomResizedCrop(double minScale, double maxScale, double minRatio, double maxRatio) {
    if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
      throw new IllegalArgumentException(
          "scale must satisfy 0 < min <= max <= 1, got " + minScale + ", " + maxScale);
    }
    if (!(minRatio > 0 && minRatio <= maxRatio)) {
      throw new IllegalArgumentException("ratio must satisfy 0 < min <= max, got " + minRatio);
    }
    this.minScale = minScale;
    this.maxScale = maxScale;
    this.minRatio = minRatio;
    this.maxRatio = maxRatio;
  }

  /**
   * @param minScale smallest area fraction; ratio 3/4..4/3 and largest area 1, as torchvision
   */
  public RandomResizedCrop(double minScale) {
    this(minScale, 1.0, 3.0 / 4, 4.0 / 3);
  }

  @Override
  public Params sample(Random rng, ImageShape s) {
    int h = s.height();
    int w = s.width();
    double area = (double) h * w;
    double logLo = Math.log(minRatio);
    double logHi = Math.log(maxRatio);
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * (minScale + (maxScale - minScale) * rng.nextDouble());
      double aspect = Math.exp(logLo + (logHi - logLo) * rng.nextDouble());
      int cw = (int) Math.round(Math.sqrt(target * aspect));
      int ch = (int) Math.round(Math.sqrt(target / aspect));
      if (cw > 0 && cw <= w && ch > 0 && ch <= h) {
        return new Params(rng.nextInt(h - ch + 1), rng.nextInt(w - cw + 1), ch, cw);
      }
    }
    double inRatio = (double) w / h;
    int cw = w;
    int ch = h;
    if (inRatio < minRatio) {
      ch = (int) Math.round(w / minRatio);
    } else if (inRatio > maxRatio) {
      cw = (int) Math.round(h * maxRatio);
    }
    return new Params((h - ch) / 2, (w - cw) / 2, ch, cw);
  }

  @Override
  public byte[] apply(byte[] image, ImageShape s, Params p) {
    return Geometry.resizedCrop(
        image,
        s.channels(),
        s.height(),
        s.width(),
        p.top(),
        p.left(),
        p.height(),
        p.width(),
        s.height(),
        s.width());
  }
}
