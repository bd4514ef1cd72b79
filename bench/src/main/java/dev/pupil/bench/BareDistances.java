package dev.pupil.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.pupil.knn.FeatureMatrix;
import dev.pupil.knn.Metric;
import java.util.Arrays;

/**
 * The floor k-NN search is measured against: the full query × training distance matrix as one DJL
 * matrix-product pipeline per query batch, with no top-k, no read-back and no vote. L2 is {@code
 * ||q||² - 2 q·xᵀ + ||x||²}; cosine is {@code 1 - q̂·x̂ᵀ}.
 */
final class BareDistances implements AutoCloseable {
  private final NDManager manager;
  private final Metric metric;
  private final int dim;
  private final NDArray trainT;
  private final NDArray trainSquaredNorms;

  BareDistances(FeatureMatrix train, Metric metric) {
    if (metric != Metric.L2 && metric != Metric.COSINE) {
      throw new IllegalArgumentException("metric must be L2 or COSINE, got " + metric);
    }
    this.manager = NDManager.newBaseManager();
    this.metric = metric;
    this.dim = train.cols();
    NDArray x = manager.create(train.data(), new Shape(train.rows(), dim));
    if (metric == Metric.COSINE) {
      x = x.normalize(2, 1, 1e-12);
    }
    trainT = x.transpose();
    trainSquaredNorms = x.square().sum(new int[] {1});
  }

  /**
   * Computes every query batch's distance matrix and drops it.
   *
   * @param queries the queries
   * @param batch queries per step
   * @return a checksum (one distance per batch), so that the work cannot be skipped
   */
  double run(FeatureMatrix queries, int batch) {
    double check = 0;
    for (int start = 0; start < queries.rows(); start += batch) {
      int b = Math.min(batch, queries.rows() - start);
      float[] slice = Arrays.copyOfRange(queries.data(), start * dim, (start + b) * dim);
      try (NDManager scope = manager.newSubManager()) {
        NDArray q = scope.create(slice, new Shape(b, dim));
        NDArray d;
        if (metric == Metric.L2) {
          NDArray qn = q.square().sum(new int[] {1}, true);
          d = q.mul(-2f).matMul(trainT).addi(qn).addi(trainSquaredNorms);
        } else {
          d = q.normalize(2, 1, 1e-12).negi().matMul(trainT).addi(1f);
        }
        check += d.getFloat(0, 0);
      }
    }
    return check;
  }

  @Override
  public void close() {
    manager.close();
  }
}
