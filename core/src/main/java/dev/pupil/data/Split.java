package dev.pupil.data;

import java.util.Arrays;

/**
 * A partition of an {@link ImageSet}'s indices into labelled, validation and unlabelled parts, each
 * sorted ascending. The parts are disjoint and together cover every index.
 *
 * @param labeled indices whose labels training may use
 * @param validation indices held out to choose epochs and hyperparameters
 * @param unlabeled the rest, whose labels training must not see
 */
public record Split(int[] labeled, int[] validation, int[] unlabeled) {
  /**
   * Copies the arrays so that the split stays immutable.
   *
   * @param labeled labelled indices, sorted
   * @param validation validation indices, sorted
   * @param unlabeled unlabelled indices, sorted
   */
  public Split {
    labeled = labeled.clone();
    validation = validation.clone();
    unlabeled = unlabeled.clone();
  }

  /**
   * @return a copy of the labelled indices
   */
  @Override
  public int[] labeled() {
    return labeled.clone();
  }

  /**
   * @return a copy of the validation indices
   */
  @Override
  public int[] validation() {
    return validation.clone();
  }

  /**
   * @return a copy of the unlabelled indices
   */
  @Override
  public int[] unlabeled() {
    return unlabeled.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Split s
        && Arrays.equals(labeled, s.labeled)
        && Arrays.equals(validation, s.validation)
        && Arrays.equals(unlabeled, s.unlabeled);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(labeled) + Arrays.hashCode(validation))
        + Arrays.hashCode(unlabeled);
  }

  @Override
  public String toString() {
    return "Split[labeled="
        + labeled.length
        + ", validation="
        + validation.length
        + ", unlabeled="
        + unlabeled.length
        + "]";
  }
}
