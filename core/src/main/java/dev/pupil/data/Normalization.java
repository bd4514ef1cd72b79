package dev.pupil.data;

import dev.pupil.BadInputException;
import java.util.Arrays;

/**
 * Per-channel normalization {@code (x/255 − mean) / std}, computed from a training split or given,
 * and stored with the model so that evaluation and prediction preprocess exactly as training did.
 *
 * @param mean per-channel mean on the 0..1 scale
 * @param std per-channel standard deviation on the 0..1 scale, each &gt; 0
 */
public record Normalization(float[] mean, float[] std) {
  /** Validates the fields. */
  public Normalization {
    if (mean == null || std == null || mean.length != std.length || mean.length == 0) {
      throw new BadInputException("normalization needs one mean and one std per channel");
    }
    for (float s : std) {
      if (!(s > 0) || Float.isInfinite(s)) {
        throw new BadInputException("normalization std must be > 0, got " + Arrays.toString(std));
      }
    }
    for (float m : mean) {
      if (!Float.isFinite(m)) {
        throw new BadInputException("normalization mean must be finite, got " + Arrays.toString(mean));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * @param mean per-channel means
   * @param std per-channel standard deviations
   * @return the normalization
   */
  public static Normalization of(float[] mean, float[] std) {
    return new Normalization(mean, std);
  }

  /**
   * Mean and standard deviation of each channel over all pixels of the given images.
   *
   * @param images typically the training split
   * @return the normalization
   */
  public static Normalization fromImages(ImageSet images) {
    int c = images.channels();
    int hw = images.height() * images.width();
    long[][] hist = new long[c][256];
    byte[] px = images.pixelsView();
    for (int i = 0; i < images.size(); i++) {
      for (int ch = 0; ch < c; ch++) {
        int base = (i * c + ch) * hw;
        long[] h = hist[ch];
        for (int p = 0; p < hw; p++) {
          h[px[base + p] & 0xFF]++;
        }
      }
    }
    float[] mean = new float[c];
    float[] std = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double n = 0;
      double s = 0;
      double s2 = 0;
      for (int v = 0; v < 256; v++) {
        double x = v / 255.0;
        n += hist[ch][v];
        s += hist[ch][v] * x;
        s2 += hist[ch][v] * x * x;
      }
      double m = n == 0 ? 0 : s / n;
      double var = n == 0 ? 1 : Math.max(s2 / n - m * m, 0);
      mean[ch] = (float) m;
      std[ch] = (float) Math.max(Math.sqrt(var), 1e-3);
    }
    return new Normalization(mean, std);
  }

  /** @return the number of channels */
  public int channels() {
    return mean.length;
  }

  /**
   * Converts one image from unsigned bytes to normalized floats.
   *
   * @param src source bytes, C×H×W
   * @param srcOffset index of the image's first byte
   * @param dst destination floats
   * @param dstOffset index of the first float to write
   * @param channels C, equal to {@link #channels()}
   * @param pixelsPerChannel H×W
   */
  public void apply(
      byte[] src, int srcOffset, float[] dst, int dstOffset, int channels, int pixelsPerChannel) {
    float[][] lut = lookupTables();
    for (int c = 0; c < channels; c++) {
      float[] t = lut[c];
      int s = srcOffset + c * pixelsPerChannel;
      int d = dstOffset + c * pixelsPerChannel;
      for (int p = 0; p < pixelsPerChannel; p++) {
        dst[d + p] = t[src[s + p] & 0xFF];
      }
    }
  }

  /**
   * Converts the given images of a set to normalized floats, N×C×H×W.
   *
   * @param images the set; its channels must equal {@link #channels()}
   * @param indices which images, in order
   * @param dst destination, at least indices.length × C×H×W floats
   */
  public void applyBatch(ImageSet images, int[] indices, float[] dst) {
    if (images.channels() != mean.length) {
      throw new BadInputException(
          "images have " + images.channels() + " channels, normalization has " + mean.length);
    }
    float[][] lut = lookupTables();
    byte[] src = images.pixelsView();
    int per = images.imageBytes();
    for (int k = 0; k < indices.length; k++) {
      int s = indices[k] * per;
      int d = k * per;
      int hw = per / mean.length;
      for (int c = 0; c < mean.length; c++) {
        float[] t = lut[c];
        int cs = s + c * hw;
        int cd = d + c * hw;
        for (int p = 0; p < hw; p++) {
          dst[cd + p] = t[src[cs + p] & 0xFF];
        }
      }
    }
  }

  private float[][] lookupTables() {
    float[][] lut = new float[mean.length][256];
    for (int c = 0; c < mean.length; c++) {
      for (int v = 0; v < 256; v++) {
        lut[c][v] = (v / 255f - mean[c]) / std[c];
      }
    }
    return lut;
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
