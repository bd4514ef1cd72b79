package dev.pupil.transfer;

import dev.pupil.BadInputException;
import java.util.Locale;

/**
 * The course's two ways to reuse a pretrained network on new classes (Yosinski et al. 2014, "How
 * transferable are features in deep neural networks?", arXiv:1411.1792).
 */
public enum Approach {
  /** Approach 1: freeze the backbone, train only the new head (a fixed feature extractor). */
  HEAD,
  /** Approach 2: train every layer, the backbone with a smaller learning rate than the head. */
  FINETUNE;

  /**
   * @param name {@code head} or {@code finetune} (any case)
   * @return the approach
   * @throws BadInputException naming the field {@code approach} for anything else
   */
  public static Approach parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw BadInputException.forField("approach", "must be head or finetune, got '" + name + "'");
    }
  }

  /**
   * @return the lower-case name used on the command line and in records
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
