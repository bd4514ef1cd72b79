package dev.pupil.run;

import dev.pupil.train.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every run job's builder takes ({@link SupervisedRun}, {@link SelfTrainingRun}): the loaded
 * data, the run folder, whether to continue it, how the run was asked for, and listeners on the
 * training loop. Subclasses add the method's configuration and call {@link #checkCommon()} in
 * {@code build()}.
 *
 * @param <B> the concrete builder, returned by every setter so that calls chain
 */
public abstract class RunJobBuilder<B extends RunJobBuilder<B>> {
  private PreparedData data;
  private RunDirectory run;
  private boolean resume;
  private String commandLine = "";
  private final List<TrainingLoop.Listener> listeners = new ArrayList<>();

  /** For subclasses. */
  protected RunJobBuilder() {}

  /**
   * @return this builder as its concrete type
   */
  protected abstract B self();

  /**
   * @param d the loaded and split data (required; {@link DataLoader#load})
   * @return this builder
   */
  public B setData(PreparedData d) {
    this.data = d;
    return self();
  }

  /**
   * @param r the run folder (required)
   * @return this builder
   */
  public B setRunDirectory(RunDirectory r) {
    this.run = r;
    return self();
  }

  /**
   * @param r continue from the run folder's checkpoints; default false
   * @return this builder
   */
  public B optResume(boolean r) {
    this.resume = r;
    return self();
  }

  /**
   * @param line how the run was asked for (the typed command), recorded in run.json
   * @return this builder
   */
  public B optCommandLine(String line) {
    this.commandLine = line == null ? "" : line;
    return self();
  }

  /**
   * @param l hears about batches and epochs
   * @return this builder
   */
  public B addListener(TrainingLoop.Listener l) {
    listeners.add(Objects.requireNonNull(l, "listener"));
    return self();
  }

  /**
   * Checks what every job needs.
   *
   * @throws NullPointerException without data or a run folder
   */
  protected void checkCommon() {
    Objects.requireNonNull(data, "data is required");
    Objects.requireNonNull(run, "run directory is required");
  }

  /**
   * @return the data, or null before {@link #setData}
   */
  public PreparedData data() {
    return data;
  }

  /**
   * @return the run folder, or null before {@link #setRunDirectory}
   */
  public RunDirectory runDirectory() {
    return run;
  }

  /**
   * @return whether the run continues from its checkpoints
   */
  public boolean resume() {
    return resume;
  }

  /**
   * @return how the run was asked for
   */
  public String commandLine() {
    return commandLine;
  }

  /**
   * @return the listeners, a copy
   */
  public List<TrainingLoop.Listener> listeners() {
    return List.copyOf(listeners);
  }
}
