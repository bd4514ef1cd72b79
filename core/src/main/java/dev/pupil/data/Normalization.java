package dev.pupil.data;

import dev.pupil.BadInputException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-channel mean and standard deviation on the 0..1 scale, and the conversion of unsigned bytes
 * to normalized floats {@code (v / 255 - mean[c]) / std[c]}.
 *
 * <p>A value class with record-style accessors rather than a record: it caches a 256-entry lookup
 * table per channel, which a record cannot hold. It is stored in model metadata with {@link
 * #toMap()} and read back with {@link #fromMap}; the cache is {@code transient}, so Gson can also
 * (de)serialize it directly.
 */
public final class Normalization {
  private final float[] mean;
  private final float[] std;
  private transient volatile float[][] lut;

  private Normalization(float[] mean, float[] std) {
    this.mean = mean;
    this.std = std;
  }

  /**
   * Creates a normalization from given values.
   *
   * @param mean per-channel means on the 0..1 scale
   * @param std per-channel standard deviations on the 0..1 scale, each &gt; 0
   * @return the normalization
   * @throws BadInputException when the lengths differ, are empty, or a std is not positive
   */
  public static Normalization of(float[] mean, float[] std) {
    if (mean.length == 0 || mean.length != std.length) {
      throw new BadInputException(
          "normalization needs one mean and one std per channel, got "
              + mean.length
              + " and "
              + std.length);
    }
    for (int c = 0; c < std.length; c++) {
      if (!(std[c] > 0) || Float.isInfinite(std[c]) || !Float.isFinite(mean[c])) {
        throw new BadInputException(
            "normalization std must be > 0 and mean finite, got mean "
                + mean[c]
                + " std "
                + std[c]
                + " for channel "
                + c);
      }
    }
    return new Normalization(mean.clone(), std.clone());
  }

  /**
   * The mean and (population) standard deviation of each channel over all pixels of the given
   * images, for example the labelled training split. A constant channel gets std 1/255 (one grey
   * level) instead of 0, so that the normalization stays defined.
   *
   * @param images the images
   * @return the normalization
   * @throws BadInputException when the set is empty
   */
  public static Normalization fromImages(ImageSet images) {
    if (images.size() == 0) {
      throw new BadInputException("cannot compute a normalization from an empty image set");
    }
    int c = images.channels();
    int plane = images.height() * images.width();
    long[] sum = new long[c];
    long[] sumSq = new long[c];
    byte[] px = images.pixelsView();
    for (int i = 0; i < images.size(); i++) {
      for (int ch = 0; ch < c; ch++) {
        int off = (i * c + ch) * plane;
        long s = 0;
        long sq = 0;
        for (int k = 0; k < plane; k++) {
          int v = px[off + k] & 0xFF;
          s += v;
          sq += v * v;
        }
        sum[ch] += s;
        sumSq[ch] += sq;
      }
    }
    double count = (double) images.size() * plane;
    float[] mean = new float[c];
    float[] std = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double m = sum[ch] / count;
      double var = Math.max(0.0, sumSq[ch] / count - m * m);
      mean[ch] = (float) (m / 255.0);
      std[ch] = (float) Math.max(Math.sqrt(var) / 255.0, 1.0 / 255.0);
    }
    return new Normalization(mean, std);
  }

  /**
   * @return a copy of the per-channel means
   */
  public float[] mean() {
    return mean.clone();
  }

  /**
   * @return a copy of the per-channel standard deviations
   */
  public float[] std() {
    return std.clone();
  }

  /**
   * @return the number of channels
   */
  public int channels() {
    return mean.length;
  }

  /**
   * @return {@code {"mean": [...], "std": [...]}} with double values, for JSON metadata
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", toList(mean));
    m.put("std", toList(std));
    return m;
  }

  /**
   * Reads a map written by {@link #toMap()} (numbers of any type, as Gson reads them).
   *
   * @param map the map
   * @return the normalization
   * @throws BadInputException when a key is missing or a value is not a list of numbers
   */
  public static Normalization fromMap(Map<String, ?> map) {
    return of(toArray(map, "mean"), toArray(map, "std"));
  }

  /**
   * Converts unsigned bytes of one image to normalized floats, channel by channel.
   *
   * @param src the bytes, C×H×W from {@code srcOffset}
   * @param srcOffset index of the first byte
   * @param dst the output
   * @param dstOffset index of the first float written
   * @param channels channels of the image; must equal {@link #channels()}
   * @param pixelsPerChannel H×W
   */
  public void apply(
      byte[] src, int srcOffset, float[] dst, int dstOffset, int channels, int pixelsPerChannel) {
    if (channels != mean.length) {
      throw new IllegalArgumentException(
          "image has " + channels + " channels, normalization has " + mean.length);
    }
    float[][] table = table();
    for (int c = 0; c < channels; c++) {
      float[] t = table[c];
      int s = srcOffset + c * pixelsPerChannel;
      int d = dstOffset + c * pixelsPerChannel;
      for (int k = 0; k < pixelsPerChannel; k++) {
        dst[d + k] = t[src[s + k] & 0xFF];
      }
    }
  }

  /**
   * Parses {@code MEAN/STD} with one comma-separated value per channel on each side, e.g. {@code
   * 0.286/0.353} or {@code 0.485,0.456,0.406/0.229,0.224,0.225}.
   *
   * @param spec the text
   * @param option the option it came from, for messages
   * @return the normalization
   * @throws BadInputException naming the option when the text is malformed or a std is not &gt; 0
   */
  public static Normalization parse(String spec, String option) {
    String[] sides = spec.trim().split("/");
    if (sides.length != 2) {
      throw new BadInputException(
          option + " must be MEAN/STD (e.g. 0.286/0.353), got '" + spec + "'");
    }
    float[] mean = floats(sides[0], option, spec);
    float[] std = floats(sides[1], option, spec);
    if (mean.length != std.length || (mean.length != 1 && mean.length != 3)) {
      throw new BadInputException(
          option + " needs 1 or 3 values on each side of '/', got '" + spec + "'");
    }
    try {
      return of(mean, std);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(option + ": " + e.getMessage(), e);
    }
  }

  private static float[] floats(String side, String option, String spec) {
    String[] parts = side.split(",");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Float.parseFloat(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new BadInputException(
            option + ": '" + parts[i].trim() + "' in '" + spec + "' is not a number", e);
      }
    }
    return out;
  }

  /**
   * Converts the given images of a set to normalized floats, N×C×H×W, in index order.
   *
   * @param images the set; its channels must equal {@link #channels()}
   * @param indices which images
   * @param dst destination, at least indices.length × C×H×W floats
   */
  public void applyBatch(ImageSet images, int[] indices, float[] dst) {
    int per = images.imageBytes();
    int hw = images.height() * images.width();
    byte[] src = images.pixelsView();
    for (int k = 0; k < indices.length; k++) {
      apply(src, indices[k] * per, dst, k * per, images.channels(), hw);
    }
  }

  private float[][] table() {
    float[][] t = lut;
    if (t == null) {
      t = new float[mean.length][256];
      for (int c = 0; c < mean.length; c++) {
        for (int v = 0; v < 256; v++) {
          t[c][v] = (v / 255f - mean[c]) / std[c];
        }
      }
      lut = t;
    }
    return t;
  }

  private static List<Double> toList(float[] a) {
    Double[] out = new Double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (double) a[i];
    }
    return List.of(out);
  }

  private static float[] toArray(Map<String, ?> map, String key) {
    if (!(map.get(key) instanceof List<?> list)) {
      throw new BadInputException("normalization '" + key + "' must be a list of numbers");
    }
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Number num)) {
        throw new BadInputException("normalization '" + key + "' must be a list of numbers");
      }
      out[i] = num.floatValue();
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
