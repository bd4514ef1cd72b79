package dev.pupil.semisup;

import ai.djl.Device;
import dev.pupil.augment.Augmentation;
import dev.pupil.data.Normalization;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.train.ModelTrainerBuilder;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import dev.pupil.train.TrainingOutput;
import java.util.List;

/**
 * The resolved settings of a {@link FixMatchTrainer}, made by its {@link Builder}. Defaults are the
 * paper's (Sohn et al. 2020, arXiv:2001.07685, §4 and appendix B.1): τ = 0.95, λ = 1, μ = 7, EMA
 * decay 0.999; the optimizer, schedule and B are the {@link TrainConfig}'s (the paper: SGD,
 * Nesterov momentum 0.9, lr 0.03, weight decay 5e-4, cosine decay, B = 64).
 *
 * @param architecture the registered architecture to train (the initial model's, when there is one)
 * @param config the training configuration; its batch size is B, its seed every seed's source
 * @param threshold τ in (0, 1]
 * @param lambda λ &gt;= 0, the unlabeled term's weight
 * @param mu μ &gt;= 1, unlabeled images per labeled image in a batch
 * @param emaDecay the EMA decay d in [0, 1) of the evaluated weights
 * @param weak the weak augmentation, or null for {@link FixMatchTrainer#DEFAULT_WEAK}
 * @param strong the strong augmentation, or null for {@link FixMatchTrainer#defaultStrong}
 * @param modelOptions the architecture's options (the initial model's, when there is one)
 * @param initial the model whose weights training starts from (read, not closed), or null for the
 *     architecture's random initialization
 * @param normalization the preprocessing, or null for the labeled images' statistics
 * @param run the run folder, or null
 * @param resume whether to continue from the run folder's last checkpoint (trained weights,
 *     optimizer state and the EMA weights), when there is one
 * @param device the device
 * @param dataThreads threads preparing each part's batches
 * @param listeners epoch progress listeners
 */
public record FixMatchSettings(
    String architecture,
    TrainConfig config,
    float threshold,
    float lambda,
    int mu,
    float emaDecay,
    Augmentation weak,
    Augmentation strong,
    ModelOptions modelOptions,
    ClassifierModel initial,
    Normalization normalization,
    TrainingOutput run,
    boolean resume,
    Device device,
    int dataThreads,
    List<TrainingLoop.Listener> listeners) {

  /**
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link FixMatchTrainer}; {@code setX} are required, {@code optX} optional. */
  public static final class Builder extends ModelTrainerBuilder<Builder> {
    private float threshold = 0.95f;
    private float lambda = 1f;
    private int mu = 7;
    private float emaDecay = 0.999f;
    private Augmentation weak;
    private Augmentation strong;
    private ClassifierModel initial;
    private int dataThreads = 2;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @param t τ in (0, 1]; default 0.95
     */
    public Builder optThreshold(float t) {
      this.threshold = t;
      return this;
    }

    /**
     * @param l λ &gt;= 0; default 1
     */
    public Builder optLambda(float l) {
      this.lambda = l;
      return this;
    }

    /**
     * @param m μ &gt;= 1; default 7
     */
    public Builder optMu(int m) {
      this.mu = m;
      return this;
    }

    /**
     * @param d EMA decay in [0, 1); default 0.999
     */
    public Builder optEmaDecay(float d) {
      this.emaDecay = d;
      return this;
    }

    /**
     * @param a the weak augmentation; default flip and translate by up to 12.5%
     */
    public Builder optWeak(Augmentation a) {
      this.weak = a;
      return this;
    }

    /**
     * @param a the strong augmentation; default weak + RandAugment n2 m10 + cutout of half
     */
    public Builder optStrong(Augmentation a) {
      this.strong = a;
      return this;
    }

    /**
     * Starts from a trained model's weights instead of a random initialization, as timm's {@code
     * --initial-checkpoint} does: typically a supervised run on the same labeled images, which
     * FixMatch then refines with the pool. The architecture and its options are the model's (so
     * {@link #setArchitecture} is optional, and must name the same one if called); the
     * preprocessing is the model's unless {@link #optNormalization} sets one. The model is only
     * read: it stays the caller's to close. On resume the checkpoint's weights win.
     *
     * @param m the model to start from; default none
     * @return this builder
     */
    public Builder optInitialModel(ClassifierModel m) {
      this.initial = m;
      return this;
    }

    /**
     * @param n threads preparing each part's batches, &gt;= 0; default 2
     */
    public Builder optDataThreads(int n) {
      this.dataThreads = n;
      return this;
    }

    /**
     * @return the trainer
     */
    public FixMatchTrainer build() {
      String architecture = architecture();
      ModelOptions modelOptions = modelOptions();
      if (initial != null) {
        String own = initial.metadata().architecture();
        if (architecture != null && !architecture.equals(own)) {
          throw new IllegalArgumentException(
              "the initial model is a " + own + ", not a " + architecture);
        }
        architecture = own;
        modelOptions = initial.metadata().options();
      } else {
        checkArchitecture();
      }
      checkCommon();
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
      }
      if (!(lambda >= 0) || Float.isInfinite(lambda)) {
        throw new IllegalArgumentException("lambda must be >= 0 and finite, got " + lambda);
      }
      if (mu < 1) {
        throw new IllegalArgumentException("mu must be >= 1, got " + mu);
      }
      if ((long) mu * config().batchSize() > 1_000_000) {
        throw new IllegalArgumentException(
            "mu × batch size must be at most 1000000, got " + mu + " × " + config().batchSize());
      }
      if (!(emaDecay >= 0 && emaDecay < 1)) {
        throw new IllegalArgumentException("emaDecay must be in [0, 1), got " + emaDecay);
      }
      if (dataThreads < 0) {
        throw new IllegalArgumentException("dataThreads must be >= 0, got " + dataThreads);
      }
      return new FixMatchTrainer(
          new FixMatchSettings(
              architecture,
              config(),
              threshold,
              lambda,
              mu,
              emaDecay,
              weak,
              strong,
              modelOptions,
              initial,
              normalization(),
              runDirectory(),
              resume(),
              device(),
              dataThreads,
              listeners()));
    }
  }
}
