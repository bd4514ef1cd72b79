package dev.pupil.augment;

import dev.pupil.image.AffineWarp;
import dev.pupil.image.AffineWarp.Interpolation;
import dev.pupil.image.ColorEnhance;
import dev.pupil.image.ColorLevels;
import dev.pupil.image.Geometry;

/**
 * RandAugment's op space (Cubuk et al. 2020, arXiv:1909.13719) as a table, exactly as torchvision
 * 0.14's {@code RandAugment._augmentation_space} with {@code num_magnitude_bins = 31}: each op has
 * a magnitude range (value at bin 0 and at bin 30, evenly spaced in float as {@code
 * torch.linspace}) and a signed flag (a signed op negates its value with probability 1/2).
 * Geometric ops sample the nearest pixel and fill uncovered pixels, as torchvision's {@code
 * _apply_op}.
 */
public enum RandAugmentOp {
  /** No change. */
  IDENTITY(0, 0, false),
  /** Shear parallel to x by {@code atan(v)}, about the top-left corner; v in 0..0.3. */
  SHEAR_X(0, 0.3f, true),
  /** Shear parallel to y; v in 0..0.3. */
  SHEAR_Y(0, 0.3f, true),
  /** Translation by {@code int(v)} columns; v in 0..150/331 of the width. */
  TRANSLATE_X(0, Float.NaN, true),
  /** Translation by {@code int(v)} rows; v in 0..150/331 of the height. */
  TRANSLATE_Y(0, Float.NaN, true),
  /** Rotation by v degrees about the centre; v in 0..30. */
  ROTATE(0, 30, true),
  /** Brightness factor 1 + v; v in 0..0.9. */
  BRIGHTNESS(0, 0.9f, true),
  /** Saturation factor 1 + v; v in 0..0.9. */
  COLOR(0, 0.9f, true),
  /** Contrast factor 1 + v; v in 0..0.9. */
  CONTRAST(0, 0.9f, true),
  /** Sharpness factor 1 + v; v in 0..0.9. */
  SHARPNESS(0, 0.9f, true),
  /** Keep {@code 8 − round(bin / 7.5)} bits: 8 (identity) at bin 0, 4 at bin 30. */
  POSTERIZE(8, 4, false),
  /** Invert values ≥ v; v from 255 (identity) down to 0. */
  SOLARIZE(255, 0, false),
  /** Stretch each channel to 0..255 (no magnitude). */
  AUTOCONTRAST(0, 0, false),
  /** Equalize each channel's histogram (no magnitude). */
  EQUALIZE(0, 0, false);

  /** The number of magnitude bins; magnitudes are 0..BINS − 1. */
  public static final int BINS = 31;

  private final float start;
  private final float end;
  private final boolean signed;

  RandAugmentOp(float start, float end, boolean signed) {
    this.start = start;
    this.end = end;
    this.signed = signed;
  }

  /**
   * @return whether the value's sign is drawn at random
   */
  public boolean signed() {
    return signed;
  }

  /**
   * The op's value at a magnitude bin, before any sign.
   *
   * @param magnitude the bin, in [0, BINS − 1]; fractional values (magnitude noise) interpolate
   * @param shape the image (translations scale with its size)
   * @return the value in the op's units
   */
  public double value(double magnitude, ImageShape shape) {
    if (this == POSTERIZE) {
      return 8 - Math.round(magnitude / ((BINS - 1) / 4.0));
    }
    float hi = end;
    if (this == TRANSLATE_X) {
      hi = (float) (150.0 / 331.0 * shape.width());
    } else if (this == TRANSLATE_Y) {
      hi = (float) (150.0 / 331.0 * shape.height());
    }
    if (magnitude != Math.rint(magnitude)) {
      return start + (hi - start) * magnitude / (BINS - 1);
    }
    // torch.linspace in float: from the start below half-way, from the end after.
    int i = (int) magnitude;
    float step = (hi - start) / (BINS - 1);
    return i < BINS / 2 ? start + step * i : hi - step * (BINS - 1 - i);
  }

  /**
   * Applies the op with a given (signed) value.
   *
   * @param image C×H×W unsigned bytes
   * @param s its shape
   * @param v the value from {@link #value}, negated when the sign was drawn so
   * @param fill value of pixels uncovered by geometric ops
   * @return the new image, or the input for the identity
   */
  public byte[] apply(byte[] image, ImageShape s, double v, int fill) {
    int c = s.channels();
    int h = s.height();
    int w = s.width();
    switch (this) {
      case SHEAR_X:
        return shear(image, s, Math.toDegrees(Math.atan(v)), 0, fill);
      case SHEAR_Y:
        return shear(image, s, 0, Math.toDegrees(Math.atan(v)), fill);
      case TRANSLATE_X: // a whole-pixel shift: the nearest-pixel warp is an exact crop
        return Geometry.crop(image, c, h, w, 0, -(int) v, h, w, fill);
      case TRANSLATE_Y:
        return Geometry.crop(image, c, h, w, -(int) v, 0, h, w, fill);
      case ROTATE:
        return AffineWarp.rotate(image, c, h, w, v, Interpolation.NEAREST, fill);
      case BRIGHTNESS:
        return ColorEnhance.brightness(image, c, h, w, 1 + v);
      case COLOR:
        return ColorEnhance.saturation(image, c, h, w, 1 + v);
      case CONTRAST:
        return ColorEnhance.contrast(image, c, h, w, 1 + v);
      case SHARPNESS:
        return ColorEnhance.sharpness(image, c, h, w, 1 + v);
      case POSTERIZE:
        return ColorLevels.posterize(image, c, h, w, (int) v);
      case SOLARIZE:
        return ColorLevels.solarize(image, c, h, w, (float) v);
      case AUTOCONTRAST:
        return ColorLevels.autocontrast(image, c, h, w);
      case EQUALIZE:
        return ColorLevels.equalize(image, c, h, w);
      default:
        return image;
    }
  }

  /** torchvision's {@code F.affine(..., center=[0, 0])} with nearest sampling. */
  private static byte[] shear(byte[] image, ImageShape s, double shearX, double shearY, int fill) {
    int h = s.height();
    int w = s.width();
    double[] inv = AffineWarp.torchvisionInverse(h, w, -0.5, -0.5, 0, 0, 0, 1, shearX, shearY);
    return AffineWarp.warpInverse(image, s.channels(), h, w, inv, Interpolation.NEAREST, fill);
  }
}
