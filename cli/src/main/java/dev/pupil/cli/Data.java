package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import dev.pupil.data.SplitFolders;
import dev.pupil.run.DataLoader;
import dev.pupil.run.DataSpec;
import dev.pupil.run.PreparedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The library's {@link DataLoader} with the command line's names for settings ({@link FlagNames}),
 * so that a warning says {@code --image-size}, not {@code imageSize}.
 */
final class Data {
  private Data() {}

  static PreparedData load(DataSpec spec) {
    return load(spec, false);
  }

  static PreparedData load(DataSpec spec, boolean keepUnlabeled) {
    return DataLoader.load(spec, keepUnlabeled, FlagNames::flag);
  }

  static ImageSet readFolder(Path root, int channels, int height, int width) {
    return DataLoader.readFolder(root, channels, height, width, false, FlagNames::flag);
  }

  static ImageSet relabel(ImageSet set, List<String> classes, String source) {
    return DataLoader.relabel(set, classes, source);
  }

  /**
   * The folder {@code eval --data DIR} tests on: DIR itself, or its {@code test/} folder when DIR
   * is split into train/val/test folders.
   *
   * @param dir an image folder
   * @return the folder of test images
   * @throws BadInputException when DIR is split into folders but has no {@code test/} one, or is
   *     laid out wrongly
   */
  static Path testFolderOf(Path dir) {
    if (!Files.isDirectory(dir)) {
      return dir;
    }
    SplitFolders splits = SplitFolders.detect(dir).orElse(null);
    if (splits == null) {
      return dir;
    }
    if (splits.test() == null) {
      throw new BadInputException(
          dir
              + " is split into folders but has no test/ folder; give --data "
              + (splits.validation() != null ? splits.validation() : "a folder of test images"));
    }
    return splits.test();
  }
}
