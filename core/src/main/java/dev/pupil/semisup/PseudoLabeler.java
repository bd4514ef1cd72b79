package dev.pupil.semisup;

import dev.pupil.data.ImageSet;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.FrozenModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Labels an unlabeled pool with a frozen teacher's predictions, as Pseudo-Label (Lee 2013, ICML
 * workshop, "Pseudo-Label") and Noisy Student (Xie et al. 2020, arXiv:1911.04252, §3 "data
 * filtering and balancing") do: the teacher runs in inference mode on the clean images (no
 * augmentation, no dropout), an image is kept when its top probability reaches the confidence
 * threshold, and with class balancing at most K images per class are kept, the most confident first
 * (ties broken by the lower pool index, so the choice is deterministic). The selection itself is
 * {@link PseudoLabelFilter}.
 *
 * <p>With the share cap ({@link Builder#optShareCap}) each class keeps at most its labeled share of
 * the images that passed the threshold ({@link ClassBalance#shareCaps}), so a teacher that
 * over-predicts a few classes cannot hand the student a pool collapsed onto them; given with {@link
 * Builder#optMaxPerClass}, the lower of the two caps applies. The labeled shares come from {@link
 * #label(FrozenModel, ImageSet, double[])}; without them the classes count as equally likely.
 */
public final class PseudoLabeler {
  private final PseudoLabelFilter filter;
  private final boolean soft;
  private final boolean shareCap;
  private final int batchSize;

  /**
   * What a selection kept, and what it chose from.
   *
   * @param labels the kept pseudo-labels
   * @param confident images per class that passed the threshold, before any cap
   * @param caps each class's cap ({@link Integer#MAX_VALUE} for none), or null when no cap applies
   */
  public record Selection(PseudoLabels labels, int[] confident, int[] caps) {
    /**
     * @param prior the labeled class shares
     * @return the kept labels' distance from them and the collapse flag
     */
    public ClassBalance balance(double[] prior) {
      return ClassBalance.measure(
          labels.perClassCounts(), confident, caps, prior, labels.classes());
    }
  }

  private PseudoLabeler(Builder b) {
    this.filter = new PseudoLabelFilter(b.threshold, b.maxPerClass);
    this.soft = b.soft;
    this.shareCap = b.shareCap;
    this.batchSize = b.batchSize;
  }

  /**
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the confidence threshold
   */
  public float threshold() {
    return filter.threshold();
  }

  /**
   * @return whether labels are soft
   */
  public boolean soft() {
    return soft;
  }

  /**
   * @return the per-class cap, 0 for none
   */
  public int maxPerClass() {
    return filter.maxPerClass();
  }

  /**
   * @return whether each class is capped at its labeled share of the confident images
   */
  public boolean shareCap() {
    return shareCap;
  }

  /**
   * @return the confidence filter and class balancing (shared with the Spark engine)
   */
  public PseudoLabelFilter filter() {
    return filter;
  }

  /**
   * Runs the teacher on the pool (inference mode, clean images) and selects.
   *
   * @param teacher the frozen teacher
   * @param pool the unlabeled images (their labels, if any, are ignored)
   * @return the kept pseudo-labels
   */
  public PseudoLabels label(FrozenModel teacher, ImageSet pool) {
    return select(probabilities(teacher, pool, batchSize), pool);
  }

  /**
   * Runs the teacher on the pool (inference mode, clean images) and selects, capping each class at
   * its share of {@code prior} when the share cap is on.
   *
   * @param teacher the frozen teacher
   * @param pool the unlabeled images (their labels, if any, are ignored)
   * @param prior the labeled images' class shares ({@link ClassBalance#prior})
   * @return the kept pseudo-labels and what they were chosen from
   */
  public Selection label(FrozenModel teacher, ImageSet pool, double[] prior) {
    return select(probabilities(teacher, pool, batchSize), pool, prior);
  }

  /**
   * The teacher's class probabilities for every pool image: inference mode, clean images, in
   * batches (the model gives each batch its own sub-manager). Shared with {@link
   * UncertaintyRanker}, which ranks the same predictions instead of filtering them.
   *
   * @param teacher the frozen teacher
   * @param pool the images (labels ignored)
   * @param batchSize images per forward pass
   * @return one softmax row per image
   */
  static float[][] probabilities(FrozenModel teacher, ImageSet pool, int batchSize) {
    teacher.checkFits(pool);
    float[][] p = teacher.logits(pool, batchSize);
    for (float[] row : p) {
      ClassifierModel.softmaxInPlace(row);
    }
    return p;
  }

  /**
   * Selects from given class probabilities; with the share cap the classes count as equally likely.
   *
   * @param probabilities one row per pool image
   * @param pool the pool (for ids and class names)
   * @return the kept pseudo-labels, by increasing pool index
   */
  public PseudoLabels select(float[][] probabilities, ImageSet pool) {
    int classes = pool.classes().size();
    double[] uniform = new double[classes];
    Arrays.fill(uniform, 1.0 / classes);
    return select(probabilities, pool, uniform).labels();
  }

  /**
   * Selects from given class probabilities.
   *
   * @param probabilities one row per pool image
   * @param pool the pool (for ids and class names)
   * @param prior the labeled class shares, one per class (used by the share cap)
   * @return the kept pseudo-labels, by increasing pool index, and what they were chosen from
   */
  public Selection select(float[][] probabilities, ImageSet pool, double[] prior) {
    if (probabilities.length != pool.size()) {
      throw new IllegalArgumentException(
          "probabilities has " + probabilities.length + " rows for " + pool.size() + " images");
    }
    int classes = pool.classes().size();
    if (prior.length != classes) {
      throw new IllegalArgumentException(
          "prior has " + prior.length + " shares for " + classes + " classes");
    }
    List<PseudoLabel> candidates = new ArrayList<>();
    int[] confident = new int[classes];
    for (int i = 0; i < probabilities.length; i++) {
      float[] row = probabilities[i];
      if (row.length != classes) {
        throw new IllegalArgumentException(
            "row " + i + " has " + row.length + " probabilities for " + classes + " classes");
      }
      int label = EvalReport.argmax(row);
      if (filter.keeps(row[label])) {
        candidates.add(new PseudoLabel(i, pool.id(i), label, row[label], row.clone()));
        confident[label]++;
      }
    }
    int[] caps = null;
    if (shareCap || filter.maxPerClass() > 0) {
      caps = shareCap ? ClassBalance.shareCaps(confident, prior) : new int[classes];
      for (int c = 0; c < classes; c++) {
        if (!shareCap) {
          caps[c] = Integer.MAX_VALUE;
        }
        if (filter.maxPerClass() > 0) {
          caps[c] = Math.min(caps[c], filter.maxPerClass());
        }
      }
    }
    List<PseudoLabel> kept = caps == null ? candidates : PseudoLabelFilter.cap(candidates, caps);
    return new Selection(
        new PseudoLabels(kept, pool.classes(), soft, pool.size()), confident, caps);
  }

  /** Builds a {@link PseudoLabeler}. */
  public static final class Builder {
    private float threshold = 0f;
    private boolean soft;
    private int maxPerClass;
    private boolean shareCap;
    private int batchSize = 256;

    private Builder() {}

    /**
     * @param t keep images whose top probability is at least t, in [0, 1]; default 0 (all)
     */
    public Builder optThreshold(float t) {
      this.threshold = t;
      return this;
    }

    /**
     * @param s train on the teacher's probabilities (true) or its top class; default hard
     */
    public Builder optSoft(boolean s) {
      this.soft = s;
      return this;
    }

    /**
     * @param k keep at most k images per class, the most confident; 0 (default) for no cap
     */
    public Builder optMaxPerClass(int k) {
      this.maxPerClass = k;
      return this;
    }

    /**
     * @param on cap each class at its labeled share of the images that pass the threshold ({@link
     *     ClassBalance#shareCaps}); default off
     */
    public Builder optShareCap(boolean on) {
      this.shareCap = on;
      return this;
    }

    /**
     * @param n images per teacher forward pass; default 256
     */
    public Builder optBatchSize(int n) {
      this.batchSize = n;
      return this;
    }

    /**
     * @return the labeler
     */
    public PseudoLabeler build() {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
      }
      if (maxPerClass < 0) {
        throw new IllegalArgumentException("maxPerClass must be >= 0, got " + maxPerClass);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
      }
      return new PseudoLabeler(this);
    }
  }
}
