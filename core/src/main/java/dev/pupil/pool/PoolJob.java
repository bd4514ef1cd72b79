package dev.pupil.pool;

import dev.pupil.data.BadImagePolicy;
import dev.pupil.semisup.PseudoLabelFilter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One pass of a trained model over a pool.
 *
 * @param task pseudo-label (class probabilities, filtered and balanced) or embed (backbone
 *     features, for k-NN at scale)
 * @param model the model file ({@link dev.pupil.models.ModelFile})
 * @param allowTorchScript whether the model may hold a TorchScript backbone (code from the file)
 * @param source the pool
 * @param out the output folder
 * @param filter the confidence filter and class balancing (pseudo-label only)
 * @param probabilities whether to write every class probability (soft pseudo-labels)
 * @param onBadImage what to do with an image that cannot be decoded
 * @param batchSize images per forward pass
 * @param master the Spark master (Spark engine only), e.g. {@code local[2]}
 * @param settings further engine settings (Spark: {@code spark.*} properties)
 */
public record PoolJob(
    Task task,
    Path model,
    boolean allowTorchScript,
    PoolSource source,
    Path out,
    PseudoLabelFilter filter,
    boolean probabilities,
    BadImagePolicy onBadImage,
    int batchSize,
    String master,
    Map<String, String> settings) {

  /** What the pass computes. */
  public enum Task {
    /** Class probabilities, then the confidence filter and class balancing. */
    PSEUDO_LABEL,
    /** Backbone outputs. */
    EMBED
  }

  /**
   * What an engine can start before the pool is read: everything about a job except its pool and
   * outputs (see {@link PoolEngine#prepare}).
   *
   * @param task what the pass computes
   * @param model the model file
   * @param allowTorchScript whether the model may hold a TorchScript backbone
   * @param master the Spark master, or null for the engine's default
   * @param settings further engine settings
   */
  public record Setup(
      Task task,
      Path model,
      boolean allowTorchScript,
      String master,
      Map<String, String> settings) {
    /** Validates the fields. */
    public Setup {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(model, "model");
      settings = Map.copyOf(settings == null ? Map.of() : settings);
    }
  }

  /**
   * @return the part of this job an engine can prepare before the pool is read
   */
  public Setup setup() {
    return new Setup(task, model, allowTorchScript, master, settings);
  }

  /** The default images per forward pass. */
  public static final int DEFAULT_BATCH_SIZE = 128;

  /** Validates the fields. */
  public PoolJob {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(onBadImage, "onBadImage");
    if (task == Task.PSEUDO_LABEL) {
      Objects.requireNonNull(filter, "filter");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    settings = Map.copyOf(settings == null ? Map.of() : settings);
  }
}
