package dev.pupil.run;

import dev.pupil.BadInputException;
import java.nio.file.Path;

/**
 * Which data a run uses and how it is split, as stored in config.json so that {@code --resume} and
 * {@code eval} can load the very same sets again.
 *
 * @param name a named dataset ({@code fashion-mnist}, ...), or null for an image folder
 * @param folder the image folder's absolute path, or null for a named dataset
 * @param testFolder the test image folder's absolute path, or null (official test set, or a
 *     stratified hold-out of the folder)
 * @param valFolder the validation image folder's absolute path (a {@code val/} folder beside {@code
 *     train/}), or null to hold out {@code valFraction} of the folder; absent from configs written
 *     before it existed
 * @param channels channels to read folder images as, 0 = chosen from the images (RGB if any is
 *     colour)
 * @param height height to resize folder images to, 0 = the images' most common height
 * @param width width to resize folder images to, 0 = the images' most common width
 * @param labelsPerClass labeled training images per class, 0 = all (the user cannot give 0: {@code
 *     --labels-per-class} left out means all)
 * @param valFraction fraction of each class held out for validation (0 with a validation folder)
 * @param holdOutFraction fraction of a folder held out as test set when there is no test folder
 * @param seed the seed of the splits
 * @param skipBadImages whether folder images that cannot be decoded are skipped (with a warning)
 *     rather than stopping the run
 * @param normalize the given normalization ({@code --normalize MEAN/STD}), or null to compute it
 *     from the training split
 */
public record DataSpec(
    String name,
    String folder,
    String testFolder,
    String valFolder,
    int channels,
    int height,
    int width,
    int labelsPerClass,
    double valFraction,
    double holdOutFraction,
    long seed,
    boolean skipBadImages,
    String normalize) {

  /** Validation share of each class, unless a spec says otherwise. */
  public static final double VAL_FRACTION = 0.1;

  /** Test share of a folder without a test folder, unless a spec says otherwise. */
  public static final double HOLD_OUT = 0.2;

  /**
   * An image folder with one subfolder per class, as {@code pupil train --data DIR} reads it: every
   * label, 10% of each class for validation, 20% held out as the test set, the images' own size and
   * colour mode, seed 42.
   *
   * @param folder the folder
   * @return the spec
   */
  public static DataSpec ofFolder(Path folder) {
    return new DataSpec(
        null,
        folder.toAbsolutePath().normalize().toString(),
        null,
        null,
        0,
        0,
        0,
        0,
        VAL_FRACTION,
        HOLD_OUT,
        42,
        false,
        null);
  }

  /**
   * A named dataset ({@code fashion-mnist}, ...) with its official test set: every label, 10% of
   * each class for validation, seed 42.
   *
   * @param name the dataset's name
   * @return the spec
   */
  public static DataSpec ofDataset(String name) {
    return new DataSpec(name, null, null, null, 0, 0, 0, 0, VAL_FRACTION, 0, 42, false, null);
  }

  /**
   * @param n labeled training images per class; the rest of the split is the unlabeled pool
   * @return this spec with that many labels
   * @throws BadInputException when n is below 1
   */
  public DataSpec withLabelsPerClass(int n) {
    if (n < 1) {
      throw BadInputException.forField("labelsPerClass", "must be >= 1, got " + n);
    }
    return new DataSpec(
        name,
        folder,
        testFolder,
        valFolder,
        channels,
        height,
        width,
        n,
        valFraction,
        holdOutFraction,
        seed,
        skipBadImages,
        normalize);
  }

  /**
   * @param test a folder of test images with the same class subfolders; nothing of the training
   *     folder is then held out
   * @return this spec with that test set
   */
  public DataSpec withTestFolder(Path test) {
    return new DataSpec(
        name,
        folder,
        test.toAbsolutePath().normalize().toString(),
        valFolder,
        channels,
        height,
        width,
        labelsPerClass,
        valFraction,
        0,
        seed,
        skipBadImages,
        normalize);
  }

  /**
   * @param s the seed of the splits
   * @return this spec with that seed
   */
  public DataSpec withSeed(long s) {
    return new DataSpec(
        name,
        folder,
        testFolder,
        valFolder,
        channels,
        height,
        width,
        labelsPerClass,
        valFraction,
        holdOutFraction,
        s,
        skipBadImages,
        normalize);
  }

  /**
   * @return a short label: the dataset name or the folder
   */
  public String label() {
    return name != null ? name : folder;
  }

  /**
   * @param c channels to read folder images as
   * @param h height to resize folder images to
   * @param w width to resize folder images to
   * @return this spec with that image shape, all else the same
   */
  public DataSpec withShape(int c, int h, int w) {
    return new DataSpec(
        name,
        folder,
        testFolder,
        valFolder,
        c,
        h,
        w,
        labelsPerClass,
        valFraction,
        holdOutFraction,
        seed,
        skipBadImages,
        normalize);
  }
}
