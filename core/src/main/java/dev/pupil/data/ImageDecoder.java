package dev.pupil.data;

import dev.pupil.BadInputException;
import dev.pupil.image.BufferedImages;
import dev.pupil.image.Resize;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes image files with javax.imageio into one {@link ImageSet}: converts each to the wanted
 * channels, resizes it to the wanted size, and applies the {@link BadImagePolicy}. Shared by {@link
 * ImageFolderReader} and {@link UnlabeledFolderReader}.
 *
 * <p>When the channels or size are not given, they are chosen from all the files' headers first
 * (see {@link ShapeChoice}), with a warning when images differ.
 *
 * <p>Before decoding, the width and height are read from the file's header, and a file with more
 * than {@link #MAX_PIXELS} pixels is refused, so that a small compressed file cannot expand into
 * gigabytes (a decompression bomb).
 */
final class ImageDecoder {
  /** The largest image decoded, 8192×8192 pixels. */
  static final long MAX_PIXELS = 8192L * 8192L;

  private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

  private final int channels;
  private final int height;
  private final int width;
  private final BadImagePolicy policy;
  private final UnaryOperator<String> settingNames;

  /**
   * @param channels 1 or 3, or 0 to choose them from the files' headers (see {@link ShapeChoice})
   * @param height output height, or 0 (with width 0) to choose the most common size
   * @param width output width, or 0
   * @param policy what to do with a bad file
   */
  ImageDecoder(int channels, int height, int width, BadImagePolicy policy) {
    this(channels, height, width, policy, UnaryOperator.identity());
  }

  /**
   * @param channels 1 or 3, or 0 to choose them from the files' headers (see {@link ShapeChoice})
   * @param height output height, or 0 (with width 0) to choose the most common size
   * @param width output width, or 0
   * @param policy what to do with a bad file
   * @param settingNames how the shape warning names a setting, given its field name
   */
  ImageDecoder(
      int channels,
      int height,
      int width,
      BadImagePolicy policy,
      UnaryOperator<String> settingNames) {
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.policy = policy;
    this.settingNames = settingNames;
  }

  /** A file that cannot be turned into an image; the message names it. */
  private static final class BadImage extends Exception {
    private static final long serialVersionUID = 1L;

    BadImage(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Decodes the files into one set.
   *
   * @param root the folder ids are relative to (named when nothing can be read)
   * @param files the files, in order
   * @param labels one label per file ({@link ImageSet#UNLABELED} allowed)
   * @param classes the class names
   * @return the set and the files skipped
   */
  FolderReadResult decodeAll(Path root, List<Path> files, int[] labels, List<String> classes) {
    List<String> ids = new ArrayList<>(files.size());
    for (Path f : files) {
      ids.add(ImageFiles.id(root, f));
    }
    return decodeAll(root, "under " + root, files, ids, labels, classes);
  }

  /**
   * Decodes the files into one set, with the given ids. Where the images differ in size or colour
   * mode and the decoder's shape leaves them open, the most common size is chosen, and RGB if any
   * image is colour ({@link ShapeScan}), with a warning.
   *
   * @param root the folder, or a name for the files, that the shape warning names
   * @param where where the files are, for messages, e.g. "under data/"
   * @param files the files, in order
   * @param fileIds one id per file
   * @param labels one label per file ({@link ImageSet#UNLABELED} allowed)
   * @param classes the class names
   * @return the set (ids of the files kept), the files skipped and the shape chosen
   */
  FolderReadResult decodeAll(
      Path root,
      String where,
      List<Path> files,
      List<String> fileIds,
      int[] labels,
      List<String> classes) {
    ShapeChoice shape = ShapeScan.choose(root, files, channels, height, width);
    if (!shape.uniform()) {
      LOG.warn(shape.warning(settingNames));
    }
    int c = shape.channels();
    int h = shape.height();
    int w = shape.width();
    byte[] pixels = null;
    int[] kept = new int[files.size()];
    List<String> ids = new ArrayList<>(files.size());
    List<Path> skipped = new ArrayList<>();
    int n = 0;
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      BufferedImage img;
      try {
        img = read(file);
      } catch (BadImage e) {
        if (policy == BadImagePolicy.FAIL) {
          throw new BadInputException(e.getMessage(), e.getCause());
        }
        LOG.warn("skipped: {}", e.getMessage());
        skipped.add(file);
        continue;
      }
      if (pixels == null) {
        c = c == 0 ? (BufferedImages.isGray(img) ? 1 : 3) : c;
        h = h == 0 ? img.getHeight() : h;
        w = w == 0 ? img.getWidth() : w;
        long total = (long) c * h * w * files.size();
        if (total > Integer.MAX_VALUE - 8) {
          throw new BadInputException(
              files.size()
                  + " images "
                  + where
                  + " of "
                  + c
                  + "x"
                  + h
                  + "x"
                  + w
                  + " are too many to load at once; pass a smaller size");
        }
        pixels = new byte[(int) total];
      }
      byte[] chw = BufferedImages.toChw(img, c);
      if (img.getHeight() != h || img.getWidth() != w) {
        chw = Resize.bilinear(chw, c, img.getHeight(), img.getWidth(), h, w);
      }
      System.arraycopy(chw, 0, pixels, n * chw.length, chw.length);
      kept[n] = labels[i];
      ids.add(fileIds.get(i));
      n++;
    }
    if (n == 0) {
      throw new BadInputException(
          "none of the " + files.size() + " image files " + where + " could be read");
    }
    int per = c * h * w;
    byte[] px = n == files.size() ? pixels : Arrays.copyOf(pixels, n * per);
    ImageSet set = ImageSet.of(px, Arrays.copyOf(kept, n), c, h, w, classes, ids);
    if (shape.channels() != c || shape.height() != h) {
      shape = new ShapeChoice(root, c, h, w, shape.total(), shape.resized(), shape.converted());
    }
    return new FolderReadResult(set, skipped, shape);
  }

  /**
   * Decodes one file to C×H×W bytes with this decoder's channels and size (both required).
   *
   * @param file the image file
   * @return the pixels
   * @throws BadInputException naming the file when it cannot be decoded
   */
  byte[] decodeOne(Path file) {
    BufferedImage img;
    try {
      img = read(file);
    } catch (BadImage e) {
      throw new BadInputException(e.getMessage(), e.getCause());
    }
    byte[] chw = BufferedImages.toChw(img, channels);
    if (img.getHeight() != height || img.getWidth() != width) {
      chw = Resize.bilinear(chw, channels, img.getHeight(), img.getWidth(), height, width);
    }
    return chw;
  }

  /**
   * Decodes one encoded image held in memory to C×H×W bytes with this decoder's channels and size
   * (both required).
   *
   * @param bytes the encoded file
   * @param name the image's name, for messages
   * @return the pixels
   * @throws BadInputException naming the image when it cannot be decoded
   */
  byte[] decodeOne(byte[] bytes, String name) {
    BufferedImage img;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      img = read(in, name);
    } catch (BadImage e) {
      throw new BadInputException(e.getMessage(), e.getCause());
    } catch (IOException e) {
      throw new BadInputException(name + " cannot be decoded: " + e.getMessage(), e);
    }
    byte[] chw = BufferedImages.toChw(img, channels);
    if (img.getHeight() != height || img.getWidth() != width) {
      chw = Resize.bilinear(chw, channels, img.getHeight(), img.getWidth(), height, width);
    }
    return chw;
  }

  /** Reads the first frame, after checking the header's size. */
  static BufferedImage read(Path file) throws BadImage {
    if (!Files.isReadable(file)) {
      throw new BadImage(file + " cannot be read (missing, a broken link, or no permission)", null);
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new BadImage(file + " cannot be decoded: " + e.getMessage(), e);
    }
  }

  /** Reads the first frame of a stream, after checking the header's size. */
  private static BufferedImage read(ImageInputStream in, String name) throws BadImage {
    if (in == null) {
      throw new BadImage(name + " cannot be opened", null);
    }
    try {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new BadImage(name + " is not a PNG, JPEG, BMP or GIF image", null);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w * h > MAX_PIXELS) {
          throw new BadImage(
              name + " is " + w + "x" + h + " pixels, more than the 8192x8192 limit", null);
        }
        if (w <= 0 || h <= 0) {
          throw new BadImage(name + " has an empty size " + w + "x" + h, null);
        }
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw new BadImage(name + " cannot be decoded: " + e.getMessage(), e);
    }
  }
}
