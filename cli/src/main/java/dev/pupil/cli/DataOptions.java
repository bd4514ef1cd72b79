package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.data.NamedDataset;
import dev.pupil.data.Normalization;
import dev.pupil.data.SplitFolders;
import dev.pupil.run.DataSpec;
import dev.pupil.run.InputShape;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import picocli.CommandLine.Option;

/**
 * The options that choose data and split it, shared by {@code train} and {@code knn}: a named
 * dataset or an ImageFolder, an optional test folder, the image shape for folders, the label budget
 * and the validation fraction, and the seed. A folder split into {@code train/}, {@code val/} and
 * {@code test/} folders ({@link SplitFolders}) gives the pool, the validation set and the test set.
 */
public final class DataOptions {
  /** Fraction of a folder held out as test set when no {@code --test-data} is given. */
  public static final double HOLD_OUT = DataSpec.HOLD_OUT;

  /** The default seed. */
  public static final long DEFAULT_SEED = 42;

  @Option(
      names = "--data",
      paramLabel = "NAME|DIR",
      completionCandidates = DatasetNames.class,
      description = {
        "A named dataset (${COMPLETION-CANDIDATES}) or an image folder with one subfolder per "
            + "class, or with train/ and optional val/ and test/ folders of class subfolders."
      })
  String data;

  @Option(
      names = "--test-data",
      paramLabel = "DIR",
      description =
          "Test image folder (same class subfolders); default: the test/ folder of "
              + "--data, else a stratified 20%% hold-out.")
  Path testData;

  @Option(
      names = "--image-size",
      paramLabel = "HxW",
      description = "Resize folder images to this size; default: their most common size.")
  String imageSize;

  @Option(
      names = "--channels",
      paramLabel = "1|3",
      description = "Read folder images as gray (1) or RGB (3); default: RGB if any is colour.")
  Integer channels;

  @Option(
      names = "--labels-per-class",
      paramLabel = "N",
      description =
          "Labeled training images per class (N >= 1); the rest is an unlabeled pool. "
              + "Default: all.")
  Integer labelsPerClass;

  @Option(
      names = "--val-fraction",
      paramLabel = "F",
      description =
          "Fraction of each class held out for validation (default: 0.1; none when "
              + "--data has a val/ folder).")
  Double valFraction;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the splits, initialization and shuffling (default: 42).")
  Long seed;

  @Option(
      names = "--on-bad-image",
      paramLabel = "fail|skip",
      description =
          "For folders: stop at an unreadable image (fail, default) or skip it with a "
              + "warning.")
  String onBadImage;

  @Option(
      names = "--normalize",
      paramLabel = "MEAN/STD",
      description =
          "Per-channel normalization on the 0..1 scale, e.g. 0.286/0.353 or "
              + "0.485,0.456,0.406/0.229,0.224,0.225 (default: computed from the training split).")
  String normalize;

  private String normalize() {
    if (normalize != null) {
      Normalization.parse(normalize, "--normalize");
    }
    return normalize;
  }

  /**
   * @return whether any option of this group was given
   */
  public boolean anyGiven() {
    return data != null
        || testData != null
        || imageSize != null
        || channels != null
        || labelsPerClass != null
        || valFraction != null
        || seed != null
        || onBadImage != null
        || normalize != null;
  }

  /**
   * @return the seed given, or {@link #DEFAULT_SEED}
   */
  public long seed() {
    return seed != null ? seed : DEFAULT_SEED;
  }

  /**
   * Resolves the options.
   *
   * @return what to load
   * @throws BadInputException naming the option when one is missing or malformed, or the dataset
   *     name is unknown
   */
  public DataSpec toSpec() {
    if (data == null) {
      throw new BadInputException("--data is required (a dataset name or an image folder)");
    }
    int c = channels == null ? 0 : channels;
    if (c != 0 && c != 1 && c != 3) {
      throw new BadInputException("--channels must be 1 or 3, got " + c);
    }
    InputShape size = imageSize == null ? null : InputShape.parse("--image-size", imageSize);
    if (labelsPerClass != null && labelsPerClass < 1) {
      throw new BadInputException(
          "--labels-per-class must be >= 1, got "
              + labelsPerClass
              + "; leave it out to use every label");
    }
    int lpc = labelsPerClass == null ? 0 : labelsPerClass;
    double vf = valFraction == null ? DataSpec.VAL_FRACTION : valFraction;
    if (!(vf >= 0 && vf < 1)) {
      throw new BadInputException("--val-fraction must be in [0, 1), got " + vf);
    }
    boolean skip = skipBadImages();
    String test = testData == null ? null : testData.toAbsolutePath().normalize().toString();
    if (isDatasetName(data)) {
      if (size != null || c != 0 || test != null || onBadImage != null) {
        throw new BadInputException(
            "--image-size, --channels, --test-data and --on-bad-image apply to image folders, "
                + "not to dataset '"
                + data
                + "'");
      }
      return new DataSpec(data, null, null, null, 0, 0, 0, lpc, vf, 0, seed(), false, normalize());
    }
    Path folder = Path.of(data);
    if (!looksLikePath(data) && !folder.toFile().exists()) {
      throw new BadInputException(
          "unknown dataset '"
              + data
              + "'; known: "
              + String.join(", ", NamedDataset.names())
              + ", or an image folder (no folder '"
              + data
              + "' here)");
    }
    String val = null;
    SplitFolders splits =
        Files.isDirectory(folder) ? SplitFolders.detect(folder).orElse(null) : null;
    if (splits != null) {
      test = splitTest(splits, test);
      if (splits.validation() != null) {
        if (valFraction != null && valFraction > 0) {
          throw new BadInputException(
              "--val-fraction conflicts with "
                  + splits.validation()
                  + ", the validation set; "
                  + "leave out --val-fraction, or point --data at "
                  + splits.train());
        }
        val = absolute(splits.validation());
        vf = 0;
      }
      folder = splits.train();
    }
    return new DataSpec(
        null,
        absolute(folder),
        test,
        val,
        c,
        size == null ? 0 : size.height(),
        size == null ? 0 : size.width(),
        lpc,
        vf,
        test == null ? HOLD_OUT : 0,
        seed(),
        skip,
        normalize());
  }

  /** The test folder of a split layout, refusing a --test-data that names another one. */
  private static String splitTest(SplitFolders splits, String testData) {
    if (splits.test() == null) {
      return testData;
    }
    String own = absolute(splits.test());
    if (testData != null && !testData.equals(own)) {
      throw new BadInputException(
          "--test-data "
              + testData
              + " conflicts with "
              + own
              + ", the test folder of --data; "
              + "leave out --test-data to test on "
              + own
              + ", or point --data at "
              + splits.train()
              + " to test on "
              + testData);
    }
    return own;
  }

  private static String absolute(Path p) {
    return p.toAbsolutePath().normalize().toString();
  }

  boolean skipBadImages() {
    if (onBadImage == null || onBadImage.equalsIgnoreCase("fail")) {
      return false;
    }
    if (onBadImage.equalsIgnoreCase("skip")) {
      return true;
    }
    throw new BadInputException("--on-bad-image must be fail or skip, got '" + onBadImage + "'");
  }

  /**
   * @param value a {@code --data} value
   * @return whether it names a known dataset rather than a folder
   */
  static boolean isDatasetName(String value) {
    return !looksLikePath(value) && NamedDataset.names().contains(value);
  }

  private static boolean looksLikePath(String s) {
    return s.contains("/") || s.contains(File.separator) || s.startsWith(".") || s.startsWith("~");
  }

  /** The dataset names, for {@code --help}. */
  static final class DatasetNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return NamedDataset.names().iterator();
    }
  }
}
