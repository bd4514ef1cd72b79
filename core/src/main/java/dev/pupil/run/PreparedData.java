package dev.pupil.run;

import dev.pupil.data.ImageSet;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data loaded and split for a run: the labeled training part, the validation part, the size of the
 * unlabeled pool (unused by supervised training), and the test set.
 *
 * @param spec what was asked for
 * @param location where the training images were read from
 * @param train labeled training images
 * @param validation validation images, possibly empty
 * @param unlabeledCount images in the unlabeled pool
 * @param test the test images
 * @param testSource where the test images come from, in words
 * @param unlabeledPool the unlabeled pool's images with their true labels, or null when not kept;
 *     training must see them only through {@link #unlabeled()} (labels hidden), except to audit
 *     pseudo-labels
 * @param unlabeledIds the ids of the unlabeled pool's images, or null when not known
 */
public record PreparedData(
    DataSpec spec,
    String location,
    ImageSet train,
    ImageSet validation,
    int unlabeledCount,
    ImageSet test,
    String testSource,
    ImageSet unlabeledPool,
    List<String> unlabeledIds) {

  /**
   * @return the ids of the images the run uses, for the run folder's split.json (the unlabeled part
   *     is empty when its ids are not known)
   */
  public RunSplit split() {
    List<String> pool = unlabeledIds == null ? List.of() : unlabeledIds;
    return spec.name() != null
        ? RunSplit.ofDataset(spec.name(), testSource, train, validation, pool, test)
        : RunSplit.ofFolder(Path.of(spec.folder()), testSource, train, validation, pool, test);
  }

  /**
   * @return the unlabeled pool's images with their labels hidden, or null when not kept
   */
  public ImageSet unlabeled() {
    return unlabeledPool == null ? null : unlabeledPool.withLabelsHidden();
  }

  /**
   * @return the class names
   */
  public List<String> classes() {
    return train.classes();
  }

  /**
   * @return the validation images, or null when there are none
   */
  public ImageSet validationOrNull() {
    return validation.size() == 0 ? null : validation;
  }

  /**
   * @return the input shape, height × width × channels
   */
  public InputShape shape() {
    return new InputShape(train.height(), train.width(), train.channels());
  }

  /**
   * @return split sizes by part, for config.json
   */
  public Map<String, Integer> sizes() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("train", train.size());
    m.put("validation", validation.size());
    m.put("unlabeled", unlabeledCount);
    m.put("test", test.size());
    return m;
  }
}
