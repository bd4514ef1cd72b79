package dev.pupil.cli;

import dev.pupil.run.DataSpec;
import dev.pupil.run.RunSplit;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The images a model's run trained or validated on, to leave out of a pool drawn from the run's own
 * data ({@code suggest-labels}, {@code pseudo-label --teacher}): read from the run folder's
 * split.json, or, for a run from before split.json on a named dataset, from its split made again
 * with the recorded seed. A model with no run folder beside it leaves nothing out.
 *
 * @param ids the ids to leave out: indices for a dataset, paths relative to the pool folder
 * @param note a line saying why nothing could be left out, or null
 */
record TrainedImages(Set<String> ids, String note) {
  /** Nothing to leave out. */
  static final TrainedImages NONE = new TrainedImages(Set.of(), null);

  /**
   * @param src the model and its run, if any
   * @param name a dataset name used as a pool (its training images)
   * @return the run's labeled and validation images when it split that dataset
   */
  static TrainedImages inDataset(ModelSource src, String name) {
    if (src.run() == null) {
      return NONE;
    }
    Optional<RunSplit> split = src.run().readSplit();
    if (split.isPresent()) {
      return split.get().isDataset(name) ? of(split.get().trainedOn()) : NONE;
    }
    DataSpec data = src.config() == null ? null : src.config().data();
    if (data == null || !name.equals(data.name())) {
      return NONE;
    }
    return of(Data.load(data).split().trainedOn());
  }

  /**
   * @param src the model and its run, if any
   * @param folder an image folder used as a pool
   * @return the run's labeled and validation images in that folder when the run's source folder is
   *     it, lies in it or holds it
   */
  static TrainedImages inFolder(ModelSource src, Path folder) {
    if (src.run() == null) {
      return NONE;
    }
    Optional<RunSplit> split = src.run().readSplit();
    if (split.isPresent()) {
      Set<String> ids = split.get().trainedOnUnder(folder);
      return ids == null ? NONE : of(ids);
    }
    DataSpec data = src.config() == null ? null : src.config().data();
    if (data == null || data.folder() == null) {
      return NONE;
    }
    return new TrainedImages(
        Set.of(),
        "warning: "
            + src.run().root()
            + " has no "
            + RunSplit.FILE_NAME
            + " (an older run), so the images it trained on are not left out");
  }

  private static TrainedImages of(Set<String> ids) {
    return new TrainedImages(ids, null);
  }
}
