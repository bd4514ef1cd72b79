package dev.pupil.image;

import java.util.Arrays;

/**
 * The blend-based colour kernels of PIL's {@code ImageEnhance} (brightness, contrast, colour,
 * sharpness), in the tensor form of torchvision 0.14's {@code functional_tensor}: each blends the
 * image with a "degenerate" image, {@code out = f·img + (1 − f)·degenerate}, computed in float,
 * clamped to 0..255 and truncated to a byte. Factor 1 returns the image; 0 returns the degenerate
 * image (black, mean grey, grey, blurred). As in torchvision, the factor is a double: {@code f} is
 * rounded to float for the product with the image, and {@code 1 − f} is computed in double before
 * its rounding, so results match torchvision's bytes exactly ({@code TorchvisionGoldenTest}).
 */
public final class ColorEnhance {
  /** {@code round(s / 13)} for every sum of the SMOOTH kernel (never half-way, so half-up). */
  private static final byte[] BLUR = new byte[13 * 255 + 1];

  static {
    for (int s = 0; s < BLUR.length; s++) {
      BLUR[s] = (byte) ((2 * s + 13) / 26);
    }
  }

  private ColorEnhance() {}

  /**
   * Brightness: blend with black ({@code adjust_brightness}).
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @param factor ≥ 0; 1 is the identity
   * @return a new image
   */
  public static byte[] brightness(byte[] src, int c, int h, int w, double factor) {
    int plane = Planes.check(src, c, h, w);
    return Planes.lookup(src, c, plane, blendTable(factor, 0f));
  }

  /**
   * Contrast: blend with the mean of the image's grey levels ({@code adjust_contrast}); the grey of
   * an RGB image is its truncated BT.601 luma, as torchvision's {@code rgb_to_grayscale}.
   *
   * @param src C×H×W unsigned bytes (C = 1 or 3)
   * @param c channels
   * @param h height
   * @param w width
   * @param factor ≥ 0; 1 is the identity
   * @return a new image
   */
  public static byte[] contrast(byte[] src, int c, int h, int w, double factor) {
    int plane = Planes.check(src, c, h, w);
    byte[] gray = c == 3 ? grayscale(src, plane) : src;
    long sum = 0;
    for (int i = 0; i < plane; i++) {
      sum += gray[i] & 0xFF;
    }
    float mean = (float) ((double) sum / plane);
    return Planes.lookup(src, c, plane, blendTable(factor, mean));
  }

  /**
   * Colour (saturation): blend with the image's grey ({@code adjust_saturation}); a gray image is
   * returned unchanged.
   *
   * @param src C×H×W unsigned bytes (C = 1 or 3)
   * @param c channels
   * @param h height
   * @param w width
   * @param factor ≥ 0; 1 is the identity, 0 is grey
   * @return a new image
   */
  public static byte[] saturation(byte[] src, int c, int h, int w, double factor) {
    int plane = Planes.check(src, c, h, w);
    if (c != 3) {
      return Arrays.copyOf(src, c * plane);
    }
    // Grey and blend fused in one pass, with the same float operations as grayscale() + blend.
    byte[] dst = new byte[3 * plane];
    float f = (float) factor;
    float rest = (float) (1.0 - factor);
    for (int i = 0; i < plane; i++) {
      int r = src[i] & 0xFF;
      int g = src[plane + i] & 0xFF;
      int b = src[2 * plane + i] & 0xFF;
      float gray = Planes.saturate(0.2989f * r + 0.587f * g + 0.114f * b) & 0xFF;
      float mix = rest * gray;
      dst[i] = Planes.saturate(f * r + mix);
      dst[plane + i] = Planes.saturate(f * g + mix);
      dst[2 * plane + i] = Planes.saturate(f * b + mix);
    }
    return dst;
  }

  /**
   * Sharpness: blend with the image smoothed by PIL's SMOOTH kernel {@code
   * [[1,1,1],[1,5,1],[1,1,1]] / 13} (rounded to bytes), whose one-pixel border is the image itself
   * ({@code adjust_sharpness}). Images of at most 2 rows or columns are returned unchanged.
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @param factor ≥ 0; 1 is the identity, 0 blurs, &gt; 1 sharpens
   * @return a new image
   */
  public static byte[] sharpness(byte[] src, int c, int h, int w, double factor) {
    int plane = Planes.check(src, c, h, w);
    if (h <= 2 || w <= 2) {
      return Arrays.copyOf(src, c * plane);
    }
    float f = (float) factor;
    float rest = (float) (1.0 - factor);
    byte[] dst = new byte[c * plane];
    // The border blends with itself (the degenerate image's border is the image).
    byte[] self = new byte[256];
    for (int v = 0; v < 256; v++) {
      self[v] = Planes.saturate(f * v + rest * v);
    }
    int[] columns = new int[w];
    for (int ch = 0; ch < c; ch++) {
      int off = ch * plane;
      for (int x = 0; x < w; x++) {
        dst[off + x] = self[src[off + x] & 0xFF];
        dst[off + (h - 1) * w + x] = self[src[off + (h - 1) * w + x] & 0xFF];
      }
      for (int y = 1; y < h - 1; y++) {
        int r = off + y * w;
        for (int x = 0; x < w; x++) {
          columns[x] = (src[r - w + x] & 0xFF) + (src[r + x] & 0xFF) + (src[r + w + x] & 0xFF);
        }
        dst[r] = self[src[r] & 0xFF];
        dst[r + w - 1] = self[src[r + w - 1] & 0xFF];
        for (int x = 1; x < w - 1; x++) {
          int v = src[r + x] & 0xFF;
          int sum = columns[x - 1] + columns[x] + columns[x + 1] + 4 * v;
          float blurred = BLUR[sum] & 0xFF;
          dst[r + x] = Planes.saturate(f * v + rest * blurred);
        }
      }
    }
    return dst;
  }

  /**
   * Grey level of an RGB image as torchvision's tensor {@code rgb_to_grayscale}: {@code 0.2989 R +
   * 0.587 G + 0.114 B} in float, truncated.
   *
   * @param src 3×H×W unsigned bytes
   * @param plane H×W
   * @return a new 1×H×W array
   */
  public static byte[] grayscale(byte[] src, int plane) {
    byte[] g = new byte[plane];
    for (int i = 0; i < plane; i++) {
      float v =
          0.2989f * (src[i] & 0xFF)
              + 0.587f * (src[plane + i] & 0xFF)
              + 0.114f * (src[2 * plane + i] & 0xFF);
      g[i] = Planes.saturate(v);
    }
    return g;
  }

  private static byte[] blendTable(double factor, float other) {
    byte[] t = new byte[256];
    float f = (float) factor;
    float rest = (float) (1.0 - factor) * other;
    for (int v = 0; v < 256; v++) {
      t[v] = Planes.saturate(f * v + rest);
    }
    return t;
  }
}
