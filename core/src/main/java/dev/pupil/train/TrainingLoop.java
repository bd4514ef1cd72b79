package dev.pupil.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.tracker.Tracker;
import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import dev.pupil.loss.SoftTargetCrossEntropy;
import dev.pupil.models.ClassifierModel;
import dev.pupil.optim.Adam;
import dev.pupil.optim.LearningRates;
import dev.pupil.optim.Sgd;
import dev.pupil.optim.StatefulOptimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pupil's one training loop, on DJL's {@link Trainer}: for each epoch, reseed, reshuffle, and for
 * each batch run the {@link TrainingTask}, backpropagate its {@code total}, step the optimizer;
 * then validate, record {@link EpochMetrics}, checkpoint (last and best, atomically) and stop early
 * when validation accuracy has not improved for the configured patience. When an epoch is smaller
 * than the validation set (a few labeled images), validation runs every {@link #validationInterval}
 * epochs and after the last, so that it costs at most about a third of the training; the other
 * epochs record NaN validation metrics. Every batch has its own sub-manager, so native memory stays
 * flat. Resuming from the last checkpoint continues exactly.
 *
 * <p>The loop trains the given model in place and leaves it holding the best validation weights (or
 * the last, without validation). With an evaluation model (e.g. an exponential moving average of
 * the trained weights, {@link EmaWeights}) validation, the best checkpoint and the final choice
 * concern that model instead; last.ckpt still holds the trained weights.
 */
public final class TrainingLoop {
  /** Hears about progress. */
  public interface Listener {
    /**
     * Before each epoch's first batch, also the first epoch after a resume. A listener may change
     * which parameters train here (gradual unfreezing); it must decide from the epoch alone, so
     * that a resumed run does what an uninterrupted one did.
     *
     * @param epoch the epoch about to run, from 1
     */
    default void onEpochStart(int epoch) {}

    /**
     * After each batch.
     *
     * @param epoch the epoch, from 1
     * @param batch the batch, from 1
     * @param batches batches in the epoch
     * @param loss this batch's total loss
     */
    default void onBatch(int epoch, int batch, int batches, double loss) {}

    /**
     * After each batch, with the epoch's images done, running loss and time. By default it calls
     * {@link #onBatch(int, int, int, double)}.
     *
     * @param progress where the epoch stands
     */
    default void onBatch(BatchProgress progress) {
      onBatch(progress.epoch(), progress.batch(), progress.batches(), progress.loss());
    }

    /**
     * @param metrics after each epoch
     */
    default void onEpoch(EpochMetrics metrics) {}

    /**
     * After each epoch, with every epoch so far (those before a resume included). By default it
     * calls {@link #onEpoch(EpochMetrics)}.
     *
     * @param metrics this epoch
     * @param history every completed epoch, this one last
     */
    default void onEpoch(EpochMetrics metrics, List<EpochMetrics> history) {
      onEpoch(metrics);
    }
  }

  /**
   * What a run did.
   *
   * @param history every epoch's metrics (including those before a resume)
   * @param bestEpoch the epoch whose weights the model holds
   * @param bestValAccuracy its validation accuracy, or NaN
   * @param stoppedEarly whether early stopping ended the run
   */
  public record Result(
      List<EpochMetrics> history, int bestEpoch, double bestValAccuracy, boolean stoppedEarly) {}

  private final ClassifierModel model;
  private final ClassifierModel evaluated;
  private final TrainConfig config;
  private final BatchSource source;
  private final EpochPass pass;
  private final ImageSet validation;
  private final Path checkpointDir;
  private final boolean resume;
  private final List<Listener> listeners;
  private final Map<String, Float> lrMultipliers;

  private TrainingLoop(Builder b) {
    this.lrMultipliers = b.lrMultipliers;
    this.model = b.model;
    this.evaluated = b.evaluated == null ? b.model : b.evaluated;
    this.config = b.config;
    this.source = b.source;
    this.validation = b.validation;
    this.checkpointDir = b.checkpointDir;
    this.resume = b.resume;
    this.listeners = List.copyOf(b.listeners);
    TrainingTask task =
        b.task == null
            ? new SupervisedTask(b.config.labelSmoothing(), b.model.block().auxiliaryOutputs() > 0)
            : b.task;
    this.pass = new EpochPass(model, evaluated, config, source, task, validation, listeners);
  }

  /**
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the path of the last checkpoint in a checkpoint folder
   */
  public static Path lastCheckpoint(Path checkpointDir) {
    return new CheckpointFolder(checkpointDir).last();
  }

  /**
   * @return the path of the best-weights checkpoint in a checkpoint folder
   */
  public static Path bestCheckpoint(Path checkpointDir) {
    return new CheckpointFolder(checkpointDir).best();
  }

  /**
   * Trains.
   *
   * @return what happened; the model now holds the chosen weights
   */
  public Result run() {
    int steps = source.batchesPerEpoch();
    int valEvery =
        validation == null ? 1 : validationInterval(validation.size(), source.imagesPerEpoch());
    Tracker lr =
        LearningRates.create(
            config.schedule(),
            config.lr(),
            steps,
            config.epochs(),
            config.warmupEpochs(),
            config.stepEpochs(),
            config.stepGamma());
    StatefulOptimizer optimizer = optimizer(lr);
    DefaultTrainingConfig djlConfig =
        new DefaultTrainingConfig(new SoftTargetCrossEntropy())
            .optOptimizer(optimizer)
            .optDevices(new ai.djl.Device[] {model.djlModel().getNDManager().getDevice()});
    List<EpochMetrics> history = new ArrayList<>();
    int start = 0;
    double best = Double.NaN;
    int bestEpoch = 0;
    CheckpointFolder checkpoints =
        checkpointDir == null ? null : new CheckpointFolder(checkpointDir);
    if (resume && checkpoints != null) {
      // Before the trainer exists: it marks the parameter arrays as needing gradients.
      Checkpoint.State restored =
          checkpoints.restore(
              model, evaluated, optimizer, config.seed(), steps, source.imagesPerEpoch());
      if (restored != null) {
        start = restored.epochsDone();
        best = restored.bestValAccuracy();
        bestEpoch = restored.bestEpoch();
        history.addAll(restored.history());
      }
    }
    try (Trainer trainer = model.djlModel().newTrainer(djlConfig)) {
      // Registers every parameter with the trainer's store, also those that are frozen now and
      // unfrozen later, and those a task reaches without trainer.forward (the weights are kept).
      var meta = model.metadata();
      trainer.initialize(new Shape(1, meta.channels(), meta.height(), meta.width()));
      boolean stopped = false;
      for (int epoch = start; epoch < config.epochs() && !stopped; epoch++) {
        for (Listener l : listeners) {
          l.onEpochStart(epoch + 1);
        }
        boolean validate = (epoch + 1) % valEvery == 0 || epoch + 1 == config.epochs();
        EpochMetrics m = pass.run(trainer, epoch, lr, steps, validate);
        history.add(m);
        boolean improved =
            validation != null && validate && (Double.isNaN(best) || m.valAccuracy() > best);
        if (improved) {
          best = m.valAccuracy();
          bestEpoch = m.epoch();
        }
        if (validation == null) {
          bestEpoch = m.epoch();
        }
        stopped =
            config.earlyStopPatience() > 0
                && validation != null
                && validate
                && m.epoch() - bestEpoch >= config.earlyStopPatience();
        if (checkpoints != null) {
          checkpoints.save(
              new Checkpoint.State(
                  m.epoch(),
                  best,
                  bestEpoch,
                  history,
                  config.seed(),
                  (long) m.epoch() * steps,
                  steps,
                  source.imagesPerEpoch()),
              model,
              evaluated,
              optimizer,
              improved);
        }
        for (Listener l : listeners) {
          l.onEpoch(m, List.copyOf(history));
        }
      }
      if (validation != null
          && checkpoints != null
          && bestEpoch != history.get(history.size() - 1).epoch()) {
        checkpoints.loadBest(evaluated);
      }
      return new Result(List.copyOf(history), bestEpoch, best, stopped);
    }
  }

  /**
   * How often validation runs: every epoch when an epoch trains at least as many images as the
   * validation set holds, else every {@code ceil(validation / epoch)} epochs. A validation image
   * costs a forward pass, about a third of a training image's forward and backward pass, so
   * validation then takes at most about a third of the run's time (300 one-step epochs of 100
   * labeled Fashion-MNIST images would otherwise spend 60 times their training time validating
   * 6,000 images). A function of the sizes alone, so a resumed run validates the same epochs.
   *
   * @param validationImages images in the validation set
   * @param imagesPerEpoch images one epoch trains on
   * @return the interval in epochs, at least 1
   */
  public static int validationInterval(int validationImages, long imagesPerEpoch) {
    if (imagesPerEpoch <= 0 || validationImages <= imagesPerEpoch) {
      return 1;
    }
    return (int)
        Math.min(Integer.MAX_VALUE, (validationImages + imagesPerEpoch - 1) / imagesPerEpoch);
  }

  private StatefulOptimizer optimizer(Tracker lr) {
    var params = model.block().getParameters();
    switch (config.optimizer()) {
      case "sgd":
        return Sgd.builder()
            .optLrMultipliers(lrMultipliers)
            .setParameters(params)
            .setLearningRate(lr)
            .optMomentum(config.momentum())
            .optNesterov(config.nesterov())
            .optWeightDecay(config.weightDecay())
            .build();
      case "adam":
      case "adamw":
        return Adam.builder()
            .optLrMultipliers(lrMultipliers)
            .setParameters(params)
            .setLearningRate(lr)
            .optWeightDecay(config.weightDecay())
            .optDecoupled(config.optimizer().equals("adamw"))
            .build();
      default:
        throw new BadInputException("unknown optimizer " + config.optimizer());
    }
  }

  /** Builds a {@link TrainingLoop}. */
  public static final class Builder {
    private ClassifierModel model;
    private ClassifierModel evaluated;
    private TrainConfig config;
    private BatchSource source;
    private TrainingTask task;
    private ImageSet validation;
    private Path checkpointDir;
    private boolean resume;
    private final List<Listener> listeners = new ArrayList<>();
    private Map<String, Float> lrMultipliers = Map.of();

    private Builder() {}

    /**
     * @param multipliers learning-rate factors by parameter name (per-group rates, see {@link
     *     StatefulOptimizer}); default none
     */
    public Builder optLrMultipliers(Map<String, Float> multipliers) {
      this.lrMultipliers = Map.copyOf(multipliers);
      return this;
    }

    /**
     * @param model the model to train in place (required)
     */
    public Builder setModel(ClassifierModel model) {
      this.model = model;
      return this;
    }

    /**
     * @param evaluated the model that validation measures, best.ckpt keeps and that ends holding
     *     the chosen weights, kept up to date by the caller (e.g. {@link EmaWeights}, a listener);
     *     default the trained model itself. When it is another model, last.ckpt holds its weights
     *     too and a resume restores them.
     */
    public Builder optEvaluationModel(ClassifierModel evaluated) {
      this.evaluated = evaluated;
      return this;
    }

    /**
     * @param config the configuration (required)
     */
    public Builder setConfig(TrainConfig config) {
      this.config = config;
      return this;
    }

    /**
     * @param source the training batches (required)
     */
    public Builder setSource(BatchSource source) {
      this.source = source;
      return this;
    }

    /**
     * @param task what a step computes; default supervised cross-entropy
     */
    public Builder optTask(TrainingTask task) {
      this.task = task;
      return this;
    }

    /**
     * @param validation labeled validation images; default none
     */
    public Builder optValidation(ImageSet validation) {
      this.validation = validation;
      return this;
    }

    /**
     * @param dir where last.ckpt and best.ckpt go; default none
     */
    public Builder optCheckpointDir(Path dir) {
      this.checkpointDir = dir;
      return this;
    }

    /**
     * @param resume continue from the last checkpoint in the checkpoint folder if present
     */
    public Builder optResume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /**
     * @param listener progress listener
     */
    public Builder addListener(Listener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * @return the loop
     */
    public TrainingLoop build() {
      if (model == null) {
        throw new IllegalArgumentException("model is required");
      }
      if (config == null) {
        throw new IllegalArgumentException("config is required");
      }
      if (source == null) {
        throw new IllegalArgumentException("source is required");
      }
      if (validation != null && !validation.fullyLabeled()) {
        throw new BadInputException("validation images must all be labeled");
      }
      return new TrainingLoop(this);
    }
  }
}
