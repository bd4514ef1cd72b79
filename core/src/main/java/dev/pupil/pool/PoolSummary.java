package dev.pupil.pool;

import dev.pupil.io.AtomicFiles;
import dev.pupil.io.Json;
import dev.pupil.io.Provenance;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link PoolJob} did, written as {@code summary.json} in its output folder.
 *
 * @param engine the engine's name
 * @param task the task
 * @param images images the model ran on
 * @param skipped images that could not be decoded and were skipped
 * @param skippedIds the first skipped ids (at most {@link #MAX_SKIPPED_IDS})
 * @param kept pseudo-labels kept after filtering and balancing (0 for embed)
 * @param perClass kept pseudo-labels per class name (empty for embed)
 * @param seconds wall time of the pass, engine start-up included
 * @param outputs the files and folders written, relative to the output folder
 * @param details engine details (e.g. the Spark master and version)
 */
public record PoolSummary(
    String engine,
    PoolJob.Task task,
    long images,
    long skipped,
    List<String> skippedIds,
    long kept,
    Map<String, Integer> perClass,
    double seconds,
    List<String> outputs,
    Map<String, String> details) {
  /** The most skipped ids listed. */
  public static final int MAX_SKIPPED_IDS = 20;

  /** Copies the collections. */
  public PoolSummary {
    skippedIds = List.copyOf(skippedIds);
    perClass = Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
    outputs = List.copyOf(outputs);
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /**
   * Writes {@code summary.json} (this summary, the job's settings and the provenance) atomically.
   *
   * @param job the job
   * @throws IOException when it cannot be written
   */
  public void write(PoolJob job) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("engine", engine);
    m.put("task", task.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    m.put("model", job.model().toAbsolutePath().normalize().toString());
    m.put("source", job.source().kind().name().toLowerCase(Locale.ROOT));
    m.put("pool", job.source().name());
    if (job.filter() != null && task == PoolJob.Task.PSEUDO_LABEL) {
      m.put("threshold", job.filter().threshold());
      m.put("maxPerClass", job.filter().maxPerClass());
      m.put("probabilities", job.probabilities());
    }
    m.put("onBadImage", job.onBadImage().name().toLowerCase(Locale.ROOT));
    m.put("batchSize", job.batchSize());
    m.put("images", images);
    m.put("skipped", skipped);
    m.put("skippedIds", skippedIds);
    if (task == PoolJob.Task.PSEUDO_LABEL) {
      m.put("kept", kept);
      m.put("perClass", perClass);
    }
    m.put("seconds", seconds);
    m.put("outputs", outputs);
    m.put("details", details);
    m.put("provenance", Provenance.collect().toMap());
    AtomicFiles.writeString(job.out().resolve("summary.json"), Json.PRETTY.toJson(m) + "\n");
  }
}
