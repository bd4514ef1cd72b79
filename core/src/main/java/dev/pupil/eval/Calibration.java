package dev.pupil.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * How well a classifier's confidence matches its accuracy (Guo et al. 2017, "On Calibration of
 * Modern Neural Networks", ICML): predictions are grouped into M equal-width bins of confidence
 * (the top softmax probability), bin m holding confidences in ((m − 1)/M, m/M] (a confidence of 0
 * goes to the first bin). For each bin, accuracy and mean confidence are compared:
 *
 * <ul>
 *   <li>expected calibration error ECE = Σ_m (|B_m| / n) · |acc(B_m) − conf(B_m)|;
 *   <li>maximum calibration error MCE = max over non-empty bins of |acc(B_m) − conf(B_m)|.
 * </ul>
 *
 * A perfectly calibrated model has ECE = MCE = 0. The bins are what a reliability diagram draws.
 *
 * @param ece expected calibration error, in [0, 1] (0 with no predictions)
 * @param mce maximum calibration error, in [0, 1] (0 with no predictions)
 * @param bins the M bins in increasing order of confidence, empty ones included
 */
public record Calibration(double ece, double mce, List<Bin> bins) {
  /** Guo et al. use M = 15 bins. */
  public static final int DEFAULT_BINS = 15;

  /**
   * One confidence bin.
   *
   * @param lo lower edge (exclusive, except 0 for the first bin)
   * @param hi upper edge (inclusive)
   * @param count how many predictions fall in it
   * @param confidence their mean confidence (0 when the bin is empty)
   * @param accuracy the fraction of them that is correct (0 when the bin is empty)
   */
  public record Bin(double lo, double hi, int count, double confidence, double accuracy) {}

  /** Copies the bins. */
  public Calibration {
    bins = List.copyOf(bins);
  }

  /**
   * Calibration of a classifier's top-1 predictions: confidence is the largest softmax probability
   * of each row of logits, the prediction its argmax (first on ties).
   *
   * @param logits N × C logits
   * @param labels N labels in [0, C)
   * @param bins M, the number of equal-width bins (≥ 1)
   * @return ECE, MCE and the bins
   */
  public static Calibration of(float[][] logits, int[] labels, int bins) {
    if (logits.length != labels.length) {
      throw new IllegalArgumentException(
          logits.length + " predictions for " + labels.length + " labels");
    }
    double[] confidence = new double[labels.length];
    boolean[] correct = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      float[] z = logits[i];
      int pred = EvalReport.argmax(z);
      double sum = 0;
      for (float v : z) {
        sum += Math.exp((double) v - z[pred]);
      }
      confidence[i] = 1 / sum;
      correct[i] = pred == labels[i];
    }
    return of(confidence, correct, bins);
  }

  /**
   * Calibration from confidences and correctness.
   *
   * @param confidence each prediction's confidence, in [0, 1]
   * @param correct whether each prediction is right
   * @param bins M, the number of equal-width bins (≥ 1)
   * @return ECE, MCE and the bins
   */
  public static Calibration of(double[] confidence, boolean[] correct, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, got " + bins);
    }
    if (confidence.length != correct.length) {
      throw new IllegalArgumentException(
          confidence.length + " confidences for " + correct.length + " outcomes");
    }
    int[] count = new int[bins];
    double[] confSum = new double[bins];
    int[] right = new int[bins];
    for (int i = 0; i < confidence.length; i++) {
      double p = confidence[i];
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("confidence[" + i + "] must be in [0, 1], got " + p);
      }
      int m = bin(p, bins);
      count[m]++;
      confSum[m] += p;
      right[m] += correct[i] ? 1 : 0;
    }
    int n = confidence.length;
    double ece = 0;
    double mce = 0;
    List<Bin> out = new ArrayList<>(bins);
    for (int m = 0; m < bins; m++) {
      double conf = count[m] == 0 ? 0 : confSum[m] / count[m];
      double acc = count[m] == 0 ? 0 : (double) right[m] / count[m];
      if (count[m] > 0) {
        double gap = Math.abs(acc - conf);
        ece += (double) count[m] / n * gap;
        mce = Math.max(mce, gap);
      }
      out.add(new Bin((double) m / bins, (double) (m + 1) / bins, count[m], conf, acc));
    }
    return new Calibration(ece, mce, out);
  }

  /** The bin ((m − 1)/M, m/M] that holds p, 0-based; p = 0 goes to the first. */
  static int bin(double p, int bins) {
    int m = Math.max(0, Math.min(bins - 1, (int) Math.ceil(p * bins) - 1));
    // p · M can round up past an edge (0.7 · 10 = 7.000000000000001): compare with the edge itself.
    return m > 0 && p <= (double) m / bins ? m - 1 : m;
  }
}
