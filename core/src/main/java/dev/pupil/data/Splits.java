package dev.pupil.data;

import dev.pupil.BadInputException;
import java.util.Arrays;
import java.util.Random;

/**
 * Deterministic stratified splits for training with few labels.
 *
 * <p>For each class in label order, the indices of that class are shuffled (Fisher–Yates driven by
 * one {@link java.util.Random} seeded with {@code seed}, whose algorithm the Java specification
 * fixes, so a seed gives the same split on every JVM and machine). The first {@code
 * round(valFraction × n)} shuffled indices go to validation, the next {@code labelsPerClass} to the
 * labelled part, and the rest to the unlabelled part. Images already {@link ImageSet#UNLABELED} go
 * to the unlabelled part.
 *
 * <p>Because the shuffle does not depend on {@code labelsPerClass}, the labelled part for a smaller
 * budget is a subset of the one for a larger budget with the same seed and validation fraction,
 * which keeps label-budget curves comparable.
 */
public final class Splits {
  private Splits() {}

  /**
   * Splits off a stratified validation part and labels all the rest.
   *
   * @param set the images
   * @param valFraction fraction of each class held out for validation, in [0, 1)
   * @param seed the random seed
   * @return the parts; the unlabelled one holds only images that were unlabelled already
   */
  public static Split stratified(ImageSet set, double valFraction, long seed) {
    return stratified(set, 0, valFraction, seed);
  }

  /**
   * Splits a set's indices.
   *
   * @param set the images (their labels decide the strata)
   * @param labelsPerClass labelled images per class; 0 for all those not taken for validation
   * @param valFraction fraction of each class held out for validation, in [0, 1)
   * @param seed the random seed
   * @return the three parts, each sorted ascending
   * @throws BadInputException naming the field {@code labelsPerClass} or {@code valFraction} when a
   *     value is out of range or a class has too few images
   */
  public static Split stratified(ImageSet set, int labelsPerClass, double valFraction, long seed) {
    if (labelsPerClass < 0) {
      throw BadInputException.forField("labelsPerClass", "must be >= 0, got " + labelsPerClass);
    }
    if (!(valFraction >= 0 && valFraction < 1)) {
      throw BadInputException.forField("valFraction", "must be in [0, 1), got " + valFraction);
    }
    int numClasses = set.classes().size();
    int[][] byClass = indicesByClass(set, numClasses);
    int n = set.size();
    int[] labeled = new int[n];
    int[] validation = new int[n];
    int[] unlabeled = new int[n];
    int nl = 0;
    int nv = 0;
    int nu = 0;
    for (int i = 0; i < n; i++) {
      if (set.label(i) == ImageSet.UNLABELED) {
        unlabeled[nu++] = i;
      }
    }
    Random rng = new Random(seed);
    for (int c = 0; c < numClasses; c++) {
      int[] idx = byClass[c];
      shuffle(idx, rng);
      int val = (int) Math.round(valFraction * idx.length);
      int available = idx.length - val;
      int take = labelsPerClass == 0 ? available : labelsPerClass;
      if (take > available) {
        throw BadInputException.forField(
            "labelsPerClass",
            labelsPerClass
                + " is more than class '"
                + set.classes().get(c)
                + "' has: "
                + available
                + " images"
                + (val > 0 ? " after " + val + " taken for validation" : ""));
      }
      for (int k = 0; k < idx.length; k++) {
        if (k < val) {
          validation[nv++] = idx[k];
        } else if (k < val + take) {
          labeled[nl++] = idx[k];
        } else {
          unlabeled[nu++] = idx[k];
        }
      }
    }
    return new Split(sorted(labeled, nl), sorted(validation, nv), sorted(unlabeled, nu));
  }

  private static int[][] indicesByClass(ImageSet set, int numClasses) {
    int[] counts = set.classCounts();
    int[][] byClass = new int[numClasses][];
    for (int c = 0; c < numClasses; c++) {
      byClass[c] = new int[counts[c]];
    }
    int[] fill = new int[numClasses];
    for (int i = 0; i < set.size(); i++) {
      int l = set.label(i);
      if (l != ImageSet.UNLABELED) {
        byClass[l][fill[l]++] = i;
      }
    }
    return byClass;
  }

  /** Fisher–Yates from the last element down, as {@code Collections.shuffle} documents. */
  private static void shuffle(int[] a, Random rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static int[] sorted(int[] a, int len) {
    int[] out = Arrays.copyOf(a, len);
    Arrays.sort(out);
    return out;
  }
}
