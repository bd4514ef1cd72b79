package dev.pupil.run;

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
