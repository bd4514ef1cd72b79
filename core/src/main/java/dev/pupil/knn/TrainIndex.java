package dev.pupil.knn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The training matrix held once on the device, with what each metric precomputes (squared norms for
 * L2, unit rows for cosine), and the batched distance kernels. Package-private: the tensor side of
 * {@link KnnModel}.
 *
 * <p>All kernels return "keys": a query-batch × training-size matrix where smaller is nearer. For
 * L2 the key is {@code ||x||² - 2 q·x} (the query's own norm is constant along a row, so it is left
 * out of the ranking); for cosine it is {@code -q̂·x̂}; for L1 it is the distance itself.
 */
final class TrainIndex implements AutoCloseable {
  /** Most elements of one broadcast |q - x| block in L1 (64 Mi floats = 256 MiB). */
  static final long L1_BLOCK_ELEMENTS = 1L << 26;

  private final NDManager manager;
  private final Metric metric;
  private final int size;
  private final int dim;
  private final NDArray train;
  private final NDArray trainT;
  private final NDArray squaredNorms;

  TrainIndex(FeatureMatrix features, Metric metric, Device device) {
    this.manager = NDManager.newBaseManager(device);
    this.metric = metric;
    this.size = features.rows();
    this.dim = features.cols();
    try {
      NDArray raw = manager.create(features.data(), new Shape(size, dim));
      if (metric == Metric.COSINE) {
        train = raw.normalize(2, 1, 1e-12);
        raw.close();
      } else {
        train = raw;
      }
      trainT = train.transpose();
      if (metric == Metric.L2) {
        try (NDArray sq = train.square()) {
          squaredNorms = sq.sum(new int[] {1});
        }
      } else {
        squaredNorms = null;
      }
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  int size() {
    return size;
  }

  int dim() {
    return dim;
  }

  Device device() {
    return manager.getDevice();
  }

  /**
   * @return a sub-manager for one query batch; close it after the batch
   */
  NDManager newBatchManager() {
    return manager.newSubManager();
  }

  /**
   * @return the native arrays this index's manager and its open sub-managers hold
   */
  int nativeArrays() {
    return manager.getManagedArrays().size();
  }

  /**
   * Ranking keys of a query batch against every training example.
   *
   * @param q b × dim queries, owned by {@code scope}
   * @param scope the batch's manager; the result and temporaries belong to it
   * @return b × size keys, smaller is nearer
   */
  NDArray keys(NDArray q, NDManager scope) {
    return switch (metric) {
      case L2 -> q.mul(-2f).matMul(trainT).addi(squaredNorms);
      case COSINE -> q.normalize(2, 1, 1e-12).negi().matMul(trainT);
      case L1 -> l1(q, scope);
    };
  }

  /**
   * Exact distances of chosen neighbours.
   *
   * @param q b × dim queries
   * @param index b × k chosen training indices, row-major
   * @param keys their keys from {@link #keys}, row-major
   * @param k neighbours per query
   * @param scope the batch's manager
   * @return b × k distances under the metric, row-major
   */
  float[] distances(NDArray q, long[] index, float[] keys, int k, NDManager scope) {
    switch (metric) {
      case L1:
        return keys.clone();
      case COSINE:
        float[] d = new float[keys.length];
        for (int i = 0; i < d.length; i++) {
          d[i] = Math.max(0f, 1f + keys[i]);
        }
        return d;
      default:
        // L2: direct ||q - x|| for the chosen few, as the expansion loses precision near 0.
        NDArray rows = train.get(new NDIndex("{}", scope.create(index)));
        rows.attach(scope);
        NDArray diff = rows.reshape(-1, k, dim).subi(q.expandDims(1));
        return diff.square().sum(new int[] {2}).sqrt().toFloatArray();
    }
  }

  private NDArray l1(NDArray q, NDManager scope) {
    long b = q.getShape().get(0);
    int cols = (int) Math.max(1, Math.min(size, L1_BLOCK_ELEMENTS / (b * dim)));
    long qRows = Math.max(1, Math.min(b, L1_BLOCK_ELEMENTS / ((long) cols * dim)));
    NDList rowBlocks = new NDList();
    for (long r0 = 0; r0 < b; r0 += qRows) {
      long r1 = Math.min(b, r0 + qRows);
      NDList colBlocks = new NDList();
      for (int c0 = 0; c0 < size; c0 += cols) {
        int c1 = Math.min(size, c0 + cols);
        try (NDManager block = scope.newSubManager()) {
          NDArray qs = q.get(new NDIndex("{}:{}", r0, r1));
          qs.attach(block);
          NDArray xs = train.get(new NDIndex("{}:{}", c0, c1));
          xs.attach(block);
          NDArray sum = qs.expandDims(1).sub(xs).abs().sum(new int[] {2});
          sum.attach(scope);
          colBlocks.add(sum);
        }
      }
      rowBlocks.add(colBlocks.size() == 1 ? colBlocks.get(0) : NDArrays.concat(colBlocks, 1));
    }
    return rowBlocks.size() == 1 ? rowBlocks.get(0) : NDArrays.concat(rowBlocks, 0);
  }

  @Override
  public void close() {
    manager.close();
  }
}
