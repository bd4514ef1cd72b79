package dev.pupil.data;

import dev.pupil.BadInputException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads every image under a folder tree, recursively and in sorted order, as an unlabelled set
 * (every label {@link ImageSet#UNLABELED}), for example the unlabelled pool of semi-supervised
 * training. Files, hidden entries, symbolic links, decoding, channels, size and the bad-image
 * policy are handled as in {@link ImageFolderReader}; ids are paths relative to the root.
 */
public final class UnlabeledFolderReader {
  private final Path root;
  private final List<String> classes;
  private final ImageDecoder decoder;

  private UnlabeledFolderReader(Builder b) {
    this.root = b.root;
    this.classes = b.classes;
    this.decoder = b.decoder();
  }

  /**
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads every image.
   *
   * @return the unlabelled images and the files skipped
   * @throws BadInputException when the root is missing, is not a folder or holds no image files, or
   *     a file cannot be decoded under {@link BadImagePolicy#FAIL} (naming it)
   */
  public FolderReadResult read() {
    ImageFiles.requireFolder(root);
    List<Path> files = ImageFiles.list(root, root);
    if (files.isEmpty()) {
      throw new BadInputException(root + " holds no images (png, jpg, jpeg, bmp or gif)");
    }
    int[] labels = new int[files.size()];
    Arrays.fill(labels, ImageSet.UNLABELED);
    return decoder.decodeAll(root, files, labels, classes);
  }

  /** Builds an {@link UnlabeledFolderReader}; {@link #setRoot} is required. */
  public static final class Builder extends FolderReaderBuilder<Builder> {
    private List<String> classes = List.of();

    Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets the class names the set carries, so that it can be pseudo-labelled with the classes of a
     * labelled set. Default: none.
     *
     * @param classes class names
     * @return this builder
     */
    public Builder optClasses(List<String> classes) {
      this.classes = List.copyOf(Objects.requireNonNull(classes, "classes"));
      return this;
    }

    /**
     * @return the reader
     * @throws IllegalArgumentException naming a missing or bad option
     */
    public UnlabeledFolderReader build() {
      validate();
      return new UnlabeledFolderReader(this);
    }
  }
}
