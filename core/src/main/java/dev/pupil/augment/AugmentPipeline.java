package dev.pupil.augment;

import java.util.List;
import java.util.Random;

/**
 * Per-image augmentations applied in order (torchvision's {@code Compose}), with the spec string
 * that made it ({@link AugmentSpec#parse}).
 */
public final class AugmentPipeline implements Augmentation {
  private final String spec;
  private final List<Augmentation> steps;

  /**
   * @param spec the spec string, for records
   * @param steps the augmentations, in order
   */
  public AugmentPipeline(String spec, List<Augmentation> steps) {
    this.spec = spec;
    this.steps = List.copyOf(steps);
  }

  /**
   * @return the spec string
   */
  public String spec() {
    return spec;
  }

  /**
   * @return the augmentations, in order
   */
  public List<Augmentation> steps() {
    return steps;
  }

  @Override
  public byte[] augment(byte[] image, ImageShape shape, Random rng) {
    byte[] out = image;
    for (Augmentation a : steps) {
      out = a.augment(out, shape, rng);
    }
    return out;
  }

  @Override
  public String toString() {
    return spec;
  }
}
