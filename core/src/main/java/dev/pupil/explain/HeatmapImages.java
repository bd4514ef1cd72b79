package dev.pupil.explain;

import dev.pupil.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws Grad-CAM maps as a person looks at them (Selvaraju et al. 2017, figure 1): the heat map in
 * the "jet" colour map (blue = 0, red = 1) blended half and half over the image, and the raw map at
 * the layer's resolution. Both are enlarged with nearest-neighbour sampling so that the longer side
 * reaches about {@value #DISPLAY} pixels. Works headless.
 */
public final class HeatmapImages {
  /** Target length of the longer side of a drawn image, in pixels. */
  public static final int DISPLAY = 224;

  /** Weight of the heat map's colour in the overlay. */
  public static final float ALPHA = 0.5f;

  private HeatmapImages() {}

  /**
   * @param height image height
   * @param width image width
   * @return how many screen pixels each image pixel becomes
   */
  public static int scale(int height, int width) {
    return Math.max(1, (int) Math.ceil((double) DISPLAY / Math.max(height, width)));
  }

  /**
   * The heat map over the image.
   *
   * @param pixels the image as C×H×W unsigned bytes, at the heat map's size
   * @param channels C: 1 or 3
   * @param h the heat map
   * @return an RGB image of (H·s) × (W·s), s = {@link #scale}
   */
  public static BufferedImage overlay(byte[] pixels, int channels, Heatmap h) {
    int height = h.height();
    int width = h.width();
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (pixels.length != channels * height * width) {
      throw new IllegalArgumentException(
          "pixels holds "
              + pixels.length
              + " bytes, expected "
              + channels
              + "x"
              + height
              + "x"
              + width);
    }
    int s = scale(height, width);
    int plane = height * width;
    BufferedImage img = new BufferedImage(width * s, height * s, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        int r = pixels[i] & 0xFF;
        int g = channels == 3 ? pixels[plane + i] & 0xFF : r;
        int b = channels == 3 ? pixels[2 * plane + i] & 0xFF : r;
        int jet = jet(h.heat()[i]);
        int rgb =
            blend(r, (jet >> 16) & 0xFF) << 16
                | blend(g, (jet >> 8) & 0xFF) << 8
                | blend(b, jet & 0xFF);
        fill(img, x * s, y * s, s, s, rgb);
      }
    }
    return img;
  }

  /**
   * The raw map at the layer's resolution, min–max scaled, in the jet colour map.
   *
   * @param h the heat map
   * @return an RGB image as large as {@link #overlay}'s (each map cell a block)
   */
  public static BufferedImage map(Heatmap h) {
    int s = scale(h.height(), h.width());
    int outW = h.width() * s;
    int outH = h.height() * s;
    float[] v = CamMaps.normalize(h.map());
    BufferedImage img = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < outH; y++) {
      int my = Math.min(h.mapHeight() - 1, (int) ((long) y * h.mapHeight() / outH));
      for (int x = 0; x < outW; x++) {
        int mx = Math.min(h.mapWidth() - 1, (int) ((long) x * h.mapWidth() / outW));
        img.setRGB(x, y, jet(v[my * h.mapWidth() + mx]));
      }
    }
    return img;
  }

  /**
   * The jet colour map.
   *
   * @param t a value in [0, 1] (clamped)
   * @return 0xRRGGBB: dark blue at 0, cyan, yellow, dark red at 1
   */
  public static int jet(float t) {
    float v = Math.max(0, Math.min(1, t));
    int r = channel(1.5f - Math.abs(4 * v - 3));
    int g = channel(1.5f - Math.abs(4 * v - 2));
    int b = channel(1.5f - Math.abs(4 * v - 1));
    return r << 16 | g << 8 | b;
  }

  /**
   * Writes an image as PNG, atomically.
   *
   * @param target the file
   * @param image the image
   * @throws IOException when it cannot be written
   */
  public static void writePng(Path target, BufferedImage image) throws IOException {
    AtomicFiles.write(
        target,
        out -> {
          if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
          }
        });
  }

  private static int channel(float f) {
    return Math.round(Math.max(0, Math.min(1, f)) * 255);
  }

  private static int blend(int base, int colour) {
    return Math.round((1 - ALPHA) * base + ALPHA * colour);
  }

  private static void fill(BufferedImage img, int x0, int y0, int w, int h, int rgb) {
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
  }
}
