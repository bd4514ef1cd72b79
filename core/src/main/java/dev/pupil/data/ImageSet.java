package dev.pupil.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An in-memory set of same-sized images stored as unsigned bytes in N×C×H×W order, with a label per
 * image ({@link #UNLABELED} where it is unknown or hidden), the class names, and an id per image (a
 * file path, or the index in the source file).
 *
 * <p>Immutable: {@link #subset}, {@link #withLabelsHidden} and the readers return new sets. Pixel
 * bytes are shared between a set and its views only where no copy is needed.
 */
public final class ImageSet {
  /** The label of an image whose class is unknown or hidden. */
  public static final int UNLABELED = -1;

  private final byte[] pixels;
  private final int[] labels;
  private final int channels;
  private final int height;
  private final int width;
  private final List<String> classes;
  private final List<String> ids;

  private ImageSet(
      byte[] pixels,
      int[] labels,
      int channels,
      int height,
      int width,
      List<String> classes,
      List<String> ids) {
    this.pixels = pixels;
    this.labels = labels;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.classes = classes;
    this.ids = ids;
  }

  /**
   * Creates a set, taking ownership of the arrays.
   *
   * @param pixels N×C×H×W unsigned bytes
   * @param labels one per image, in [0, classes.size()) or {@link #UNLABELED}
   * @param channels 1 (grayscale) or 3 (RGB)
   * @param height image height in pixels
   * @param width image width in pixels
   * @param classes class names, index = label
   * @param ids one id per image, or {@code null} for "index in the source"
   * @return the set
   * @throws IllegalArgumentException when sizes disagree or a label is out of range
   */
  public static ImageSet of(
      byte[] pixels,
      int[] labels,
      int channels,
      int height,
      int width,
      List<String> classes,
      List<String> ids) {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(classes, "classes");
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + height + "x" + width);
    }
    long per = (long) channels * height * width;
    if (per * labels.length != pixels.length) {
      throw new IllegalArgumentException(
          "pixels hold "
              + pixels.length
              + " bytes, expected "
              + labels.length
              + " images of "
              + per);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != UNLABELED && (labels[i] < 0 || labels[i] >= classes.size())) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of image " + i + " is outside [0, " + classes.size() + ")");
      }
    }
    List<String> idList = null;
    if (ids != null) {
      if (ids.size() != labels.length) {
        throw new IllegalArgumentException(
            "ids has " + ids.size() + " entries for " + labels.length + " images");
      }
      idList = Collections.unmodifiableList(new ArrayList<>(ids));
    }
    return new ImageSet(
        pixels,
        labels,
        channels,
        height,
        width,
        Collections.unmodifiableList(new ArrayList<>(classes)),
        idList);
  }

  /**
   * @return the number of images
   */
  public int size() {
    return labels.length;
  }

  /**
   * @return 1 for grayscale, 3 for RGB
   */
  public int channels() {
    return channels;
  }

  /**
   * @return image height in pixels
   */
  public int height() {
    return height;
  }

  /**
   * @return image width in pixels
   */
  public int width() {
    return width;
  }

  /**
   * @return bytes per image, C×H×W
   */
  public int imageBytes() {
    return channels * height * width;
  }

  /**
   * @return the class names; a label indexes this list
   */
  public List<String> classes() {
    return classes;
  }

  /**
   * @param i image index
   * @return its label, or {@link #UNLABELED}
   */
  public int label(int i) {
    return labels[i];
  }

  /**
   * @return a copy of all labels
   */
  public int[] labels() {
    return labels.clone();
  }

  /**
   * @return whether every image has a label
   */
  public boolean fullyLabeled() {
    for (int l : labels) {
      if (l == UNLABELED) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param i image index
   * @return the image's id: its file path, or its index in the source file
   */
  public String id(int i) {
    return ids == null ? Integer.toString(i) : ids.get(i);
  }

  /**
   * @return every image's {@link #id}, in order
   */
  public List<String> ids() {
    List<String> out = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      out.add(id(i));
    }
    return out;
  }

  /**
   * @param indices image indices
   * @return those images' {@link #id}s, in the order given
   */
  public List<String> ids(int[] indices) {
    List<String> out = new ArrayList<>(indices.length);
    for (int i : indices) {
      out.add(id(i));
    }
    return out;
  }

  /**
   * The backing pixel array, N×C×H×W unsigned bytes. Read it, never write it.
   *
   * @return the shared array
   */
  public byte[] pixelsView() {
    return pixels;
  }

  /**
   * Unsigned value of one pixel.
   *
   * @param i image
   * @param c channel
   * @param y row
   * @param x column
   * @return 0..255
   */
  public int pixel(int i, int c, int y, int x) {
    return pixels[((i * channels + c) * height + y) * width + x] & 0xFF;
  }

  /**
   * @return the number of images per class (unlabeled images not counted)
   */
  public int[] classCounts() {
    int[] counts = new int[classes.size()];
    for (int l : labels) {
      if (l != UNLABELED) {
        counts[l]++;
      }
    }
    return counts;
  }

  /**
   * The images at the given indices, in that order (copied).
   *
   * @param indices image indices; repeats allowed
   * @return a new set
   */
  public ImageSet subset(int[] indices) {
    int per = imageBytes();
    byte[] px = new byte[indices.length * per];
    int[] lb = new int[indices.length];
    List<String> idList = new ArrayList<>(indices.length);
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      System.arraycopy(pixels, i * per, px, k * per, per);
      lb[k] = labels[i];
      idList.add(id(i));
    }
    return new ImageSet(
        px, lb, channels, height, width, classes, Collections.unmodifiableList(idList));
  }

  /**
   * The images whose ids are not in {@code left}, in order.
   *
   * @param left ids to leave out
   * @return this set when none of its ids is left out, else a new set (copied)
   */
  public ImageSet without(Set<String> left) {
    int[] keep = new int[size()];
    int n = 0;
    for (int i = 0; i < size(); i++) {
      if (!left.contains(id(i))) {
        keep[n++] = i;
      }
    }
    return n == size() ? this : subset(Arrays.copyOf(keep, n));
  }

  /**
   * @return the same images and classes with every label set to {@link #UNLABELED}
   */
  public ImageSet withLabelsHidden() {
    int[] none = new int[labels.length];
    Arrays.fill(none, UNLABELED);
    return new ImageSet(pixels, none, channels, height, width, classes, ids);
  }

  /**
   * The same images with other labels, for example pseudo-labels.
   *
   * @param newLabels one per image
   * @return a new set sharing the pixels
   */
  public ImageSet withLabels(int[] newLabels) {
    return of(pixels, newLabels.clone(), channels, height, width, classes, ids);
  }

  @Override
  public String toString() {
    return "ImageSet["
        + size()
        + " x "
        + channels
        + "x"
        + height
        + "x"
        + width
        + ", "
        + classes.size()
        + " classes]";
  }
}
