package dev.pupil.image;

import java.util.Arrays;

/** Argument checks shared by the kernels of this package (package-private). */
final class Planes {
  private Planes() {}

  /**
   * Checks a C×H×W image's sizes against its array.
   *
   * @return H×W, the pixels per channel
   * @throws IllegalArgumentException naming the bad size
   */
  static int check(byte[] src, int c, int h, int w) {
    if (c <= 0 || h <= 0 || w <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + c + "x" + h + "x" + w);
    }
    if (src.length < (long) c * h * w) {
      throw new IllegalArgumentException(
          "src holds " + src.length + " bytes, fewer than " + c + "x" + h + "x" + w);
    }
    return h * w;
  }

  /** Applies one 256-entry table per channel (a table may be shared by several channels). */
  static byte[] lookup(byte[] src, int c, int plane, byte[][] tables) {
    byte[] dst = new byte[c * plane];
    for (int ch = 0; ch < c; ch++) {
      byte[] t = tables[ch];
      int off = ch * plane;
      for (int i = off, end = off + plane; i < end; i++) {
        dst[i] = t[src[i] & 0xFF];
      }
    }
    return dst;
  }

  /** The same table for every channel. */
  static byte[] lookup(byte[] src, int c, int plane, byte[] table) {
    byte[][] all = new byte[c][];
    Arrays.fill(all, table);
    return lookup(src, c, plane, all);
  }

  /** Clamps to 0..255 after truncation toward zero, as a float-to-uint8 cast in PyTorch. */
  static byte saturate(float v) {
    // Branch-free (min/max compile to conditional moves): noisy images defeat branch prediction.
    return (byte) Math.max(0, Math.min(255, (int) v));
  }
}
