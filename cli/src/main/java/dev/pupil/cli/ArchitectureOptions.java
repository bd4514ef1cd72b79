package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.models.ModelOptions;
import dev.pupil.models.ModelRegistry;
import picocli.CommandLine.Option;

/**
 * The architecture options of {@code train}: width multiplier, dropout, stochastic depth, LRN and
 * batch norm, over each paper's settings. A model that does not take an option given refuses it
 * ({@link #resolveFor}; {@code pupil models} lists what each takes). They are recorded in
 * config.json and stored in the model file, so the network is rebuilt the same way by {@code eval}
 * and {@code predict}.
 */
public final class ArchitectureOptions {
  @Option(
      names = "--width-multiplier",
      paramLabel = "W",
      description = "Channel width multiplier where the paper has one (default: 1.0).")
  Double width;

  @Option(
      names = "--drop",
      paramLabel = "P",
      description =
          "Dropout before the classifier (AlexNet/VGG: in the FC layers; cnn-small: "
              + "default 0.3; cnn-tiny: none unless given); default: the paper's. Refused by "
              + "linear, mlp and lenet5.")
  Double drop;

  @Option(
      names = "--drop-path",
      paramLabel = "P",
      description =
          "Stochastic depth: largest drop-path rate of residual branches "
              + "(ResNet, SE-ResNet, EfficientNet); default: the paper's.")
  Double dropPath;

  @Option(names = "--lrn", description = "Local response normalization (AlexNet, GoogLeNet).")
  boolean lrn;

  @Option(names = "--batch-norm", description = "Batch norm where the paper has none (GoogLeNet).")
  boolean batchNorm;

  /**
   * @return whether any option was given
   */
  boolean anyGiven() {
    return width != null || drop != null || dropPath != null || lrn || batchNorm;
  }

  /**
   * @return the options, each paper's settings where none is given
   * @throws BadInputException naming the option when a value is out of range
   */
  ModelOptions resolve() {
    ModelOptions o = ModelOptions.DEFAULTS.withLrn(lrn).withBatchNorm(batchNorm);
    if (width != null) {
      require(width > 0 && width <= 16, "--width-multiplier must be in (0, 16], got " + width);
      o = o.withWidth(width);
    }
    if (drop != null) {
      require(drop >= 0 && drop < 1, "--drop must be in [0, 1), got " + drop);
      o = o.withDropout(drop);
    }
    if (dropPath != null) {
      require(dropPath >= 0 && dropPath < 1, "--drop-path must be in [0, 1), got " + dropPath);
      o = o.withStochasticDepth(dropPath);
    }
    return o;
  }

  /**
   * Resolves the options and checks that every model takes those given.
   *
   * @param models registry names
   * @return the options
   * @throws BadInputException naming the model and the option it does not take, or an unknown model
   */
  ModelOptions resolveFor(String... models) {
    ModelOptions o = resolve();
    for (String m : models) {
      String refusal = ModelRegistry.get(m).refusal(o, FlagNames::described);
      if (refusal != null) {
        throw new BadInputException(refusal);
      }
    }
    return o;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new BadInputException(message);
    }
  }
}
