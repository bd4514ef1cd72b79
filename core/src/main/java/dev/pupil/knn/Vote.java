package dev.pupil.knn;

/**
 * How the k neighbours' labels become a prediction. In both, a tie between classes goes to the
 * class of the nearest neighbour among the tied classes, so predictions are deterministic.
 */
public enum Vote {
  /** One vote per neighbour; a class's score is its share of the k votes. */
  MAJORITY,
  /**
   * Inverse-distance weighting: a neighbour at distance d votes with weight {@code 1 / (d +
   * epsilon)}; a class's score is its share of the total weight.
   */
  DISTANCE
}
