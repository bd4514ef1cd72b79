package dev.pupil.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a folder reader read: the images, and the files it left out under {@link
 * BadImagePolicy#SKIP}.
 *
 * @param images the decoded images; ids are paths relative to the root, with '/' separators
 * @param skipped the files that could not be decoded, in reading order (empty under FAIL)
 */
public record FolderReadResult(ImageSet images, List<Path> skipped) {
  /**
   * Checks and copies the components.
   *
   * @param images the decoded images
   * @param skipped the files left out
   */
  public FolderReadResult {
    Objects.requireNonNull(images, "images");
    skipped = List.copyOf(skipped);
  }

  /**
   * @return how many files were skipped
   */
  public int skippedCount() {
    return skipped.size();
  }
}
