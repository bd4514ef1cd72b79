package dev.pupil.transfer;

import dev.pupil.BadInputException;

/**
 * How to transfer: which approach, and for fine-tuning the per-group learning rates and the
 * unfreezing schedule. Validated on construction; an error names the field ({@link
 * BadInputException#forField}).
 *
 * @param approach head (approach 1) or finetune (approach 2)
 * @param backboneLrScale fine-tuning: the backbone's learning rate as a fraction of the head's, in
 *     (0, 10] (0.1 by default)
 * @param layerDecay fine-tuning: each backbone group's rate is this factor times that of the group
 *     above it, in (0, 1]; 1 = one rate for the whole backbone
 * @param unfreezeEvery fine-tuning: gradual unfreezing, one more backbone group (from the top)
 *     every this many epochs, the head alone first; 0 = everything trains from the start
 * @param freezeBatchNorm run the backbone in inference mode: batch norm uses and keeps its running
 *     statistics (and the backbone's dropout is off), as Keras's transfer-learning guide does with
 *     {@code base_model(x, training=False)}; implied by {@code cacheFeatures}
 * @param cacheFeatures approach 1 only: compute the frozen backbone's features once and train the
 *     head on them
 */
public record TransferPlan(
    Approach approach,
    float backboneLrScale,
    float layerDecay,
    int unfreezeEvery,
    boolean freezeBatchNorm,
    boolean cacheFeatures) {

  /** Validates; caching features implies frozen batch-norm statistics. */
  public TransferPlan {
    require(approach != null, "approach", "is required");
    require(
        backboneLrScale > 0 && backboneLrScale <= 10,
        "backboneLrScale",
        "must be in (0, 10], got " + backboneLrScale);
    require(
        layerDecay > 0 && layerDecay <= 1, "layerDecay", "must be in (0, 1], got " + layerDecay);
    require(unfreezeEvery >= 0, "unfreezeEvery", "must be >= 0, got " + unfreezeEvery);
    require(
        approach == Approach.FINETUNE || unfreezeEvery == 0,
        "unfreezeEvery",
        "applies to approach finetune (approach head never unfreezes)");
    require(
        approach == Approach.HEAD || !cacheFeatures,
        "cacheFeatures",
        "needs approach head (a frozen backbone)");
    freezeBatchNorm = freezeBatchNorm || cacheFeatures;
  }

  private static void require(boolean ok, String field, String problem) {
    if (!ok) {
      throw BadInputException.forField(field, problem);
    }
  }

  /**
   * @param approach the approach
   * @return a builder with the defaults: backbone rate ×0.1, no layer decay, no gradual unfreezing,
   *     batch norm trained, no feature cache
   */
  public static Builder builder(Approach approach) {
    return new Builder(approach);
  }

  /** Builds a {@link TransferPlan}. */
  public static final class Builder {
    private final Approach approach;
    private float backboneLrScale = 0.1f;
    private float layerDecay = 1f;
    private int unfreezeEvery;
    private boolean freezeBatchNorm;
    private boolean cacheFeatures;

    private Builder(Approach approach) {
      this.approach = approach;
    }

    /**
     * @param v the backbone's rate as a fraction of the head's
     */
    public Builder optBackboneLrScale(float v) {
      backboneLrScale = v;
      return this;
    }

    /**
     * @param v the per-group decay of the backbone's rate, from the top down
     */
    public Builder optLayerDecay(float v) {
      layerDecay = v;
      return this;
    }

    /**
     * @param v epochs between unfreezing steps; 0 = none
     */
    public Builder optUnfreezeEvery(int v) {
      unfreezeEvery = v;
      return this;
    }

    /**
     * @param v whether batch-norm statistics stay frozen
     */
    public Builder optFreezeBatchNorm(boolean v) {
      freezeBatchNorm = v;
      return this;
    }

    /**
     * @param v whether to train the head on cached features
     */
    public Builder optCacheFeatures(boolean v) {
      cacheFeatures = v;
      return this;
    }

    /**
     * @return the validated plan
     */
    public TransferPlan build() {
      return new TransferPlan(
          approach, backboneLrScale, layerDecay, unfreezeEvery, freezeBatchNorm, cacheFeatures);
    }
  }
}
