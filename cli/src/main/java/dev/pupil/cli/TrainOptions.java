package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.optim.LearningRates.Schedule;
import dev.pupil.train.EpochRule;
import dev.pupil.train.TrainConfig;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The hyperparameters of training, applied over a base {@link TrainConfig}: Pupil's defaults for a
 * new run, or the stored config of a run being resumed (so {@code --resume RUN --epochs 20} only
 * changes the epochs). {@link TrainConfig} validates the result and names the bad option.
 */
public final class TrainOptions {
  @Option(
      names = "--epochs",
      paramLabel = "N",
      description =
          "Passes over the training data (default: enough for at least 1,000 optimizer "
              + "steps, 10 to 300 epochs; printed when chosen).")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", description = "Images per step (default: 128).")
  Integer batchSize;

  @Option(
      names = "--optimizer",
      paramLabel = "sgd|adam|adamw",
      description = "Optimizer (default: adamw).")
  String optimizer;

  @Option(names = "--lr", paramLabel = "LR", description = "Peak learning rate (default: 0.001).")
  Float lr;

  @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum (default: 0.9).")
  Float momentum;

  @Option(names = "--nesterov", description = "Nesterov momentum for SGD.")
  Boolean nesterov;

  @Option(
      names = "--weight-decay",
      paramLabel = "WD",
      description = "Weight decay; decoupled for adamw (default: 0.0005).")
  Float weightDecay;

  @Option(
      names = "--schedule",
      paramLabel = "cosine|step|constant",
      description = "Learning-rate schedule (default: cosine).")
  String schedule;

  @Option(
      names = "--warmup-epochs",
      paramLabel = "N",
      description = "Linear warm-up epochs (default: 0).")
  Integer warmupEpochs;

  @Option(
      names = "--step-epochs",
      paramLabel = "N",
      description = "Step schedule: epochs between decays (default: 30).")
  Integer stepEpochs;

  @Option(
      names = "--step-gamma",
      paramLabel = "G",
      description = "Step schedule: decay factor (default: 0.1).")
  Float stepGamma;

  @Option(
      names = "--label-smoothing",
      paramLabel = "EPS",
      description = "Label smoothing (default: 0).")
  Float labelSmoothing;

  @Option(
      names = "--clip-grad",
      paramLabel = "X",
      description = "Clip gradients before each step at X; 0 = off (default).")
  Float clipGrad;

  @Option(
      names = "--clip-mode",
      paramLabel = "norm|value",
      description =
          "norm: scale all gradients so their global L2 norm is at most --clip-grad "
              + "(default); value: clamp each element.")
  String clipMode;

  @Option(
      names = "--early-stop",
      paramLabel = "N",
      description = "Stop after N epochs without validation improvement; 0 = never (default).")
  Integer earlyStop;

  /**
   * Pupil's default epochs for a labeled set, where {@code --epochs} was not given ({@link
   * EpochRule#DEFAULT}).
   *
   * @param labeledImages the labeled training images of an epoch
   * @param config the configuration the epochs are for (its batch size)
   * @return the rule's choice, or null when {@code --epochs} was given
   */
  public EpochRule.Choice defaultEpochs(int labeledImages, TrainConfig config) {
    return epochs != null ? null : EpochRule.DEFAULT.choose(labeledImages, config.batchSize());
  }

  /**
   * @param config a configuration
   * @param choice the rule's choice, or null
   * @return the configuration with the chosen epochs, or itself when there is no choice
   */
  public static TrainConfig withEpochs(TrainConfig config, EpochRule.Choice choice) {
    return choice == null ? config : config.toBuilder().optEpochs(choice.epochs()).build();
  }

  /**
   * @return whether any hyperparameter was given
   */
  public boolean anyGiven() {
    return epochs != null
        || batchSize != null
        || optimizer != null
        || lr != null
        || momentum != null
        || nesterov != null
        || weightDecay != null
        || schedule != null
        || warmupEpochs != null
        || stepEpochs != null
        || stepGamma != null
        || labelSmoothing != null
        || clipGrad != null
        || clipMode != null
        || earlyStop != null;
  }

  /**
   * Applies the given options over a base configuration.
   *
   * @param base the configuration whose values stand where an option is not given
   * @param seed the seed
   * @return the validated configuration
   * @throws BadInputException naming the option whose value is out of range
   */
  public TrainConfig apply(TrainConfig base, long seed) {
    TrainConfig.Builder b = base.toBuilder().optSeed(seed);
    if (epochs != null) {
      b.optEpochs(epochs);
    }
    if (batchSize != null) {
      b.optBatchSize(batchSize);
    }
    if (optimizer != null) {
      b.optOptimizer(optimizer);
    }
    if (lr != null) {
      b.optLr(lr);
    }
    if (momentum != null) {
      b.optMomentum(momentum);
    }
    if (nesterov != null) {
      b.optNesterov(nesterov);
    }
    if (weightDecay != null) {
      b.optWeightDecay(weightDecay);
    }
    if (schedule != null) {
      b.optSchedule(schedule(schedule));
    }
    if (warmupEpochs != null) {
      b.optWarmupEpochs(warmupEpochs);
    }
    if (stepEpochs != null) {
      b.optStepEpochs(stepEpochs);
    }
    if (stepGamma != null) {
      b.optStepGamma(stepGamma);
    }
    if (labelSmoothing != null) {
      b.optLabelSmoothing(labelSmoothing);
    }
    if (clipGrad != null) {
      b.optClipGrad(clipGrad);
    }
    if (clipMode != null) {
      b.optClipMode(clipMode);
    }
    if (earlyStop != null) {
      b.optEarlyStopPatience(earlyStop);
    }
    return b.build();
  }

  private static Schedule schedule(String s) {
    try {
      return Schedule.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--schedule must be cosine, step or constant, got '" + s + "'");
    }
  }
}
