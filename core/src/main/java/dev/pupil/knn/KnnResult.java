package dev.pupil.knn;

import java.util.Arrays;
import java.util.Objects;

/**
 * The answer for one query: the predicted label, each class's vote share, and the k nearest
 * training examples, nearest first (ties in distance in increasing training index).
 *
 * <p>Arrays are copied in and out, so a result is immutable.
 *
 * @param label the predicted class
 * @param scores one per class: its share of the (possibly distance-weighted) votes; sums to 1
 * @param neighbours indices of the k nearest training examples, nearest first
 * @param distances their distances under the model's metric, non-decreasing
 */
public record KnnResult(int label, float[] scores, int[] neighbours, float[] distances) {

  /**
   * Copies the arrays and checks that they agree.
   *
   * @throws IllegalArgumentException when the label is outside the scores or the neighbour and
   *     distance counts differ
   */
  public KnnResult {
    scores = Objects.requireNonNull(scores, "scores").clone();
    neighbours = Objects.requireNonNull(neighbours, "neighbours").clone();
    distances = Objects.requireNonNull(distances, "distances").clone();
    if (label < 0 || label >= scores.length) {
      throw new IllegalArgumentException(
          "label must be in [0, " + scores.length + "), got " + label);
    }
    if (neighbours.length != distances.length) {
      throw new IllegalArgumentException(
          "neighbours has " + neighbours.length + " entries but distances has " + distances.length);
    }
  }

  /**
   * @return a copy of the class scores (vote shares)
   */
  @Override
  public float[] scores() {
    return scores.clone();
  }

  /**
   * @return a copy of the neighbour indices, nearest first
   */
  @Override
  public int[] neighbours() {
    return neighbours.clone();
  }

  /**
   * @return a copy of the neighbour distances, non-decreasing
   */
  @Override
  public float[] distances() {
    return distances.clone();
  }

  /**
   * @return the number of neighbours, k
   */
  public int k() {
    return neighbours.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KnnResult r
        && label == r.label
        && Arrays.equals(scores, r.scores)
        && Arrays.equals(neighbours, r.neighbours)
        && Arrays.equals(distances, r.distances);
  }

  @Override
  public int hashCode() {
    int h = label;
    h = 31 * h + Arrays.hashCode(scores);
    h = 31 * h + Arrays.hashCode(neighbours);
    return 31 * h + Arrays.hashCode(distances);
  }

  @Override
  public String toString() {
    return "KnnResult[label="
        + label
        + ", scores="
        + Arrays.toString(scores)
        + ", neighbours="
        + Arrays.toString(neighbours)
        + ", distances="
        + Arrays.toString(distances)
        + "]";
  }
}
