package dev.pupil.eval;

/**
 * A model gave a NaN or infinite logit, so no accuracy, loss or calibration can be computed: its
 * weights have diverged (or overflowed) in training. Thrown by {@link EvalReport}; the training
 * loop turns it into a {@link dev.pupil.train.TrainingDivergedException}.
 */
public final class NonFiniteLogitsException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * @param image the index of the first image with a non-finite logit
   * @param value that logit
   */
  public NonFiniteLogitsException(int image, float value) {
    super("the model's logits for image " + image + " are not finite (" + value + ")");
  }
}
