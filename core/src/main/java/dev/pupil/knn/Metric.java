package dev.pupil.knn;

/**
 * How far a query is from a training example. Every metric is computed exactly (no approximate
 * index); a smaller distance is a nearer neighbour.
 */
public enum Metric {
  /**
   * Euclidean distance {@code ||q - x||}. Searched through the expansion {@code ||q||² - 2 q·x +
   * ||x||²} (one matrix product per query batch); the reported distances of the chosen neighbours
   * are recomputed directly from {@code q - x}, so that a duplicate of a training example reads 0.
   */
  L2,
  /**
   * Manhattan distance {@code Σ |q_i - x_i|}, computed in bounded chunks of broadcast differences.
   */
  L1,
  /**
   * Cosine distance {@code 1 - q·x / (||q|| ||x||)}, in [0, 2]; a zero vector is at distance 1 from
   * everything.
   */
  COSINE
}
