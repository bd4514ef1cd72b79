package dev.pupil.explain;

/**
 * One image's Grad-CAM result ({@link GradCam}).
 *
 * @param predicted the class with the largest logit
 * @param target the class whose evidence the map shows
 * @param probabilities softmax of the logits, one per class
 * @param mapHeight h, the layer's height
 * @param mapWidth w, the layer's width
 * @param map ReLU(Σ_k α_k A^k) at the layer's resolution, h × w row-major, not scaled
 * @param height the image's height
 * @param width the image's width
 * @param heat the map upsampled bilinearly to the image and min–max scaled to [0, 1], row-major
 *     (all zeros when the map is constant)
 * @param blank whether, and why, {@code map} is all zero ({@link Blank#NONE} when it is not)
 */
public record Heatmap(
    int predicted,
    int target,
    float[] probabilities,
    int mapHeight,
    int mapWidth,
    float[] map,
    int height,
    int width,
    float[] heat,
    Blank blank) {

  /** Whether a map is all zero after the ReLU, and the likely cause. */
  public enum Blank {
    /** The map has a positive part. */
    NONE,
    /**
     * The score's gradient at the layer is zero everywhere: with {@link ClassScore#PROBABILITY} the
     * softmax saturates at ~1 so its gradient vanishes; with {@link ClassScore#LOGIT} the layer's
     * activations do not reach the score (e.g. dead ReLUs after it).
     */
    NO_GRADIENT,
    /**
     * The gradient is not zero but Σ_k α_k A^k ≤ 0 everywhere: the class's evidence at this layer
     * is negative (or the activations are zero), and the ReLU removes all of it.
     */
    NO_POSITIVE_EVIDENCE;

    /**
     * @param score the score the gradient was taken of
     * @return a sentence on why the map is all zero and what to try; empty for {@link #NONE}
     */
    public String why(ClassScore score) {
      return switch (this) {
        case NONE -> "";
        case NO_GRADIENT ->
            score == ClassScore.PROBABILITY
                ? "the class probability saturates at ~1, so its gradient vanishes; try the"
                    + " logit as target"
                : "the class score's gradient at this layer is zero (its activations do not"
                    + " reach the score, e.g. dead ReLUs after it); try another layer";
        case NO_POSITIVE_EVIDENCE ->
            "the class evidence at this layer is negative everywhere (sum of alpha_k A^k <= 0),"
                + " so the ReLU leaves nothing; try another layer or class";
      };
    }
  }

  /**
   * @return whether the map is all zero
   */
  public boolean isBlank() {
    return blank != Blank.NONE;
  }
}
