package dev.pupil.semisup;

import dev.pupil.data.ImageSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far the classes of a round's kept pseudo-labels are from the labeled images' classes, and
 * whether they collapsed onto a few classes (a teacher that is weak on some classes predicts the
 * others for them, the student learns that and, as the next teacher, narrows it further).
 *
 * <p>The distance is the total variation {@code TV = ½ Σ_c |q_c − p_c|} between the kept
 * pseudo-labels' class shares {@code q} and the labeled shares {@code p}: the fraction of
 * pseudo-labels that would have to change class to match the labeled distribution, in [0, 1].
 * Unlike the KL divergence it stays finite when a class gets no pseudo-label at all, which is the
 * very case to catch, and it reads directly ("0.4: 40% of the pseudo-labels are in excess
 * classes"). A round is flagged as collapsed when either
 *
 * <ul>
 *   <li>{@code TV > 0.3} with at least 10 kept images per class on average (below that, random
 *       sampling alone moves TV towards 0.3: a balanced sample of 50 over 10 classes has an
 *       expected TV of about 0.17), or
 *   <li>a class expected to get at least 16 images ({@code N · p_c ≥ 16}) gets fewer than a quarter
 *       of them (with 16 expected, a sample that follows the labeled classes leaves 3 or fewer with
 *       probability about 10⁻⁴): one starved class among ten moves TV by 0.1 at most, so TV alone
 *       misses it.
 * </ul>
 *
 * A healthy pool, whose kept labels follow the labeled classes up to sampling noise, is not
 * flagged; the reported case (ten classes, a teacher at 44% whose pseudo-labels went mostly to a
 * few classes) is, by both rules.
 *
 * @param confidentPerClass images per class whose top probability reached the threshold, before any
 *     cap (the teacher's own distribution)
 * @param capPerClass the most images each capped class could keep (uncapped classes left out), or
 *     null when no class was capped
 * @param totalVariation TV between the kept shares and the labeled shares, or null when nothing was
 *     kept
 * @param lowestShare the lowest {@code q_c / p_c} among the classes expected to get at least 16
 *     images, or null when none is
 * @param lowestClass the class of {@code lowestShare}, or null
 * @param collapsed whether either rule above flags the kept pseudo-labels
 */
public record ClassBalance(
    Map<String, Integer> confidentPerClass,
    Map<String, Integer> capPerClass,
    Double totalVariation,
    Double lowestShare,
    String lowestClass,
    boolean collapsed) {
  /** TV above which kept pseudo-labels are collapsed. */
  public static final double MAX_TOTAL_VARIATION = 0.3;

  /** A class getting less than this fraction of its expected images is starved. */
  public static final double MIN_SHARE = 0.25;

  /** Kept images per class, on average, from which the TV rule applies. */
  static final int TV_MIN_PER_CLASS = 10;

  /** Expected images from which the starved-class rule applies to a class. */
  static final int SHARE_MIN_EXPECTED = 16;

  /**
   * The labeled images' class shares.
   *
   * @param labeled labeled images
   * @return one share per class, summing to 1 (uniform when the set is empty)
   */
  public static double[] prior(ImageSet labeled) {
    int classes = labeled.classes().size();
    double[] p = new double[classes];
    int n = 0;
    for (int i = 0; i < labeled.size(); i++) {
      int y = labeled.label(i);
      if (y >= 0 && y < classes) {
        p[y]++;
        n++;
      }
    }
    for (int c = 0; c < classes; c++) {
      p[c] = n == 0 ? 1.0 / classes : p[c] / n;
    }
    return p;
  }

  /**
   * The balanced caps: class {@code c} keeps at most {@code ceil(M · p_c)} images, M being the
   * images that passed the threshold in all. A class the teacher over-predicts is cut to its
   * labeled share of what would have been kept, its most confident first (Noisy Student's
   * balancing, Xie et al. 2020, arXiv:1911.04252, §3, with K per class set from the labeled
   * distribution instead of a fixed number); a class with fewer confident images keeps them all
   * (Noisy Student also duplicates those, which with a few hundred images would repeat the
   * teacher's rare, least reliable predictions). A class absent from the labeled images is not
   * capped (its share is unknown).
   *
   * @param confident images per class that passed the threshold
   * @param prior the labeled class shares
   * @return one cap per class
   */
  public static int[] shareCaps(int[] confident, double[] prior) {
    checkLengths(confident, prior);
    long total = 0;
    for (int n : confident) {
      total += n;
    }
    int[] caps = new int[confident.length];
    for (int c = 0; c < caps.length; c++) {
      // The small epsilon keeps an exact share (e.g. 0.1 · 40 = 4.000000000000001) from
      // rounding up to one image more.
      caps[c] =
          prior[c] <= 0
              ? Integer.MAX_VALUE
              : (int) Math.min(Integer.MAX_VALUE, Math.ceil(total * prior[c] - 1e-9));
    }
    return caps;
  }

  /**
   * @param counts images per class
   * @param prior the labeled class shares
   * @return ½ Σ |q_c − p_c|, or NaN when {@code counts} is all zero
   */
  public static double totalVariation(int[] counts, double[] prior) {
    checkLengths(counts, prior);
    long n = 0;
    for (int k : counts) {
      n += k;
    }
    if (n == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int c = 0; c < counts.length; c++) {
      sum += Math.abs((double) counts[c] / n - prior[c]);
    }
    return sum / 2;
  }

  /**
   * Measures kept pseudo-labels against the labeled distribution.
   *
   * @param kept kept images per class
   * @param confident images per class that passed the threshold, before any cap
   * @param caps each class's cap, or null for none
   * @param prior the labeled class shares
   * @param classes the class names
   * @return the statistics and the collapse flag
   */
  public static ClassBalance measure(
      int[] kept, int[] confident, int[] caps, double[] prior, List<String> classes) {
    checkLengths(kept, prior);
    checkLengths(confident, prior);
    long n = 0;
    for (int k : kept) {
      n += k;
    }
    double tv = totalVariation(kept, prior);
    Double lowest = null;
    String lowestClass = null;
    for (int c = 0; c < kept.length; c++) {
      double expected = n * prior[c];
      if (prior[c] > 0 && expected >= SHARE_MIN_EXPECTED) {
        double share = kept[c] / expected;
        if (lowest == null || share < lowest) {
          lowest = share;
          lowestClass = classes.get(c);
        }
      }
    }
    boolean collapsed =
        (n >= (long) TV_MIN_PER_CLASS * kept.length && tv > MAX_TOTAL_VARIATION)
            || (lowest != null && lowest < MIN_SHARE);
    boolean anyCap = false;
    if (caps != null) {
      for (int cap : caps) {
        anyCap |= cap != Integer.MAX_VALUE;
      }
    }
    return new ClassBalance(
        byName(confident, classes),
        anyCap ? byName(caps, classes) : null,
        Double.isNaN(tv) ? null : tv,
        lowest,
        lowestClass,
        collapsed);
  }

  private static Map<String, Integer> byName(int[] counts, List<String> classes) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] != Integer.MAX_VALUE) {
        m.put(classes.get(c), counts[c]);
      }
    }
    return m;
  }

  private static void checkLengths(int[] counts, double[] prior) {
    if (counts.length != prior.length) {
      throw new IllegalArgumentException(
          counts.length + " class counts for " + prior.length + " class shares");
    }
  }
}
