package dev.pupil.run;

import dev.pupil.BadInputException;
import dev.pupil.io.AtomicFiles;
import dev.pupil.io.Json;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.TrainingOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The folder of one run, as timm keeps one per experiment: config.json (the resolved
 * configuration), run.json (seed, versions, machine, times, final metrics), metrics.jsonl (one line
 * per epoch), checkpoints/ (last and best), model.pupil, eval.json, and split.json (the ids of the
 * images the run used, {@link RunSplit}). Every file is written atomically, so a crash never leaves
 * a half-written one.
 */
public final class RunDirectory implements TrainingOutput {
  private final Path root;

  private RunDirectory(Path root) {
    this.root = root;
  }

  /**
   * Opens (and creates) a run folder.
   *
   * @param root the folder
   * @return the run directory
   * @throws BadInputException when it cannot be created or written
   */
  public static RunDirectory create(Path root) {
    try {
      Files.createDirectories(root.resolve("checkpoints"));
    } catch (IOException e) {
      throw new BadInputException("cannot create run folder " + root + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(root)) {
      throw new BadInputException("run folder " + root + " is not writable");
    }
    return new RunDirectory(root);
  }

  /**
   * Opens an existing run folder, e.g. to evaluate or resume it.
   *
   * @param root the folder
   * @return the run directory
   * @throws BadInputException when it is not a run folder
   */
  public static RunDirectory open(Path root) {
    if (!Files.isRegularFile(root.resolve("config.json"))) {
      throw new BadInputException(root + " is not a Pupil run folder (no config.json)");
    }
    return new RunDirectory(root);
  }

  /**
   * @return the folder
   */
  @Override
  public Path root() {
    return root;
  }

  /**
   * @return checkpoints/
   */
  @Override
  public Path checkpoints() {
    return root.resolve("checkpoints");
  }

  /**
   * @return model.pupil
   */
  @Override
  public Path modelFile() {
    return root.resolve("model.pupil");
  }

  /**
   * @return config.json
   */
  public Path configFile() {
    return root.resolve("config.json");
  }

  /**
   * @return run.json
   */
  public Path runFile() {
    return root.resolve("run.json");
  }

  /**
   * @return metrics.jsonl
   */
  public Path metricsFile() {
    return root.resolve("metrics.jsonl");
  }

  /**
   * @return eval.json
   */
  public Path evalFile() {
    return root.resolve("eval.json");
  }

  /**
   * @return split.json
   */
  public Path splitFile() {
    return root.resolve(RunSplit.FILE_NAME);
  }

  /**
   * Writes split.json, atomically.
   *
   * @param split the ids of the images the run uses
   */
  public void writeSplit(RunSplit split) {
    split.write(splitFile());
  }

  /**
   * @return the ids of the images the run used, or empty when the folder has no split.json (runs
   *     from before it was written)
   * @throws BadInputException naming the file when it is malformed
   */
  public Optional<RunSplit> readSplit() {
    return Files.isRegularFile(splitFile())
        ? Optional.of(RunSplit.read(splitFile()))
        : Optional.empty();
  }

  /**
   * Writes an object as pretty JSON, atomically. config.json, the run's settings, is written as
   * strict JSON ({@link Json#strict}: no NaN or Infinity, which many parsers refuse); the other
   * files keep NaN for "no value", as Pupil's readers expect.
   *
   * @param file the target, usually one of this folder's files
   * @param value what to write
   */
  @Override
  public void writeJson(Path file, Object value) {
    String text =
        file.getFileName().toString().equals("config.json")
            ? Json.strict(value)
            : Json.PRETTY.toJson(value);
    try {
      AtomicFiles.writeString(file, text + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Rewrites metrics.jsonl with the whole history (so a resumed run's file matches its checkpoint),
   * atomically.
   *
   * @param history every epoch so far
   */
  @Override
  public void writeMetrics(List<EpochMetrics> history) {
    StringBuilder sb = new StringBuilder();
    for (EpochMetrics m : history) {
      sb.append(Json.COMPACT.toJson(m)).append('\n');
    }
    try {
      AtomicFiles.writeString(metricsFile(), sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + metricsFile() + ": " + e.getMessage(), e);
    }
  }

  /**
   * A nested run folder (one per self-training round), created when missing.
   *
   * @param name the sub-folder's name
   * @return the nested folder
   */
  @Override
  public RunDirectory child(String name) {
    return create(root.resolve(name));
  }
}
