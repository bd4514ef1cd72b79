package dev.pupil.image;

import java.util.Arrays;

/**
 * Resizing of unsigned-byte C×H×W images.
 *
 * <p>{@link #bilinear} samples with half-pixel centres ({@code align_corners=false}): output pixel
 * {@code y} reads the source at {@code (y + 0.5) * h / outH - 0.5}, clamped to the image. This is
 * the plain (not antialiased) bilinear filter of torchvision's {@code resize(...,
 * antialias=False)}, PyTorch's {@code interpolate(mode="bilinear")} and OpenCV's {@code
 * INTER_LINEAR}; unlike Pillow's {@code BILINEAR} it does not widen the filter when shrinking, so a
 * large reduction aliases.
 */
public final class Resize {
  private Resize() {}

  /**
   * Resizes with bilinear interpolation, rounding to the nearest byte.
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h source height
   * @param w source width
   * @param outH output height
   * @param outW output width
   * @return a new C×outH×outW array (a copy when the size does not change)
   * @throws IllegalArgumentException when a size is not positive or {@code src} is too short
   */
  public static byte[] bilinear(byte[] src, int c, int h, int w, int outH, int outW) {
    if (c <= 0 || h <= 0 || w <= 0 || outH <= 0 || outW <= 0) {
      throw new IllegalArgumentException(
          "sizes must be positive, got c=" + c + " " + h + "x" + w + " -> " + outH + "x" + outW);
    }
    if (src.length < (long) c * h * w) {
      throw new IllegalArgumentException(
          "src holds " + src.length + " bytes, fewer than " + c + "x" + h + "x" + w);
    }
    if (h == outH && w == outW) {
      return Arrays.copyOf(src, c * h * w);
    }
    int[] y0 = new int[outH];
    int[] y1 = new int[outH];
    float[] fy = new float[outH];
    taps(h, outH, y0, y1, fy);
    int[] x0 = new int[outW];
    int[] x1 = new int[outW];
    float[] fx = new float[outW];
    taps(w, outW, x0, x1, fx);

    byte[] dst = new byte[c * outH * outW];
    for (int ch = 0; ch < c; ch++) {
      int in = ch * h * w;
      int out = ch * outH * outW;
      for (int y = 0; y < outH; y++) {
        int r0 = in + y0[y] * w;
        int r1 = in + y1[y] * w;
        float wy = fy[y];
        for (int x = 0; x < outW; x++) {
          float top = lerp(src[r0 + x0[x]] & 0xFF, src[r0 + x1[x]] & 0xFF, fx[x]);
          float bottom = lerp(src[r1 + x0[x]] & 0xFF, src[r1 + x1[x]] & 0xFF, fx[x]);
          int v = (int) (lerp(top, bottom, wy) + 0.5f);
          dst[out++] = (byte) Math.min(255, Math.max(0, v));
        }
      }
    }
    return dst;
  }

  /**
   * Resizes one float plane with the same bilinear sampling (half-pixel centres), without rounding:
   * Grad-CAM upsamples its coarse heat map to the image with it.
   *
   * @param src H×W values, row-major
   * @param h source height
   * @param w source width
   * @param outH output height
   * @param outW output width
   * @return a new outH×outW array
   * @throws IllegalArgumentException when a size is not positive or {@code src} is too short
   */
  public static float[] bilinear(float[] src, int h, int w, int outH, int outW) {
    if (h <= 0 || w <= 0 || outH <= 0 || outW <= 0) {
      throw new IllegalArgumentException(
          "sizes must be positive, got " + h + "x" + w + " -> " + outH + "x" + outW);
    }
    if (src.length < (long) h * w) {
      throw new IllegalArgumentException(
          "src holds " + src.length + " values, fewer than " + h + "x" + w);
    }
    int[] y0 = new int[outH];
    int[] y1 = new int[outH];
    float[] fy = new float[outH];
    taps(h, outH, y0, y1, fy);
    int[] x0 = new int[outW];
    int[] x1 = new int[outW];
    float[] fx = new float[outW];
    taps(w, outW, x0, x1, fx);
    float[] dst = new float[outH * outW];
    int out = 0;
    for (int y = 0; y < outH; y++) {
      int r0 = y0[y] * w;
      int r1 = y1[y] * w;
      for (int x = 0; x < outW; x++) {
        float top = lerp(src[r0 + x0[x]], src[r0 + x1[x]], fx[x]);
        float bottom = lerp(src[r1 + x0[x]], src[r1 + x1[x]], fx[x]);
        dst[out++] = lerp(top, bottom, fy[y]);
      }
    }
    return dst;
  }

  /** Source indices and the weight of the second one, for each output position. */
  private static void taps(int in, int out, int[] i0, int[] i1, float[] frac) {
    double scale = (double) in / out;
    for (int o = 0; o < out; o++) {
      double s = Math.max(0.0, (o + 0.5) * scale - 0.5);
      int lo = Math.min((int) s, in - 1);
      i0[o] = lo;
      i1[o] = Math.min(lo + 1, in - 1);
      frac[o] = (float) (s - lo);
    }
  }

  private static float lerp(float a, float b, float t) {
    return a + (b - a) * t;
  }
}
