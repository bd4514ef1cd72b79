package dev.pupil.explain;

import ai.djl.ndarray.NDArray;
import java.util.Locale;

/**
 * The class score y^c whose gradient {@link GradCam} follows back to the layer.
 *
 * <p>The Grad-CAM paper (Selvaraju et al. 2017, §3) uses {@link #LOGIT}, the score before the
 * softmax; that is the default. {@link #PROBABILITY}, the softmax output, is offered for
 * comparison: when a prediction is confident its probability saturates at ~1, its gradient p_c
 * (δ_cj − p_j) vanishes (in float it is exactly 0 once the other classes' probabilities underflow),
 * and the map comes out all zero.
 */
public enum ClassScore {
  /** The class's logit, before the softmax (the paper's y^c). */
  LOGIT,
  /** The class's softmax probability. */
  PROBABILITY;

  /**
   * @param logits N × classes
   * @return the scores to differentiate, N × classes
   */
  NDArray of(NDArray logits) {
    return this == LOGIT ? logits : logits.softmax(1);
  }

  /**
   * @return the name used on the command line and in gradcam.json: logit or probability
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
