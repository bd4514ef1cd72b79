package dev.pupil.data;

import dev.pupil.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky 2009, "Learning Multiple Layers
 * of Features from Tiny Images"). Each record is the label byte(s) followed by 3072 pixel bytes: a
 * 32×32 red plane, then green, then blue, which is already C×H×W order.
 *
 * <ul>
 *   <li>CIFAR-10: 1 label byte + 3072 = 3073 bytes per record ({@code data_batch_1.bin} … {@code
 *       data_batch_5.bin}, {@code test_batch.bin}).
 *   <li>CIFAR-100: coarse label byte, fine label byte + 3072 = 3074 bytes per record ({@code
 *       train.bin}, {@code test.bin}); class names come from {@code fine_label_names.txt} or {@code
 *       coarse_label_names.txt} beside the first file, else {@code class-N}.
 * </ul>
 */
public final class CifarReader {
  /** The CIFAR-10 class names, index = label. */
  public static final List<String> CIFAR10_CLASSES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  private static final int SIDE = 32;
  private static final int PIXELS = 3 * SIDE * SIDE;

  /** Which CIFAR-100 label to use. */
  public enum Cifar100Label {
    /** The 20 superclasses. */
    COARSE,
    /** The 100 classes (the usual choice). */
    FINE
  }

  private CifarReader() {}

  /**
   * Reads CIFAR-10 batch files, concatenated in the given order.
   *
   * @param files one or more CIFAR-10 binary batch files
   * @return 3×32×32 images with the ten CIFAR-10 classes; ids are indices in the concatenation
   * @throws BadInputException naming a file that is missing, unreadable, not a multiple of 3073
   *     bytes long, or holds a label above 9
   */
  public static ImageSet readCifar10(List<Path> files) {
    return read(files, 1, 0, CIFAR10_CLASSES, "CIFAR-10");
  }

  /**
   * Reads CIFAR-100 files with their fine (100-class) labels.
   *
   * @param files one or more CIFAR-100 binary files
   * @return 3×32×32 images with 100 classes
   * @throws BadInputException naming a bad file, as {@link #readCifar10}
   */
  public static ImageSet readCifar100(List<Path> files) {
    return readCifar100(files, Cifar100Label.FINE);
  }

  /**
   * Reads CIFAR-100 files with the chosen labels.
   *
   * @param files one or more CIFAR-100 binary files
   * @param label coarse (20 classes) or fine (100 classes)
   * @return 3×32×32 images
   * @throws BadInputException naming a bad file, as {@link #readCifar10}
   */
  public static ImageSet readCifar100(List<Path> files, Cifar100Label label) {
    boolean fine = label == Cifar100Label.FINE;
    int count = fine ? 100 : 20;
    String namesFile = fine ? "fine_label_names.txt" : "coarse_label_names.txt";
    List<String> classes = classNames(files.isEmpty() ? null : files.get(0), namesFile, count);
    return read(files, 2, fine ? 1 : 0, classes, "CIFAR-100");
  }

  private static ImageSet read(
      List<Path> files, int labelBytes, int labelAt, List<String> classes, String format) {
    if (files.isEmpty()) {
      throw new BadInputException("no " + format + " files given");
    }
    int record = labelBytes + PIXELS;
    long total = 0;
    for (Path f : files) {
      long size = size(f);
      if (size == 0 || size % record != 0) {
        throw new BadInputException(
            f
                + " has "
                + size
                + " bytes, not a multiple of the "
                + record
                + "-byte "
                + format
                + " record");
      }
      total += size / record;
    }
    if (total * PIXELS > Integer.MAX_VALUE - 8) {
      throw new BadInputException(
          "the " + format + " files hold " + total + " images, too many to load at once");
    }
    int n = (int) total;
    byte[] pixels = new byte[n * PIXELS];
    int[] labels = new int[n];
    byte[] buf = new byte[record];
    int i = 0;
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        long records = Files.size(f) / record;
        for (long r = 0; r < records; r++, i++) {
          if (in.readNBytes(buf, 0, record) != record) {
            throw new BadInputException(f + " ended early while it was being read");
          }
          int label = buf[labelAt] & 0xFF;
          if (label >= classes.size()) {
            throw new BadInputException(
                f
                    + ": label "
                    + label
                    + " of record "
                    + r
                    + " is outside [0, "
                    + classes.size()
                    + ")");
          }
          labels[i] = label;
          System.arraycopy(buf, labelBytes, pixels, i * PIXELS, PIXELS);
        }
      } catch (IOException e) {
        throw new BadInputException(f + " cannot be read: " + e.getMessage(), e);
      }
    }
    return ImageSet.of(pixels, labels, 3, SIDE, SIDE, classes, null);
  }

  private static long size(Path f) {
    if (!Files.isRegularFile(f)) {
      throw new BadInputException(f + " does not exist or is not a file");
    }
    try {
      return Files.size(f);
    } catch (IOException e) {
      throw new BadInputException(f + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Names from a text file beside {@code first}, one per line, or class-N. */
  private static List<String> classNames(Path first, String namesFile, int count) {
    List<String> names = new ArrayList<>();
    Path dir = first == null ? null : first.toAbsolutePath().getParent();
    Path file = dir == null ? null : dir.resolve(namesFile);
    if (file != null && Files.isRegularFile(file)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            names.add(line.strip());
          }
        }
      } catch (IOException e) {
        throw new BadInputException(file + " cannot be read: " + e.getMessage(), e);
      }
      if (names.size() != count) {
        throw new BadInputException(
            file + " lists " + names.size() + " class names, expected " + count);
      }
      return names;
    }
    for (int c = 0; c < count; c++) {
      names.add("class-" + c);
    }
    return names;
  }
}
