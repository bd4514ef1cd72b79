package dev.pupil.image;

import java.util.Arrays;

/**
 * Conversions between grayscale (1×H×W) and RGB (3×H×W) unsigned-byte images.
 *
 * <p>RGB to gray is the ITU-R BT.601 luma {@code L = 0.299 R + 0.587 G + 0.114 B}, computed in the
 * same 16-bit fixed point as Pillow's {@code convert("L")} (weights 19595, 38470, 7471 out of
 * 65536, rounded), so the bytes equal Pillow's.
 */
public final class ColorConvert {
  private ColorConvert() {}

  /**
   * Converts an RGB image to gray with BT.601 luma.
   *
   * @param src 3×H×W unsigned bytes
   * @param h height
   * @param w width
   * @return a new 1×H×W array
   */
  public static byte[] rgbToGray(byte[] src, int h, int w) {
    int n = checked(src, 3, h, w);
    byte[] dst = new byte[n];
    for (int i = 0; i < n; i++) {
      int r = src[i] & 0xFF;
      int g = src[n + i] & 0xFF;
      int b = src[2 * n + i] & 0xFF;
      dst[i] = (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >>> 16);
    }
    return dst;
  }

  /**
   * Converts a gray image to RGB by copying the gray plane into each channel.
   *
   * @param src 1×H×W unsigned bytes
   * @param h height
   * @param w width
   * @return a new 3×H×W array
   */
  public static byte[] grayToRgb(byte[] src, int h, int w) {
    int n = checked(src, 1, h, w);
    byte[] dst = new byte[3 * n];
    System.arraycopy(src, 0, dst, 0, n);
    System.arraycopy(src, 0, dst, n, n);
    System.arraycopy(src, 0, dst, 2 * n, n);
    return dst;
  }

  /**
   * Converts between 1 and 3 channels, or copies when they are equal.
   *
   * @param src C×H×W unsigned bytes
   * @param from channels of {@code src}, 1 or 3
   * @param to channels wanted, 1 or 3
   * @param h height
   * @param w width
   * @return a new to×H×W array
   */
  public static byte[] convert(byte[] src, int from, int to, int h, int w) {
    if ((from != 1 && from != 3) || (to != 1 && to != 3)) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + from + " -> " + to);
    }
    if (from == to) {
      return Arrays.copyOf(src, checked(src, from, h, w) * from);
    }
    return from == 3 ? rgbToGray(src, h, w) : grayToRgb(src, h, w);
  }

  private static int checked(byte[] src, int c, int h, int w) {
    if (h <= 0 || w <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + h + "x" + w);
    }
    if (src.length < (long) c * h * w) {
      throw new IllegalArgumentException(
          "src holds " + src.length + " bytes, fewer than " + c + "x" + h + "x" + w);
    }
    return h * w;
  }
}
