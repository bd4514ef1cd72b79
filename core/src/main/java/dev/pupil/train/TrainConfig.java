package dev.pupil.train;

import dev.pupil.BadInputException;
import dev.pupil.optim.LearningRates.Schedule;
import java.util.Locale;

/**
 * Everything that decides how a network is trained, resolved and stored in each run's config.json.
 * Validated on construction; an error names the field ({@link BadInputException#forField}).
 *
 * @param epochs number of passes over the training data
 * @param batchSize images per optimizer step
 * @param optimizer sgd, adam or adamw
 * @param lr peak learning rate
 * @param momentum SGD momentum
 * @param nesterov Nesterov momentum for SGD
 * @param weightDecay weight decay; L2 for sgd/adam, decoupled for adamw
 * @param schedule constant, step or cosine
 * @param warmupEpochs linear warm-up epochs
 * @param stepEpochs for the step schedule: epochs between decays
 * @param stepGamma for the step schedule: the decay factor
 * @param labelSmoothing label smoothing ε
 * @param clipGrad the gradient clipping threshold, 0 = off
 * @param clipMode how {@code clipGrad} applies: "norm" scales all gradients together so that their
 *     global L2 norm is at most the threshold, as PyTorch's {@code clip_grad_norm_} (Pascanu,
 *     Mikolov &amp; Bengio 2013, arXiv:1211.5063); "value" clamps each element to ± the threshold;
 *     timm's {@code --clip-grad} and {@code --clip-mode}
 * @param earlyStopPatience epochs without validation improvement before stopping, 0 = never
 * @param seed the seed of every random choice
 */
public record TrainConfig(
    int epochs,
    int batchSize,
    String optimizer,
    float lr,
    float momentum,
    boolean nesterov,
    float weightDecay,
    Schedule schedule,
    int warmupEpochs,
    int stepEpochs,
    float stepGamma,
    float labelSmoothing,
    float clipGrad,
    String clipMode,
    int earlyStopPatience,
    long seed) {

  /** Validates the fields. */
  public TrainConfig {
    require(epochs >= 1 && epochs <= 100_000, "epochs", "must be in [1, 100000], got " + epochs);
    require(
        batchSize >= 1 && batchSize <= 65_536,
        "batchSize",
        "must be in [1, 65536], got " + batchSize);
    optimizer = optimizer == null ? "" : optimizer.toLowerCase(Locale.ROOT);
    require(
        optimizer.equals("sgd") || optimizer.equals("adam") || optimizer.equals("adamw"),
        "optimizer",
        "must be sgd, adam or adamw, got '" + optimizer + "'");
    require(lr > 0 && lr <= 10 && Float.isFinite(lr), "lr", "must be in (0, 10], got " + lr);
    require(momentum >= 0 && momentum < 1, "momentum", "must be in [0, 1), got " + momentum);
    require(!nesterov || momentum > 0, "nesterov", "needs momentum > 0");
    require(
        weightDecay >= 0 && weightDecay < 1,
        "weightDecay",
        "must be in [0, 1), got " + weightDecay);
    require(schedule != null, "schedule", "is required");
    require(
        warmupEpochs >= 0 && warmupEpochs < epochs,
        "warmupEpochs",
        "must be in [0, epochs), got " + warmupEpochs);
    require(stepEpochs >= 1, "stepEpochs", "must be >= 1, got " + stepEpochs);
    require(stepGamma > 0 && stepGamma <= 1, "stepGamma", "must be in (0, 1], got " + stepGamma);
    require(
        labelSmoothing >= 0 && labelSmoothing < 1,
        "labelSmoothing",
        "must be in [0, 1), got " + labelSmoothing);
    require(
        clipGrad >= 0 && Float.isFinite(clipGrad),
        "clipGrad",
        "must be >= 0 (0 = off), got " + clipGrad);
    // A config.json written before clipping existed has no clipMode.
    clipMode = clipMode == null ? "norm" : clipMode.toLowerCase(Locale.ROOT);
    require(
        clipMode.equals("norm") || clipMode.equals("value"),
        "clipMode",
        "must be norm or value, got '" + clipMode + "'");
    require(earlyStopPatience >= 0, "earlyStopPatience", "must be >= 0, got " + earlyStopPatience);
  }

  private static void require(boolean ok, String field, String problem) {
    if (!ok) {
      throw BadInputException.forField(field, problem);
    }
  }

  /**
   * @return a builder with Pupil's defaults (AdamW 1e-3, cosine, 10 epochs, batch 128)
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return a builder holding this config's values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.optimizer = optimizer;
    b.lr = lr;
    b.momentum = momentum;
    b.nesterov = nesterov;
    b.weightDecay = weightDecay;
    b.schedule = schedule;
    b.warmupEpochs = warmupEpochs;
    b.stepEpochs = stepEpochs;
    b.stepGamma = stepGamma;
    b.labelSmoothing = labelSmoothing;
    b.clipGrad = clipGrad;
    b.clipMode = clipMode;
    b.earlyStopPatience = earlyStopPatience;
    b.seed = seed;
    return b;
  }

  /** Builds a {@link TrainConfig}; every field is optional. */
  public static final class Builder {
    private int epochs = 10;
    private int batchSize = 128;
    private String optimizer = "adamw";
    private float lr = 1e-3f;
    private float momentum = 0.9f;
    private boolean nesterov;
    private float weightDecay = 5e-4f;
    private Schedule schedule = Schedule.COSINE;
    private int warmupEpochs;
    private int stepEpochs = 30;
    private float stepGamma = 0.1f;
    private float labelSmoothing;
    private float clipGrad;
    private String clipMode = "norm";
    private int earlyStopPatience;
    private long seed = 42;

    private Builder() {}

    /**
     * @param v epochs
     */
    public Builder optEpochs(int v) {
      epochs = v;
      return this;
    }

    /**
     * @param v batch size
     */
    public Builder optBatchSize(int v) {
      batchSize = v;
      return this;
    }

    /**
     * @param v sgd, adam or adamw
     */
    public Builder optOptimizer(String v) {
      optimizer = v;
      return this;
    }

    /**
     * @param v peak learning rate
     */
    public Builder optLr(float v) {
      lr = v;
      return this;
    }

    /**
     * @param v SGD momentum
     */
    public Builder optMomentum(float v) {
      momentum = v;
      return this;
    }

    /**
     * @param v Nesterov momentum
     */
    public Builder optNesterov(boolean v) {
      nesterov = v;
      return this;
    }

    /**
     * @param v weight decay
     */
    public Builder optWeightDecay(float v) {
      weightDecay = v;
      return this;
    }

    /**
     * @param v the schedule
     */
    public Builder optSchedule(Schedule v) {
      schedule = v;
      return this;
    }

    /**
     * @param v warm-up epochs
     */
    public Builder optWarmupEpochs(int v) {
      warmupEpochs = v;
      return this;
    }

    /**
     * @param v epochs between step decays
     */
    public Builder optStepEpochs(int v) {
      stepEpochs = v;
      return this;
    }

    /**
     * @param v step decay factor
     */
    public Builder optStepGamma(float v) {
      stepGamma = v;
      return this;
    }

    /**
     * @param v label smoothing
     */
    public Builder optLabelSmoothing(float v) {
      labelSmoothing = v;
      return this;
    }

    /**
     * @param v the gradient clipping threshold, 0 = off (the default)
     */
    public Builder optClipGrad(float v) {
      clipGrad = v;
      return this;
    }

    /**
     * @param v norm (the default: global L2 norm) or value (each element)
     */
    public Builder optClipMode(String v) {
      clipMode = v;
      return this;
    }

    /**
     * @param v early-stopping patience, 0 = off
     */
    public Builder optEarlyStopPatience(int v) {
      earlyStopPatience = v;
      return this;
    }

    /**
     * @param v the seed
     */
    public Builder optSeed(long v) {
      seed = v;
      return this;
    }

    /**
     * @return the validated config
     */
    public TrainConfig build() {
      return new TrainConfig(
          epochs,
          batchSize,
          optimizer,
          lr,
          momentum,
          nesterov,
          weightDecay,
          schedule,
          warmupEpochs,
          stepEpochs,
          stepGamma,
          labelSmoothing,
          clipGrad,
          clipMode,
          earlyStopPatience,
          seed);
    }
  }
}
