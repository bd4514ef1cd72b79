package dev.pupil.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a classifier's accuracy is told apart from guessing: the baseline is always answering the
 * most common class of the evaluated images (its share {@code p}, which is 1/K for balanced
 * classes), and an accuracy counts as <em>near chance</em> when it is not above {@code p} by the
 * larger of two binomial standard errors, {@code 2·sqrt(p(1−p)/n)}, and {@link #USEFUL_SHARE} of
 * the way to a perfect score, {@code 0.05·(1 − p)}. A run that ends there has not learned anything
 * useful, whatever its training accuracy says (a small network memorising 100 images, a learning
 * rate that killed every unit); front ends warn rather than hand such a model back without a word.
 * Judge it on held-out images the run did not choose its weights on (the test set): the best of
 * many validation passes is biased upwards.
 *
 * @param accuracy the measured accuracy
 * @param majorityShare the most common class's share of the evaluated images
 * @param images how many images the accuracy was measured on
 * @param nearChance whether the accuracy is within the baseline's margin
 */
public record ChanceLevel(double accuracy, double majorityShare, int images, boolean nearChance) {
  /**
   * The share of the way from the baseline to a perfect score below which a model counts as near
   * chance even when the images are many: 12.9% on 1,000 images of ten classes is three standard
   * errors above 10%, and still useless.
   */
  public static final double USEFUL_SHARE = 0.05;

  /**
   * @param accuracy the accuracy measured on the images with these labels
   * @param labels the evaluated images' labels (unlabeled entries, below 0, are not counted)
   * @return the verdict; never near chance when there are no labels or the accuracy is NaN
   */
  public static ChanceLevel of(double accuracy, int[] labels) {
    Map<Integer, Integer> counts = new LinkedHashMap<>();
    int n = 0;
    for (int l : labels) {
      if (l >= 0) {
        counts.merge(l, 1, Integer::sum);
        n++;
      }
    }
    if (n == 0 || Double.isNaN(accuracy)) {
      return new ChanceLevel(accuracy, Double.NaN, n, false);
    }
    int most = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    double p = (double) most / n;
    double margin = Math.max(2 * Math.sqrt(p * (1 - p) / n), USEFUL_SHARE * (1 - p));
    return new ChanceLevel(accuracy, p, n, accuracy <= p + margin);
  }

  /**
   * @return the fields, for run.json
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accuracy", accuracy);
    m.put("majorityShare", majorityShare);
    m.put("images", images);
    m.put("nearChance", nearChance);
    return m;
  }
}
