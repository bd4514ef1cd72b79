package dev.pupil.semisup;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The selection step of Pseudo-Label (Lee 2013, ICML workshop, "Pseudo-Label") and Noisy Student
 * (Xie et al. 2020, arXiv:1911.04252, §3 "data filtering and balancing"): an image is kept when the
 * teacher's top probability reaches the confidence threshold, and with class balancing at most K
 * images per class are kept, the most confident first, ties broken by the lower pool index.
 *
 * <p>This is the one implementation: the in-JVM {@link PseudoLabeler} and the Spark engine (which
 * applies {@link #keeps} on the executors and {@link #balance} on the driver) both call it, so
 * they choose the same images. It is serializable so that it can be shipped to executors.
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
    List<List<PseudoLabel>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
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
    for (List<PseudoLabel> c : byClass) {
      if (maxPerClass > 0 && c.size() > maxPerClass) {
        c.sort(mostConfident);
        kept.addAll(c.subList(0, maxPerClass));
      } else {
        kept.addAll(c);
      }
    }
    kept.sort(Comparator.comparingInt(PseudoLabel::index));
    return kept;
  }
}
