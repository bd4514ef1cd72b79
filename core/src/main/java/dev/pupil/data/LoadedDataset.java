package dev.pupil.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A named dataset read from disk.
 *
 * @param name the dataset's name, e.g. {@code fashion-mnist}
 * @param train the official training images
 * @param test the official test images
 * @param dir the folder it was read from
 */
public record LoadedDataset(String name, ImageSet train, ImageSet test, Path dir) {
  /**
   * Checks that no component is null.
   *
   * @param name the dataset's name
   * @param train the training images
   * @param test the test images
   * @param dir the folder read
   */
  public LoadedDataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(dir, "dir");
  }
}
