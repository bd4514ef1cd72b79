package dev.pupil.knn;

import dev.pupil.data.ImageSet;
import java.util.Objects;

/**
 * The simplest features for k-NN: an image's pixels, flattened in C×H×W order and scaled from
 * unsigned bytes to [0, 1].
 */
public final class PixelFeatures {
  private PixelFeatures() {}

  /**
   * @param images the images
   * @return one row of C·H·W values in [0, 1] per image
   * @throws IllegalArgumentException when the set is empty
   */
  public static FeatureMatrix of(ImageSet images) {
    Objects.requireNonNull(images, "images");
    if (images.size() == 0) {
      throw new IllegalArgumentException("images must not be empty");
    }
    byte[] px = images.pixelsView();
    float[] out = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      out[i] = (px[i] & 0xFF) / 255f;
    }
    return new FeatureMatrix(out, images.size(), images.imageBytes());
  }
}
