package dev.pupil.image;

/**
 * Per-value colour kernels (PIL's {@code ImageOps}, in the tensor form of torchvision 0.14's {@code
 * functional_tensor}): add brightness, invert, posterize, solarize, autocontrast and equalize. Each
 * is a 256-entry lookup table per channel, so they cost one pass over the bytes.
 */
public final class ColorLevels {
  private ColorLevels() {}

  /**
   * Adds a constant to every value, saturating at 0 and 255.
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @param delta the amount, in grey levels
   * @return a new image
   */
  public static byte[] add(byte[] src, int c, int h, int w, int delta) {
    int plane = Planes.check(src, c, h, w);
    byte[] t = new byte[256];
    for (int v = 0; v < 256; v++) {
      t[v] = (byte) Math.max(0, Math.min(255, v + delta));
    }
    return Planes.lookup(src, c, plane, t);
  }

  /**
   * Inverts: {@code 255 − v}.
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @return a new image
   */
  public static byte[] invert(byte[] src, int c, int h, int w) {
    return solarize(src, c, h, w, 0f);
  }

  /**
   * Keeps the {@code bits} high bits of each value ({@code v & −2^(8−bits)}).
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @param bits 0..8; 8 is the identity
   * @return a new image
   */
  public static byte[] posterize(byte[] src, int c, int h, int w, int bits) {
    if (bits < 0 || bits > 8) {
      throw new IllegalArgumentException("posterize bits must be in [0, 8], got " + bits);
    }
    int plane = Planes.check(src, c, h, w);
    int mask = -(1 << (8 - bits)) & 0xFF;
    byte[] t = new byte[256];
    for (int v = 0; v < 256; v++) {
      t[v] = (byte) (v & mask);
    }
    return Planes.lookup(src, c, plane, t);
  }

  /**
   * Inverts the values at or above a threshold ({@code v ≥ threshold ? 255 − v : v}).
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @param threshold 0 inverts everything; above 255 is the identity
   * @return a new image
   */
  public static byte[] solarize(byte[] src, int c, int h, int w, float threshold) {
    int plane = Planes.check(src, c, h, w);
    byte[] t = new byte[256];
    for (int v = 0; v < 256; v++) {
      t[v] = (byte) (v >= threshold ? 255 - v : v);
    }
    return Planes.lookup(src, c, plane, t);
  }

  /**
   * Stretches each channel so that its darkest value becomes 0 and its brightest 255 ({@code (v −
   * min) · 255 / (max − min)} in float, truncated); a constant channel is left as it is.
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @return a new image
   */
  public static byte[] autocontrast(byte[] src, int c, int h, int w) {
    int plane = Planes.check(src, c, h, w);
    byte[][] tables = new byte[c][256];
    for (int ch = 0; ch < c; ch++) {
      int lo = 255;
      int hi = 0;
      for (int i = ch * plane, end = i + plane; i < end; i++) {
        int v = src[i] & 0xFF;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      float min = hi == lo ? 0f : lo;
      float scale = hi == lo ? 1f : 255f / (hi - lo);
      for (int v = 0; v < 256; v++) {
        tables[ch][v] = Planes.saturate((v - min) * scale);
      }
    }
    return Planes.lookup(src, c, plane, tables);
  }

  /**
   * Histogram equalization of each channel, PIL's {@code ImageOps.equalize}: with {@code step =
   * ⌊(pixels − count of the last non-empty level) / 255⌋}, level v maps to {@code ⌊(cdf(v − 1) +
   * ⌊step / 2⌋) / step⌋}; a channel with {@code step = 0} is left as it is.
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @return a new image
   */
  public static byte[] equalize(byte[] src, int c, int h, int w) {
    int plane = Planes.check(src, c, h, w);
    byte[][] tables = new byte[c][];
    for (int ch = 0; ch < c; ch++) {
      int[] hist = new int[256];
      for (int i = ch * plane, end = i + plane; i < end; i++) {
        hist[src[i] & 0xFF]++;
      }
      int last = 255;
      while (hist[last] == 0) {
        last--;
      }
      int step = (plane - hist[last]) / 255;
      byte[] t = new byte[256];
      if (step == 0) {
        for (int v = 0; v < 256; v++) {
          t[v] = (byte) v;
        }
      } else {
        int cdf = 0;
        for (int v = 0; v < 256; v++) {
          t[v] = (byte) Math.min(255, (cdf + step / 2) / step);
          cdf += hist[v];
        }
      }
      tables[ch] = t;
    }
    return Planes.lookup(src, c, plane, tables);
  }
}
