package dev.pupil.image;

import java.util.Arrays;

/**
 * Exact geometric kernels that move whole pixels: flips, rotations by quarter turns, crops (with
 * padding where the window leaves the image) and crop-then-resize, as torchvision's {@code hflip},
 * {@code vflip}, {@code rot90}, {@code crop}/{@code pad} and {@code resized_crop}.
 */
public final class Geometry {
  private Geometry() {}

  /**
   * Mirrors left to right.
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @return a new image
   */
  public static byte[] flipHorizontal(byte[] src, int c, int h, int w) {
    Planes.check(src, c, h, w);
    byte[] dst = new byte[c * h * w];
    for (int r = 0; r < c * h; r++) {
      int o = r * w;
      for (int x = 0; x < w; x++) {
        dst[o + x] = src[o + w - 1 - x];
      }
    }
    return dst;
  }

  /**
   * Mirrors top to bottom.
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @return a new image
   */
  public static byte[] flipVertical(byte[] src, int c, int h, int w) {
    int plane = Planes.check(src, c, h, w);
    byte[] dst = new byte[c * plane];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(src, ch * plane + (h - 1 - y) * w, dst, ch * plane + y * w, w);
      }
    }
    return dst;
  }

  /**
   * Rotates by {@code k} quarter turns counter-clockwise (as {@code torch.rot90(img, k, [1, 2])}).
   * An odd {@code k} swaps height and width: the result is C×W×H.
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @param k quarter turns; any integer, taken modulo 4
   * @return a new image
   */
  public static byte[] rotate90(byte[] src, int c, int h, int w, int k) {
    int plane = Planes.check(src, c, h, w);
    int turns = Math.floorMod(k, 4);
    byte[] dst = new byte[c * plane];
    for (int ch = 0; ch < c; ch++) {
      int off = ch * plane;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int to;
          switch (turns) {
            case 1: // out is W×H: out[w-1-x][y]
              to = (w - 1 - x) * h + y;
              break;
            case 2:
              to = (h - 1 - y) * w + (w - 1 - x);
              break;
            case 3: // out[x][h-1-y]
              to = x * h + (h - 1 - y);
              break;
            default:
              to = y * w + x;
          }
          dst[off + to] = src[off + y * w + x];
        }
      }
    }
    return dst;
  }

  /**
   * Cuts an {@code outH × outW} window whose top-left corner is at ({@code top}, {@code left}) in
   * the source; positions outside the source get {@code fill}. A negative corner or a window past
   * the edge is a crop of the zero-padded image, as torchvision's {@code RandomCrop(padding=p)}.
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @param top the window's first row (may be negative)
   * @param left the window's first column (may be negative)
   * @param outH window height
   * @param outW window width
   * @param fill the value outside the source, 0..255
   * @return a new C×outH×outW image
   */
  public static byte[] crop(
      byte[] src, int c, int h, int w, int top, int left, int outH, int outW, int fill) {
    int plane = Planes.check(src, c, h, w);
    if (outH <= 0 || outW <= 0) {
      throw new IllegalArgumentException("crop size must be positive, got " + outH + "x" + outW);
    }
    byte[] dst = new byte[c * outH * outW];
    if (fill != 0) {
      Arrays.fill(dst, (byte) fill);
    }
    int x0 = Math.max(0, -left);
    int x1 = Math.min(outW, w - left);
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < outH; y++) {
        int sy = y + top;
        if (sy < 0 || sy >= h || x1 <= x0) {
          continue;
        }
        System.arraycopy(
            src, ch * plane + sy * w + left + x0, dst, (ch * outH + y) * outW + x0, x1 - x0);
      }
    }
    return dst;
  }

  /**
   * Crops a window inside the image and resizes it with {@link Resize#bilinear} (torchvision's
   * {@code resized_crop}, the kernel of RandomResizedCrop).
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @param top window top
   * @param left window left
   * @param cropH window height
   * @param cropW window width
   * @param outH output height
   * @param outW output width
   * @return a new C×outH×outW image
   */
  public static byte[] resizedCrop(
      byte[] src,
      int c,
      int h,
      int w,
      int top,
      int left,
      int cropH,
      int cropW,
      int outH,
      int outW) {
    byte[] window = crop(src, c, h, w, top, left, cropH, cropW, 0);
    return Resize.bilinear(window, c, cropH, cropW, outH, outW);
  }

  /**
   * Fills a rectangle with one value per channel (Cutout, DeVries &amp; Taylor 2017,
   * arXiv:1708.04552; Random Erasing, Zhong et al. 2020, arXiv:1708.04896), clipped to the image.
   *
   * @param src C×H×W unsigned bytes
   * @param c channels
   * @param h height
   * @param w width
   * @param top rectangle top
   * @param left rectangle left
   * @param eh rectangle height
   * @param ew rectangle width
   * @param fill one value per channel (or one for all), 0..255
   * @return a new image
   */
  public static byte[] erase(
      byte[] src, int c, int h, int w, int top, int left, int eh, int ew, int[] fill) {
    int plane = Planes.check(src, c, h, w);
    byte[] dst = Arrays.copyOf(src, c * plane);
    int y0 = Math.max(0, top);
    int y1 = Math.min(h, top + eh);
    int x0 = Math.max(0, left);
    int x1 = Math.min(w, left + ew);
    for (int ch = 0; ch < c && x1 > x0; ch++) {
      byte v = (byte) fill[fill.length == 1 ? 0 : ch];
      for (int y = y0; y < y1; y++) {
        Arrays.fill(dst, ch * plane + y * w + x0, ch * plane + y * w + x1, v);
      }
    }
    return dst;
  }
}
