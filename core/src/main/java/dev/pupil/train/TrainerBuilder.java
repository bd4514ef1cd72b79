package dev.pupil.train;

import dev.pupil.data.Normalization;
import java.util.ArrayList;
import java.util.List;

/**
 * What every trainer's builder takes (ClassifierTrainer, Distiller, TransferTrainer, the FixMatch
 * and self-training settings): the training configuration, the preprocessing, a run folder to
 * resume from, and progress listeners on the one {@link TrainingLoop}. Subclasses add their own
 * options and call {@link #checkCommon()} in {@code build()}; the trainers read the values back
 * through the accessors.
 *
 * @param <B> the concrete builder, returned by every setter so that calls chain
 */
public abstract class TrainerBuilder<B extends TrainerBuilder<B>> {
  private TrainConfig config;
  private Normalization normalization;
  private TrainingOutput run;
  private boolean resume;
  private final List<TrainingLoop.Listener> listeners = new ArrayList<>();

  /** For subclasses. */
  protected TrainerBuilder() {}

  /**
   * @return this builder as its concrete type
   */
  protected abstract B self();

  /**
   * @param c the training configuration: epochs, batch size, optimizer, schedule, seed (required)
   * @return this builder
   */
  public B setConfig(TrainConfig c) {
    this.config = c;
    return self();
  }

  /**
   * @param n the preprocessing; the default is each trainer's (the training images' statistics, or
   *     a pretrained network's or teacher's own)
   * @return this builder
   */
  public B optNormalization(Normalization n) {
    this.normalization = n;
    return self();
  }

  /**
   * @param r where metrics, checkpoints and the model go; default none
   * @return this builder
   */
  public B optRunDirectory(TrainingOutput r) {
    this.run = r;
    return self();
  }

  /**
   * @param r whether to continue from the run folder's last checkpoint, when there is one (weights,
   *     optimizer state, epoch, step and data order, so the result is an uninterrupted run's);
   *     default false
   * @return this builder
   */
  public B optResume(boolean r) {
    this.resume = r;
    return self();
  }

  /**
   * @param l a progress listener, called after every epoch
   * @return this builder
   */
  public B addListener(TrainingLoop.Listener l) {
    listeners.add(l);
    return self();
  }

  /**
   * Checks the options every trainer needs.
   *
   * @throws IllegalArgumentException without a configuration, or with resume but no run folder
   */
  protected void checkCommon() {
    if (config == null) {
      throw new IllegalArgumentException("config is required");
    }
    if (resume && run == null) {
      throw new IllegalArgumentException("resume needs a run directory");
    }
  }

  /**
   * @return the training configuration
   */
  public TrainConfig config() {
    return config;
  }

  /**
   * @return the preprocessing, or null for the trainer's default
   */
  public Normalization normalization() {
    return normalization;
  }

  /**
   * @return the run folder, or null
   */
  public TrainingOutput runDirectory() {
    return run;
  }

  /**
   * @return whether to resume from the run folder
   */
  public boolean resume() {
    return resume;
  }

  /**
   * @return the listeners, a copy
   */
  public List<TrainingLoop.Listener> listeners() {
    return List.copyOf(listeners);
  }
}
