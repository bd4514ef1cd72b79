package dev.pupil.knn;

import java.util.Objects;

/**
 * The hyperparameters of a k-NN classifier (Cover &amp; Hart 1967), kept by every model it fits.
 *
 * @param k the number of neighbours, {@code >= 1} (and at most the training size, checked at fit)
 * @param metric the distance
 * @param vote how neighbours' labels are combined
 * @param queryBatch queries searched together on the device, {@code >= 1}; bounds the memory of one
 *     step (queryBatch × training size floats) without changing any result
 * @param epsilon added to distances before inverting them in {@link Vote#DISTANCE}, {@code > 0}
 */
public record KnnConfig(int k, Metric metric, Vote vote, int queryBatch, double epsilon) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException naming the field and the bad value
   */
  public KnnConfig {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(vote, "vote");
    if (queryBatch < 1) {
      throw new IllegalArgumentException("queryBatch must be >= 1, got " + queryBatch);
    }
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
    }
  }
}
