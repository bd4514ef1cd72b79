package dev.pupil.data;

import dev.pupil.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a labelled image folder laid out like torchvision's {@code ImageFolder}: one subfolder per
 * class under the root, class index = position of the folder's name in sorted order, images (png,
 * jpg, jpeg, bmp, gif in any case) anywhere below their class folder. Hidden files and folders
 * (names starting with a dot) are ignored; symbolic links are followed, except a link back to a
 * folder above it.
 *
 * <pre>{@code
 * FolderReadResult r = ImageFolderReader.builder()
 *     .setRoot(Path.of("photos"))
 *     .optChannels(3)
 *     .optSize(64, 64)
 *     .optOnBadImage(BadImagePolicy.SKIP)
 *     .build()
 *     .read();
 * }</pre>
 *
 * <p>Image ids are the paths relative to the root, e.g. {@code cat/001.png}.
 */
public final class ImageFolderReader {
  private final Path root;
  private final ImageDecoder decoder;

  private ImageFolderReader(Builder b) {
    this.root = b.root;
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
   * @return the images with their class labels, and the files skipped
   * @throws BadInputException when the root is missing or not a folder, has no class subfolders, a
   *     class folder holds no image files (naming it), or a file cannot be decoded under {@link
   *     BadImagePolicy#FAIL} (naming it)
   */
  public FolderReadResult read() {
    ImageFiles.requireFolder(root);
    List<Path> classDirs = ImageFiles.subfolders(root);
    if (classDirs.isEmpty()) {
      throw new BadInputException(
          root
              + " has no class subfolders; expected one folder per class, like "
              + root.resolve("cat").resolve("001.png"));
    }
    List<String> classes = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Path dir : classDirs) {
      List<Path> inClass = ImageFiles.list(root, dir);
      if (inClass.isEmpty()) {
        throw new BadInputException(
            "class folder " + dir + " holds no images (png, jpg, jpeg, bmp or gif)");
      }
      int label = classes.size();
      classes.add(dir.getFileName().toString());
      files.addAll(inClass);
      inClass.forEach(f -> labels.add(label));
    }
    int[] lb = labels.stream().mapToInt(Integer::intValue).toArray();
    return decoder.decodeAll(root, files, lb, classes);
  }

  /** Builds an {@link ImageFolderReader}; {@link #setRoot} is required. */
  public static final class Builder extends FolderReaderBuilder<Builder> {
    Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * @return the reader
     * @throws IllegalArgumentException naming a missing or bad option
     */
    public ImageFolderReader build() {
      validate();
      return new ImageFolderReader(this);
    }
  }
}
