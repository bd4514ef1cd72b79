package dev.pupil.image;

/**
 * Affine warps of unsigned-byte C×H×W images by inverse mapping, and the 2×3 matrices that drive
 * them. A matrix {@code m = {a, b, c, d, e, f}} maps pixel (x, y) (column, row; pixel centres at
 * integers) to {@code (a·x + b·y + c, d·x + e·y + f)}.
 *
 * <ul>
 *   <li>{@link #fromPoints} is OpenCV's {@code getAffineTransform}: the matrix that sends three
 *       source points to three destination points.
 *   <li>{@link #warp} is OpenCV's {@code warpAffine}: each output pixel reads the source at the
 *       inverse image of its position, with {@link Interpolation#NEAREST} or {@link
 *       Interpolation#BILINEAR} sampling, and {@code fill} outside the source.
 *   <li>{@link #torchvisionInverse} builds the inverse matrix of torchvision's {@code affine} and
 *       {@code rotate} (rotation, translation, scale, shear about a centre), in pixel coordinates.
 * </ul>
 */
public final class AffineWarp {
  private AffineWarp() {}

  /** How a warped pixel reads the source. */
  public enum Interpolation {
    /** The nearest source pixel (ties to even, as {@code grid_sample}). */
    NEAREST,
    /** Bilinear between the four neighbours; neighbours outside the source count as the fill. */
    BILINEAR
  }

  /**
   * Solves the forward matrix that maps three source points onto three destination points.
   *
   * @param src {x0, y0, x1, y1, x2, y2}
   * @param dst the images of those points, same layout
   * @return {a, b, c, d, e, f}
   * @throws IllegalArgumentException when the source points are collinear
   */
  public static double[] fromPoints(double[] src, double[] dst) {
    if (src.length != 6 || dst.length != 6) {
      throw new IllegalArgumentException("fromPoints needs 3 points (6 numbers) on each side");
    }
    double x0 = src[0], y0 = src[1], x1 = src[2], y1 = src[3], x2 = src[4], y2 = src[5];
    double det = x0 * (y1 - y2) - y0 * (x1 - x2) + (x1 * y2 - x2 * y1);
    if (Math.abs(det) < 1e-12) {
      throw new IllegalArgumentException("the three source points are collinear");
    }
    double[] m = new double[6];
    for (int row = 0; row < 2; row++) {
      double u0 = dst[row], u1 = dst[2 + row], u2 = dst[4 + row];
      // Cramer's rule for [x y 1] · (p, q, r)ᵀ = u at the three points.
      m[3 * row] = (u0 * (y1 - y2) - y0 * (u1 - u2) + (u1 * y2 - u2 * y1)) / det;
      m[3 * row + 1] = (x0 * (u1 - u2) - u0 * (x1 - x2) + (x1 * u2 - x2 * u1)) / det;
      m[3 * row + 2] =
          (x0 * (y1 * u2 - y2 * u1) - y0 * (x1 * u2 - x2 * u1) + u0 * (x1 * y2 - x2 * y1)) / det;
    }
    return m;
  }

  /**
   * Inverts an affine matrix.
   *
   * @param m {a, b, c, d, e, f}
   * @return the inverse
   * @throws IllegalArgumentException when the matrix is singular
   */
  public static double[] invert(double[] m) {
    double det = m[0] * m[4] - m[1] * m[3];
    if (Math.abs(det) < 1e-12) {
      throw new IllegalArgumentException("the affine matrix is singular");
    }
    double a = m[4] / det;
    double b = -m[1] / det;
    double d = -m[3] / det;
    double e = m[0] / det;
    return new double[] {a, b, -(a * m[2] + b * m[5]), d, e, -(d * m[2] + e * m[5])};
  }

  /**
   * Warps with a forward matrix (source → output), as {@code cv2.warpAffine}, keeping the size.
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @param forward {a, b, c, d, e, f}
   * @param interpolation sampling
   * @param fill value outside the source, 0..255
   * @return a new image
   */
  public static byte[] warp(
      byte[] src, int c, int h, int w, double[] forward, Interpolation interpolation, int fill) {
    return warpInverse(src, c, h, w, invert(forward), interpolation, fill);
  }

  /**
   * Warps with an inverse matrix (output pixel → source position), keeping the size.
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @param inv {a, b, c, d, e, f}
   * @param interpolation sampling
   * @param fill value outside the source, 0..255
   * @return a new image
   */
  public static byte[] warpInverse(
      byte[] src, int c, int h, int w, double[] inv, Interpolation interpolation, int fill) {
    int plane = Planes.check(src, c, h, w);
    byte[] dst = new byte[c * plane];
    if (interpolation == Interpolation.NEAREST) {
      // One pass finds each output pixel's source index (−1 outside), then each channel gathers.
      int[] from = new int[plane];
      for (int y = 0; y < h; y++) {
        double rowX = inv[1] * y + inv[2];
        double rowY = inv[4] * y + inv[5];
        for (int x = 0; x < w; x++) {
          int ix = (int) Math.rint(inv[0] * x + rowX);
          int iy = (int) Math.rint(inv[3] * x + rowY);
          boolean in = ix >= 0 && ix < w && iy >= 0 && iy < h;
          from[y * w + x] = in ? iy * w + ix : -1;
        }
      }
      for (int ch = 0; ch < c; ch++) {
        int off = ch * plane;
        for (int o = 0; o < plane; o++) {
          int i = from[o];
          dst[off + o] = i >= 0 ? src[off + i] : (byte) fill;
        }
      }
      return dst;
    }
    for (int y = 0; y < h; y++) {
      double rowX = inv[1] * y + inv[2];
      double rowY = inv[4] * y + inv[5];
      for (int x = 0; x < w; x++) {
        bilinear(src, c, h, w, plane, inv[0] * x + rowX, inv[3] * x + rowY, fill, dst, y * w + x);
      }
    }
    return dst;
  }

  private static void bilinear(
      byte[] src,
      int c,
      int h,
      int w,
      int plane,
      double sx,
      double sy,
      int fill,
      byte[] dst,
      int o) {
    double fx0 = Math.floor(sx);
    double fy0 = Math.floor(sy);
    if (fx0 < -1 || fy0 < -1 || fx0 >= w || fy0 >= h) {
      for (int ch = 0; ch < c; ch++) {
        dst[ch * plane + o] = (byte) fill;
      }
      return;
    }
    int x0 = (int) fx0;
    int y0 = (int) fy0;
    double ax = sx - x0;
    double ay = sy - y0;
    for (int ch = 0; ch < c; ch++) {
      int base = ch * plane;
      double top =
          lerp(tap(src, base, h, w, x0, y0, fill), tap(src, base, h, w, x0 + 1, y0, fill), ax);
      double bottom =
          lerp(
              tap(src, base, h, w, x0, y0 + 1, fill),
              tap(src, base, h, w, x0 + 1, y0 + 1, fill),
              ax);
      dst[base + o] = (byte) Math.min(255, (int) (lerp(top, bottom, ay) + 0.5));
    }
  }

  private static int tap(byte[] src, int base, int h, int w, int x, int y, int fill) {
    return x < 0 || y < 0 || x >= w || y >= h ? fill : src[base + y * w + x] & 0xFF;
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }

  /**
   * The inverse matrix of torchvision 0.14's {@code affine(img, angle, translate, scale, shear,
   * center)} in pixel coordinates: rotation by {@code angle} degrees (clockwise on screen, as
   * torchvision's {@code affine}; {@code rotate} passes the negated angle), shear by {@code
   * shearX}, {@code shearY} degrees, scale, then translation by ({@code tx}, {@code ty}) pixels,
   * all about the centre ({@code cx}, {@code cy}) given in pixel coordinates (the image centre is
   * ((w − 1)/2, (h − 1)/2) and torchvision's {@code center=[0, 0]} is (−0.5, −0.5)).
   *
   * @param h image height
   * @param w image width
   * @param cx centre column
   * @param cy centre row
   * @param angle rotation in degrees
   * @param tx translation in columns
   * @param ty translation in rows
   * @param scale scale factor, &gt; 0
   * @param shearX shear parallel to x, in degrees
   * @param shearY shear parallel to y, in degrees
   * @return {a, b, c, d, e, f} mapping output pixels to source positions
   */
  public static double[] torchvisionInverse(
      int h,
      int w,
      double cx,
      double cy,
      double angle,
      double tx,
      double ty,
      double scale,
      double shearX,
      double shearY) {
    double rot = Math.toRadians(angle);
    double sx = Math.toRadians(shearX);
    double sy = Math.toRadians(shearY);
    double a = Math.cos(rot - sy) / Math.cos(sy);
    double b = -Math.cos(rot - sy) * Math.tan(sx) / Math.cos(sy) - Math.sin(rot);
    double c = Math.sin(rot - sy) / Math.cos(sy);
    double d = -Math.sin(rot - sy) * Math.tan(sx) / Math.cos(sy) + Math.cos(rot);
    double[] m = {d / scale, -b / scale, 0, -c / scale, a / scale, 0};
    // torchvision works about the centre: C · RSS⁻¹ · C⁻¹ · T⁻¹, with C the centre.
    m[2] = m[0] * (-cx - tx) + m[1] * (-cy - ty) + cx;
    m[5] = m[3] * (-cx - tx) + m[4] * (-cy - ty) + cy;
    return m;
  }

  /**
   * Rotates by any angle about the image centre, keeping the size (torchvision's {@code rotate}
   * without {@code expand}).
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @param degrees counter-clockwise angle
   * @param interpolation sampling
   * @param fill value of the uncovered corners, 0..255
   * @return a new image
   */
  public static byte[] rotate(
      byte[] src, int c, int h, int w, double degrees, Interpolation interpolation, int fill) {
    double[] inv = torchvisionInverse(h, w, (w - 1) / 2.0, (h - 1) / 2.0, -degrees, 0, 0, 1, 0, 0);
    return warpInverse(src, c, h, w, inv, interpolation, fill);
  }
}
