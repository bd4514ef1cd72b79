package dev.pupil.data;

import dev.pupil.BadInputException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (LeCun et al.; Xiao et al. 2017,
 * arXiv:1708.07747): an images file (magic 0x00000803, N×H×W unsigned bytes) and a labels file
 * (magic 0x00000801, N unsigned bytes), gzip-compressed or raw (detected from the content).
 */
public final class IdxReader {
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;

  /** More bytes than fit in one Java array is taken as a corrupt header. */
  private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private IdxReader() {}

  /**
   * Reads a pair of IDX files into a grayscale {@link ImageSet}.
   *
   * @param images the images file
   * @param labels the labels file
   * @param classes class names, index = label
   * @return the images with their labels
   * @throws BadInputException naming the file when it is missing, has the wrong magic or
   *     dimensions, is truncated, or when the counts of the two files disagree
   */
  public static ImageSet read(Path images, Path labels, List<String> classes) {
    Pixels img = readImages(images);
    byte[] lab = readLabels(labels);
    if (img.count != lab.length) {
      throw new BadInputException(
          images
              + " holds "
              + img.count
              + " images but "
              + labels
              + " holds "
              + lab.length
              + " labels");
    }
    int[] lb = new int[lab.length];
    for (int i = 0; i < lab.length; i++) {
      lb[i] = lab[i] & 0xFF;
      if (lb[i] >= classes.size()) {
        throw new BadInputException(
            labels
                + ": label "
                + lb[i]
                + " at index "
                + i
                + " is outside [0, "
                + classes.size()
                + ")");
      }
    }
    return ImageSet.of(img.bytes, lb, 1, img.height, img.width, classes, null);
  }

  private record Pixels(int count, int height, int width, byte[] bytes) {}

  private static Pixels readImages(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != IMAGES_MAGIC) {
        throw new BadInputException(
            file
                + " is not an IDX images file: magic 0x"
                + Integer.toHexString(magic)
                + ", expected 0x00000803");
      }
      int n = in.readInt();
      int h = in.readInt();
      int w = in.readInt();
      // (long) n * h * w can overflow a long (found by DataFileFuzzTest): bound h * w first.
      if (n < 0
          || h <= 0
          || w <= 0
          || (long) h * w > MAX_BYTES
          || (long) n * ((long) h * w) > MAX_BYTES) {
        throw new BadInputException(file + " has impossible dimensions " + n + "x" + h + "x" + w);
      }
      // Read what is there rather than allocating what the header promises: a short file that
      // claims 2 GB is refused after reading its few bytes, not after a 2 GB allocation.
      byte[] px = in.readNBytes(n * h * w);
      if (px.length < n * h * w) {
        throw new EOFException();
      }
      return new Pixels(n, h, w, px);
    } catch (EOFException e) {
      throw new BadInputException(file + " is truncated: fewer pixels than its header promises", e);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static byte[] readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != LABELS_MAGIC) {
        throw new BadInputException(
            file
                + " is not an IDX labels file: magic 0x"
                + Integer.toHexString(magic)
                + ", expected 0x00000801");
      }
      int n = in.readInt();
      if (n < 0 || n > MAX_BYTES) {
        throw new BadInputException(file + " has an impossible label count " + n);
      }
      byte[] lab = in.readNBytes(n);
      if (lab.length < n) {
        throw new EOFException();
      }
      return lab;
    } catch (EOFException e) {
      throw new BadInputException(file + " is truncated: fewer labels than its header promises", e);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file + " does not exist or is not a file");
    }
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
    }
    return new DataInputStream(raw);
  }

  private static BadInputException unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new BadInputException(file + " does not exist", e);
    }
    return new BadInputException(file + " cannot be read: " + e.getMessage(), e);
  }
}
