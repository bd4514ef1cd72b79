package dev.pupil.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;

/**
 * Converts {@link BufferedImage}s of any type (RGB, BGR, ARGB, gray 8/16-bit, gray+alpha, indexed
 * such as GIF or palette PNG) to unsigned-byte C×H×W arrays. Alpha is dropped, not composited, as
 * in Pillow's {@code convert("RGB")}.
 *
 * <p>Gray images are read from their raster, not through {@link BufferedImage#getRGB}: Java treats
 * a gray colour space as linear and would brighten the values on the way to sRGB.
 */
public final class BufferedImages {
  private BufferedImages() {}

  /**
   * Converts an image to C×H×W unsigned bytes with the wanted number of channels.
   *
   * @param image any image
   * @param channels 1 for gray (BT.601 luma of colour images), 3 for RGB (gray repeated)
   * @return a new channels×H×W array
   * @throws IllegalArgumentException when {@code channels} is not 1 or 3
   */
  public static byte[] toChw(BufferedImage image, int channels) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    int h = image.getHeight();
    int w = image.getWidth();
    if (isGray(image)) {
      byte[] gray = grayPlane(image.getRaster(), h, w);
      return channels == 1 ? gray : ColorConvert.grayToRgb(gray, h, w);
    }
    byte[] rgb = rgbPlanes(image, h, w);
    return channels == 3 ? rgb : ColorConvert.rgbToGray(rgb, h, w);
  }

  /**
   * Whether an image holds gray values (with or without alpha) rather than colour.
   *
   * @param image any image
   * @return true for gray colour models, false for colour and indexed ones
   */
  public static boolean isGray(BufferedImage image) {
    return isGray(image.getColorModel());
  }

  /**
   * Whether a colour model holds gray values (with or without alpha) rather than colour, as {@link
   * #isGray(BufferedImage)} decides it for an image; lets a file's header be judged before
   * decoding.
   *
   * @param cm a colour model
   * @return true for gray component colour models, false for colour and indexed ones
   */
  public static boolean isGray(ColorModel cm) {
    return cm instanceof ComponentColorModel
        && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
  }

  private static byte[] grayPlane(Raster raster, int h, int w) {
    int bits = raster.getSampleModel().getSampleSize(0);
    int shift = Math.max(0, bits - 8);
    int[] row = new int[w];
    byte[] out = new byte[h * w];
    for (int y = 0; y < h; y++) {
      raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        int v = bits < 8 ? row[x] * 255 / ((1 << bits) - 1) : row[x] >>> shift;
        out[y * w + x] = (byte) v;
      }
    }
    return out;
  }

  private static byte[] rgbPlanes(BufferedImage image, int h, int w) {
    int n = h * w;
    byte[] out = new byte[3 * n];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        int i = y * w + x;
        out[i] = (byte) (argb >>> 16);
        out[n + i] = (byte) (argb >>> 8);
        out[2 * n + i] = (byte) argb;
      }
    }
    return out;
  }
}
