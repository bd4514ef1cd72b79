package dev.pupil.run;

import dev.pupil.BadInputException;
import dev.pupil.data.BadImagePolicy;
import dev.pupil.data.DatasetRegistry;
import dev.pupil.data.ImageFolderReader;
import dev.pupil.data.ImageSet;
import dev.pupil.data.LoadedDataset;
import dev.pupil.data.Split;
import dev.pupil.data.Splits;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Loads and splits the data of a {@link DataSpec}, the one place {@code train}, {@code knn}, {@code
 * eval} and {@code demo} get their images from. A named dataset comes from {@link
 * DatasetRegistry#system()} with its official test set; a folder is read as an ImageFolder, with
 * the spec's test folder (for example the {@code test/} folder of a {@link
 * dev.pupil.data.SplitFolders} layout) as its test set or else a stratified, seeded hold-out. The
 * rest is split by {@link Splits#stratified} into labeled training, validation and unlabeled parts;
 * with a validation folder ({@code val/}), that folder is the validation part and the pool is split
 * into labeled and unlabeled parts only.
 *
 * <p>Messages and warnings name the spec's settings by their config.json names ({@code testFolder},
 * {@code imageSize}, ...); a front end passes its own names for them (the command line's flags).
 */
public final class DataLoader {
  private DataLoader() {}

  /**
   * @param spec what to load
   * @return the split data
   * @throws BadInputException naming the dataset, folder or option at fault
   */
  public static PreparedData load(DataSpec spec) {
    return load(spec, false);
  }

  /**
   * @param spec what to load
   * @param keepUnlabeled keep the unlabeled pool's images (see {@link PreparedData#unlabeled()})
   * @return the split data
   * @throws BadInputException naming the dataset, folder or setting at fault
   */
  public static PreparedData load(DataSpec spec, boolean keepUnlabeled) {
    return load(spec, keepUnlabeled, UnaryOperator.identity());
  }

  /**
   * @param spec what to load
   * @param keepUnlabeled keep the unlabeled pool's images (see {@link PreparedData#unlabeled()})
   * @param settingNames names a setting in messages and warnings, from its config.json name
   * @return the split data
   * @throws BadInputException naming the dataset, folder or setting at fault
   */
  public static PreparedData load(
      DataSpec spec, boolean keepUnlabeled, UnaryOperator<String> settingNames) {
    ImageSet pool;
    ImageSet test;
    ImageSet valFolder = null;
    String location;
    String testSource;
    if (spec.name() != null) {
      LoadedDataset d = DatasetRegistry.system().load(spec.name());
      pool = d.train();
      test = d.test();
      location = d.dir().toString();
      testSource = "official test set";
    } else {
      ImageSet all =
          readFolder(
              Path.of(spec.folder()),
              spec.channels(),
              spec.height(),
              spec.width(),
              spec.skipBadImages(),
              settingNames);
      location = spec.folder();
      if (spec.testFolder() != null) {
        pool = all;
        test =
            readFolder(
                Path.of(spec.testFolder()),
                all.channels(),
                all.height(),
                all.width(),
                spec.skipBadImages(),
                settingNames);
        test = relabel(test, all.classes(), "the test folder " + spec.testFolder());
        testSource = spec.testFolder();
      } else {
        Split hold = Splits.stratified(all, spec.holdOutFraction(), spec.seed());
        pool = all.subset(hold.labeled());
        test = all.subset(hold.validation());
        testSource = Math.round(spec.holdOutFraction() * 100) + "% stratified hold-out";
      }
      if (spec.valFolder() != null) {
        valFolder =
            readFolder(
                Path.of(spec.valFolder()),
                all.channels(),
                all.height(),
                all.width(),
                spec.skipBadImages(),
                settingNames);
        valFolder = relabel(valFolder, all.classes(), spec.valFolder());
      }
    }
    Split split = Splits.stratified(pool, spec.labelsPerClass(), spec.valFraction(), spec.seed());
    if (split.labeled().length < 2) {
      throw new BadInputException(
          spec.label() + " leaves " + split.labeled().length + " labeled training images; need 2");
    }
    if (test.size() == 0) {
      throw BadInputException.forField(
          "testFolder", "is needed: " + spec.label() + " leaves no test images");
    }
    return new PreparedData(
        spec,
        location,
        pool.subset(split.labeled()),
        valFolder != null ? valFolder : pool.subset(split.validation()),
        split.unlabeled().length,
        test,
        testSource,
        keepUnlabeled ? pool.subset(split.unlabeled()) : null,
        pool.ids(split.unlabeled()));
  }

  /**
   * Re-indexes a set's labels to another class list, by class name (a test folder may lack a class,
   * which shifts the folder-order indices).
   *
   * @param set labeled images
   * @param classes the class list to index into, e.g. a model's
   * @param source names the set in the message
   * @return the same images labeled against {@code classes}
   * @throws BadInputException naming a class of the set that {@code classes} lacks
   */
  public static ImageSet relabel(ImageSet set, List<String> classes, String source) {
    if (set.classes().equals(classes)) {
      return set;
    }
    int[] map = new int[set.classes().size()];
    for (int k = 0; k < map.length; k++) {
      map[k] = classes.indexOf(set.classes().get(k));
      if (map[k] < 0) {
        throw new BadInputException(
            source + " has class '" + set.classes().get(k) + "', which is not one of " + classes);
      }
    }
    int[] labels = set.labels();
    for (int i = 0; i < labels.length; i++) {
      labels[i] = labels[i] == ImageSet.UNLABELED ? labels[i] : map[labels[i]];
    }
    return ImageSet.of(
        set.pixelsView(), labels, set.channels(), set.height(), set.width(), classes, set.ids());
  }

  /**
   * Reads an ImageFolder, failing on the first bad image.
   *
   * @param root the folder
   * @param channels 1 or 3, or 0 to choose (RGB if any image is colour)
   * @param height height, or 0 for the most common one
   * @param width width, or 0 for the most common one
   * @return the images
   */
  public static ImageSet readFolder(Path root, int channels, int height, int width) {
    return readFolder(root, channels, height, width, false, UnaryOperator.identity());
  }

  /**
   * Reads an ImageFolder.
   *
   * @param root the folder
   * @param channels 1 or 3, or 0 to choose (RGB if any image is colour; a warning when they differ)
   * @param height height, or 0 for the most common one (a warning when sizes differ)
   * @param width width, or 0 for the most common one
   * @param skipBad skip undecodable files with a warning instead of failing
   * @param settingNames names a setting in warnings, from its config.json name
   * @return the images
   */
  public static ImageSet readFolder(
      Path root,
      int channels,
      int height,
      int width,
      boolean skipBad,
      UnaryOperator<String> settingNames) {
    ImageFolderReader.Builder b =
        ImageFolderReader.builder()
            .setRoot(root)
            .optChannels(channels)
            .optOnBadImage(skipBad ? BadImagePolicy.SKIP : BadImagePolicy.FAIL)
            .optSettingNames(settingNames);
    if (height > 0) {
      b.optSize(height, width);
    }
    return b.build().read().images();
  }
}
