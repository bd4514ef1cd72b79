package dev.pupil.semisup;

import dev.pupil.data.ImageSet;
import dev.pupil.models.FrozenModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which unlabeled images to annotate next: uncertainty sampling (Settles 2009, "Active Learning
 * Literature Survey", §3.1). A trained model, frozen and in inference mode, predicts every pool
 * image on the clean pixels (the same predictions {@link PseudoLabeler} uses, in batches with a
 * sub-manager each); each image is scored by an {@link Uncertainty} and the {@code n} most
 * uncertain are returned, ties broken by the lower pool index so the list is deterministic.
 */
public final class UncertaintyRanker {
  private final Uncertainty uncertainty;
  private final int count;
  private final int batchSize;

  private UncertaintyRanker(Builder b) {
    this.uncertainty = b.uncertainty;
    this.count = b.count;
    this.batchSize = b.batchSize;
  }

  /**
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the strategy
   */
  public Uncertainty uncertainty() {
    return uncertainty;
  }

  /**
   * Runs the model on the pool and ranks.
   *
   * @param model the trained model (or ensemble), frozen
   * @param pool the unlabeled images (labels, if any, are ignored)
   * @return at most {@code n} suggestions, most uncertain first
   */
  public Suggestions rank(FrozenModel model, ImageSet pool) {
    return rank(PseudoLabeler.probabilities(model, pool, batchSize), pool);
  }

  /**
   * Ranks given class probabilities.
   *
   * @param probabilities one row per pool image
   * @param pool the pool (for ids and class names)
   * @return at most {@code n} suggestions, most uncertain first
   */
  public Suggestions rank(float[][] probabilities, ImageSet pool) {
    if (probabilities.length != pool.size()) {
      throw new IllegalArgumentException(
          "probabilities has " + probabilities.length + " rows for " + pool.size() + " images");
    }
    int classes = pool.classes().size();
    double[] score = new double[probabilities.length];
    for (int i = 0; i < score.length; i++) {
      if (probabilities[i].length != classes) {
        throw new IllegalArgumentException(
            "row "
                + i
                + " has "
                + probabilities[i].length
                + " probabilities for "
                + classes
                + " classes");
      }
      score[i] = uncertainty.score(probabilities[i]);
    }
    Integer[] order = new Integer[score.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(
        order,
        (a, b) -> {
          if (uncertainty.moreUncertain(score[a], score[b])) {
            return -1;
          }
          if (uncertainty.moreUncertain(score[b], score[a])) {
            return 1;
          }
          return Integer.compare(a, b);
        });
    int n = Math.min(count, order.length);
    List<Suggestion> out = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      int i = order[r];
      int[] top = topTwoClasses(probabilities[i]);
      out.add(
          new Suggestion(
              r + 1,
              i,
              pool.id(i),
              score[i],
              top[0],
              probabilities[i][top[0]],
              top[1],
              top[1] < 0 ? 0f : probabilities[i][top[1]]));
    }
    return new Suggestions(uncertainty, out, pool.classes(), pool.size());
  }

  /** The two most probable classes, the lower index first among equals; -1 for a missing one. */
  static int[] topTwoClasses(float[] p) {
    int first = -1;
    int second = -1;
    for (int c = 0; c < p.length; c++) {
      if (first < 0 || p[c] > p[first]) {
        second = first;
        first = c;
      } else if (second < 0 || p[c] > p[second]) {
        second = c;
      }
    }
    return new int[] {first, second};
  }

  /** Builds an {@link UncertaintyRanker}. */
  public static final class Builder {
    private Uncertainty uncertainty;
    private int count = 100;
    private int batchSize = 256;

    private Builder() {}

    /**
     * @param u the scoring strategy (required)
     */
    public Builder setUncertainty(Uncertainty u) {
      this.uncertainty = u;
      return this;
    }

    /**
     * @param n how many images to suggest, >= 1; default 100
     */
    public Builder optCount(int n) {
      this.count = n;
      return this;
    }

    /**
     * @param n images per forward pass, >= 1; default 256
     */
    public Builder optBatchSize(int n) {
      this.batchSize = n;
      return this;
    }

    /**
     * @return the ranker
     */
    public UncertaintyRanker build() {
      if (uncertainty == null) {
        throw new IllegalArgumentException("uncertainty must be set");
      }
      if (count < 1) {
        throw new IllegalArgumentException("count must be >= 1, got " + count);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
      }
      return new UncertaintyRanker(this);
    }
  }
}
