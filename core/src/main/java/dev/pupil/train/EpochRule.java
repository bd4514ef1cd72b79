package dev.pupil.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Pupil's default number of epochs: enough optimizer steps whatever the size of the labeled set.
 *
 * <p>A fixed epoch count, tuned on tens of thousands of labels, starves a small labeled set: 10
 * epochs of 100 images at batch 128 are 10 optimizer steps. The rule counts steps instead: the
 * default is the fewest epochs that give at least {@link #minSteps} steps, never fewer than {@link
 * #minEpochs} (the large-data default, unchanged where a labeled set is large) and never more than
 * {@link #maxEpochs}. An explicit epoch count always wins; this rule only stands in for a missing
 * one. Its constants were chosen by measurement on Fashion-MNIST and two image-folder domains at 10
 * and 100 labels per class (docs/benchmarks.md, "Defaults with few labels").
 *
 * @param minSteps the fewest optimizer steps a default schedule takes
 * @param minEpochs the fewest epochs
 * @param maxEpochs the most epochs
 */
public record EpochRule(int minSteps, int minEpochs, int maxEpochs) {
  /** Pupil's rule. */
  public static final EpochRule DEFAULT = new EpochRule(1000, 10, 300);

  /** Validates the bounds. */
  public EpochRule {
    if (minSteps < 1) {
      throw new IllegalArgumentException("minSteps must be >= 1, got " + minSteps);
    }
    if (minEpochs < 1 || maxEpochs < minEpochs) {
      throw new IllegalArgumentException(
          "need 1 <= minEpochs <= maxEpochs, got " + minEpochs + " and " + maxEpochs);
    }
  }

  /**
   * @param images labeled training images per epoch
   * @param batchSize images per optimizer step
   * @return the epochs this rule gives, with the arithmetic behind them
   */
  public Choice choose(int images, int batchSize) {
    if (images < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "images and batchSize must be >= 1, got " + images + " and " + batchSize);
    }
    int stepsPerEpoch = (images + batchSize - 1) / batchSize;
    long wanted = (minSteps + (long) stepsPerEpoch - 1) / stepsPerEpoch;
    int epochs = (int) Math.max(minEpochs, Math.min(maxEpochs, wanted));
    return new Choice(epochs, images, batchSize, stepsPerEpoch, this);
  }

  /**
   * What the rule chose for one labeled set.
   *
   * @param epochs the epochs
   * @param images labeled training images per epoch
   * @param batchSize images per step
   * @param stepsPerEpoch optimizer steps per epoch
   * @param rule the rule that chose
   */
  public record Choice(int epochs, int images, int batchSize, int stepsPerEpoch, EpochRule rule) {
    /**
     * @return optimizer steps over the whole schedule
     */
    public long steps() {
      return (long) epochs * stepsPerEpoch;
    }

    /**
     * @return a line for the user, e.g. "300 epochs by default for 100 labeled images at batch 128:
     *     ...; epochs overrides)", naming the setting that overrides the rule by its field name
     */
    public String describe() {
      return describe(UnaryOperator.identity());
    }

    /**
     * {@link #describe()} naming the setting another way, e.g. as a command-line tool's flag.
     *
     * @param name the name the user knows a setting by, given its field name
     * @return a line for the user
     */
    public String describe(UnaryOperator<String> name) {
      return String.format(
          Locale.ROOT,
          "%d epochs by default for %,d labeled images at batch %d: %,d steps (%d per epoch; "
              + "the default aims at >= %,d steps within %d-%d epochs; %s overrides)",
          epochs,
          images,
          batchSize,
          steps(),
          stepsPerEpoch,
          rule.minSteps,
          rule.minEpochs,
          rule.maxEpochs,
          name.apply("epochs"));
    }

    /**
     * @return the choice as a map, for run.json
     */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("epochs", epochs);
      m.put("images", images);
      m.put("batchSize", batchSize);
      m.put("stepsPerEpoch", stepsPerEpoch);
      m.put("steps", steps());
      m.put("minSteps", rule.minSteps);
      m.put("minEpochs", rule.minEpochs);
      m.put("maxEpochs", rule.maxEpochs);
      return m;
    }
  }
}
