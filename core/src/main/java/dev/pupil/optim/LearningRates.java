package dev.pupil.optim;

import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import dev.pupil.BadInputException;
import java.util.Locale;

/**
 * Learning-rate schedules made from DJL's trackers: constant, step (×γ every k epochs) and cosine
 * (Loshchilov &amp; Hutter 2017, SGDR, arXiv:1608.03983) decay to zero, each after an optional
 * linear warm-up (Goyal et al. 2017, arXiv:1706.02677). Steps are counted in optimizer updates.
 */
public final class LearningRates {
  private LearningRates() {}

  /** The schedule kinds. */
  public enum Schedule {
    /** The base rate throughout. */
    CONSTANT,
    /** The base rate times γ after every {@code stepEpochs} epochs. */
    STEP,
    /** Cosine decay from the base rate to 0 over the run. */
    COSINE;

    /**
     * @param name constant, step or cosine (any case)
     * @return the schedule
     */
    public static Schedule parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw BadInputException.forField(
            "schedule", "must be constant, step or cosine, got '" + name + "'");
      }
    }
  }

  /**
   * Builds a tracker over optimizer steps.
   *
   * @param schedule the kind
   * @param baseLr the peak learning rate
   * @param stepsPerEpoch updates per epoch
   * @param epochs total epochs
   * @param warmupEpochs linear warm-up epochs from 0 to the base rate
   * @param stepEpochs for STEP: epochs between decays
   * @param gamma for STEP: the decay factor
   * @return the tracker
   */
  public static Tracker create(
      Schedule schedule,
      float baseLr,
      int stepsPerEpoch,
      int epochs,
      int warmupEpochs,
      int stepEpochs,
      float gamma) {
    int warmup = warmupEpochs * stepsPerEpoch;
    int total = Math.max(1, epochs * stepsPerEpoch - warmup);
    Tracker main;
    switch (schedule) {
      case COSINE:
        main = Tracker.cosine().setBaseValue(baseLr).optFinalValue(0f).setMaxUpdates(total).build();
        break;
      case STEP:
        int n = Math.max(0, (epochs - 1) / Math.max(1, stepEpochs));
        int[] steps = new int[Math.max(1, n)];
        for (int i = 0; i < steps.length; i++) {
          steps[i] = Math.max(1, (i + 1) * stepEpochs * stepsPerEpoch - warmup);
        }
        main =
            n == 0
                ? Tracker.fixed(baseLr)
                : Tracker.multiFactor()
                    .setBaseValue(baseLr)
                    .setSteps(steps)
                    .optFactor(gamma)
                    .build();
        break;
      default:
        main = Tracker.fixed(baseLr);
    }
    if (warmup == 0) {
      return main;
    }
    return WarmUpTracker.builder()
        .setMainTracker(main)
        .optWarmUpSteps(warmup)
        .optWarmUpBeginValue(0f)
        .build();
  }
}
