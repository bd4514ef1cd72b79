package dev.pupil.semisup;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The selection step of Pseudo-Label (Lee 2013, ICML workshop, "Pseudo-Label") and Noisy Student
 * (Xie et al. 2020, arXiv:1911.04252, §3 "data filtering and balancing"): an image is kept when the
 * teacher's top probability reaches the confidence threshold, and with class balancing at most K
 * images per class are kept, the most confident first, ties broken by the lower pool index.
 *
 * <p>This is the one implementation: the in-JVM {@link PseudoLabeler} and the Spark engine (which
 * applies {@link #keeps} on the executors and {@link #balance} on the driver) both call it, so they
 * choose the same images. It is serializable so that it can be shipped to executors.
 *
 * @param threshold keep images whose top probability is at least this, in [0, 1]
 * @param maxPerClass keep at most this many images per class, 0 for no cap
 */
public record PseudoLabelFilter(float threshold, int maxPerClass) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Validates the fields. */
  public PseudoLabelFilter {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
    if (maxPerClass < 0) {
      throw new IllegalArgumentException("maxPerClass must be >= 0, got " + maxPerClass);
    }
  }

  /**
   * The confidence filter.
   *
   * @param confidence the teacher's top probability
   * @return whether the image passes the threshold
   */
  public boolean keeps(float confidence) {
    return confidence >= threshold;
  }

  /**
   * Class balancing over the images that passed {@link #keeps}: per class, at most {@link
   * #maxPerClass} of them, the most confident first, ties broken by the lower pool index.
   *
   * @param candidates the images that passed the threshold, in any order, indices distinct
   * @param classes the number of classes
   * @return the kept images, by increasing pool index
   */
  public List<PseudoLabel> balance(List<PseudoLabel> candidates, int classes) {
    int[] caps = new int[classes];
    Arrays.fill(caps, maxPerClass > 0 ? maxPerClass : Integer.MAX_VALUE);
    return cap(candidates, caps);
  }

  /**
   * Per-class caps over the images that passed {@link #keeps}: class {@code c} keeps at most {@code
   * caps[c]} of them, the most confident first, ties broken by the lower pool index (the selection
   * of {@link #balance}, with a cap of its own for each class).
   *
   * @param candidates the images that passed the threshold, in any order, indices distinct
   * @param caps the most images each class keeps, &gt;= 0 ({@link Integer#MAX_VALUE} for no cap);
   *     its length is the number of classes
   * @return the kept images, by increasing pool index
   */
  public static List<PseudoLabel> cap(List<PseudoLabel> candidates, int[] caps) {
    int classes = caps.length;
    List<List<PseudoLabel>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      if (caps[c] < 0) {
        throw new IllegalArgumentException("cap of class " + c + " must be >= 0, got " + caps[c]);
      }
      byClass.add(new ArrayList<>());
    }
    for (PseudoLabel p : candidates) {
      if (p.label() < 0 || p.label() >= classes) {
        throw new IllegalArgumentException(
            "label " + p.label() + " of image " + p.index() + " is outside [0, " + classes + ")");
      }
      byClass.get(p.label()).add(p);
    }
    List<PseudoLabel> kept = new ArrayList<>();
    Comparator<PseudoLabel> mostConfident =
        Comparator.comparing(PseudoLabel::confidence, Comparator.reverseOrder())
            .thenComparingInt(PseudoLabel::index);
    for (int k = 0; k < classes; k++) {
      List<PseudoLabel> c = byClass.get(k);
      if (c.size() > caps[k]) {
        c.sort(mostConfident);
        kept.addAll(c.subList(0, caps[k]));
      } else {
        kept.addAll(c);
      }
    }
    kept.sort(Comparator.comparingInt(PseudoLabel::index));
    return kept;
  }
}
