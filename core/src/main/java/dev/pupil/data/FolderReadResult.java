package dev.pupil.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a folder reader read: the images, the files it left out under {@link BadImagePolicy#SKIP},
 * and the shape it gave the images.
 *
 * @param images the decoded images; ids are paths relative to the root, with '/' separators
 * @param skipped the files that could not be decoded, in reading order (empty under FAIL)
 * @param shape the shape chosen or given, and how many images differed from it (its {@link
 *     ShapeChoice#warning()} is also logged)
 */
public record FolderReadResult(ImageSet images, List<Path> skipped, ShapeChoice shape) {
  /**
   * Checks and copies the components.
   *
   * @param images the decoded images
   * @param skipped the files left out
   * @param shape the shape of the images
   */
  public FolderReadResult {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(shape, "shape");
    skipped = List.copyOf(skipped);
  }

  /**
   * @return how many files were skipped
   */
  public int skippedCount() {
    return skipped.size();
  }
}
