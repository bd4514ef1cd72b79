package dev.pupil.data;

import dev.pupil.image.BufferedImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Chooses the shape of a folder's images from their headers ({@link ImageReader#getWidth}, {@link
 * ImageReader#getHeight} and the raw image type), without decoding pixels: one pass over the files.
 * See {@link ShapeChoice} for the rule. Files whose header cannot be read are left out here; the
 * decoder reports them under its {@link BadImagePolicy}.
 */
final class ShapeScan {
  private ShapeScan() {}

  /** What a file's header says: its size and whether it is gray. */
  private record Header(int height, int width, boolean gray) {}

  /**
   * @param root the folder, for the warning
   * @param files the image files
   * @param channels the channels asked for, or 0 to choose
   * @param height the height asked for, or 0 (with width 0) to choose
   * @param width the width asked for, or 0
   * @return the shape, with 0 left where nothing could be chosen (no header readable)
   */
  static ShapeChoice choose(Path root, List<Path> files, int channels, int height, int width) {
    if (channels != 0 && height != 0) {
      return new ShapeChoice(root, channels, height, width, files.size(), 0, 0);
    }
    Map<Long, Integer> sizes = new LinkedHashMap<>();
    int read = 0;
    int gray = 0;
    for (Path f : files) {
      Header h = header(f);
      if (h != null) {
        read++;
        gray += h.gray() ? 1 : 0;
        sizes.merge(((long) h.height() << 32) | h.width(), 1, Integer::sum);
      }
    }
    int resized = 0;
    int converted = 0;
    if (height == 0 && read > 0) {
      long best = 0;
      int most = 0;
      for (Map.Entry<Long, Integer> e : sizes.entrySet()) {
        if (e.getValue() > most) {
          best = e.getKey();
          most = e.getValue();
        }
      }
      height = (int) (best >>> 32);
      width = (int) best;
      resized = read - most;
    }
    if (channels == 0 && read > 0) {
      channels = gray == read ? 1 : 3;
      converted = channels == 3 ? gray : 0;
    }
    return new ShapeChoice(root, channels, height, width, read, resized, converted);
  }

  /** The header of an image file, or null when it cannot be read. */
  private static Header header(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        return null;
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w <= 0 || h <= 0 || (long) w * h > ImageDecoder.MAX_PIXELS) {
          return null;
        }
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
          Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
          type = types.hasNext() ? types.next() : null;
        }
        boolean gray = type != null && BufferedImages.isGray(type.getColorModel());
        return new Header(h, w, gray);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
