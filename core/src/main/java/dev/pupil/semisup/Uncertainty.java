package dev.pupil.semisup;

import java.util.Locale;

/**
 * How uncertain a classifier is about one image, from its class probabilities: the query strategies
 * of uncertainty sampling in active learning (Settles 2009, "Active Learning Literature Survey",
 * University of Wisconsin–Madison CS Technical Report 1648, §3.1). A table of scoring functions;
 * {@link #moreUncertain(double, double)} says which way a score sorts.
 *
 * <ul>
 *   <li>{@link #ENTROPY}: {@code −Σ p log p} (natural log), highest first; 0 for a one-hot
 *       prediction, {@code log C} for a uniform one.
 *   <li>{@link #MARGIN}: {@code p1 − p2}, the top probability minus the second, smallest first.
 *   <li>{@link #LEAST_CONFIDENCE}: {@code 1 − p1}, highest first.
 * </ul>
 */
public enum Uncertainty {
  /** Shannon entropy of the prediction, highest first. */
  ENTROPY("entropy", true) {
    @Override
    public double score(float[] p) {
      double h = 0;
      for (float v : p) {
        if (v > 0) {
          h -= v * Math.log(v);
        }
      }
      return h;
    }
  },
  /** Margin between the two most probable classes, smallest first. */
  MARGIN("margin", false) {
    @Override
    public double score(float[] p) {
      float[] top = topTwo(p);
      return top[0] - top[1];
    }
  },
  /** One minus the top probability, highest first. */
  LEAST_CONFIDENCE("least-confidence", true) {
    @Override
    public double score(float[] p) {
      return 1.0 - topTwo(p)[0];
    }
  };

  private final String cliName;
  private final boolean highestFirst;

  Uncertainty(String cliName, boolean highestFirst) {
    this.cliName = cliName;
    this.highestFirst = highestFirst;
  }

  /**
   * @param probabilities one image's class probabilities (summing to 1)
   * @return its score under this strategy
   */
  public abstract double score(float[] probabilities);

  /**
   * @return the name on the command line, e.g. {@code least-confidence}
   */
  public String cliName() {
    return cliName;
  }

  /**
   * @return whether a higher score means more uncertain (entropy, least confidence)
   */
  public boolean highestFirst() {
    return highestFirst;
  }

  /**
   * @param a one score
   * @param b another
   * @return whether {@code a} is strictly more uncertain than {@code b}
   */
  public boolean moreUncertain(double a, double b) {
    return highestFirst ? a > b : a < b;
  }

  /**
   * @param name a {@link #cliName()}, case-insensitive
   * @return the strategy
   * @throws IllegalArgumentException naming the unknown name and the known ones
   */
  public static Uncertainty parse(String name) {
    for (Uncertainty u : values()) {
      if (u.cliName.equalsIgnoreCase(name.strip())) {
        return u;
      }
    }
    throw new IllegalArgumentException(
        "unknown uncertainty '" + name + "'; known: entropy, margin, least-confidence");
  }

  /**
   * @param p probabilities, at least one
   * @return the largest and the second largest (0 when there is one class)
   */
  static float[] topTwo(float[] p) {
    float first = Float.NEGATIVE_INFINITY;
    float second = Float.NEGATIVE_INFINITY;
    for (float v : p) {
      if (v > first) {
        second = first;
        first = v;
      } else if (v > second) {
        second = v;
      }
    }
    return new float[] {first, p.length > 1 ? second : 0f};
  }

  @Override
  public String toString() {
    return cliName.toLowerCase(Locale.ROOT);
  }
}
