package dev.pupil.transfer;

import dev.pupil.train.TrainingLoop;

/**
 * Gradual unfreezing (Howard &amp; Ruder 2018, ULMFiT, arXiv:1801.06146, §3.3): the head trains
 * alone first, then every {@code every} epochs the next backbone group from the top joins, so the
 * new head stops sending large random gradients into the pretrained layers before they move. Which
 * groups train is a function of the epoch alone, so a resumed run does the same.
 */
public final class GradualUnfreezing implements TrainingLoop.Listener {
  private final ParameterGroups groups;
  private final int every;

  /**
   * @param groups the classifier's groups
   * @param every epochs between unfreezing steps, ≥ 1
   */
  public GradualUnfreezing(ParameterGroups groups, int every) {
    if (every < 1) {
      throw new IllegalArgumentException("every must be >= 1, got " + every);
    }
    this.groups = groups;
    this.every = every;
  }

  /**
   * @param depth a group's depth (0 = head)
   * @param every epochs between unfreezing steps, 0 = none
   * @return the first epoch (from 1) in which the group trains
   */
  public static int firstEpoch(int depth, int every) {
    return every == 0 ? 1 : depth * every + 1;
  }

  @Override
  public void onEpochStart(int epoch) {
    for (ParameterGroups.Group g : groups.backbone()) {
      groups.setTrainable(g, epoch >= firstEpoch(g.depth(), every));
    }
  }
}
