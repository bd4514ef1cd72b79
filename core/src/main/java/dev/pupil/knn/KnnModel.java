package dev.pupil.knn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A fitted k-nearest-neighbour classifier (Cover &amp; Hart, "Nearest neighbor pattern
 * classification", IEEE Trans. Inf. Theory 13(1), 1967): the training matrix, held once on the
 * device, and its labels. Made by {@link KnnClassifier#fit}; it never changes.
 *
 * <p>Search is exact: queries go to the device in batches of {@link KnnConfig#queryBatch()}, each
 * batch's distances to every training example are computed as one tensor program (a matrix product
 * for L2 and cosine), and the engine's top-k picks candidates that are then made deterministic
 * (equal distances in increasing training index; see {@link KnnResult}). Results do not depend on
 * the batch size. Each batch runs in its own sub-manager, so native memory stays flat.
 *
 * <p>Holds native memory: close it. {@link #predict} may be called repeatedly, from one thread at a
 * time.
 */
public final class KnnModel implements AutoCloseable {
  private final KnnConfig config;
  private final TrainIndex index;
  private final int[] labels;
  private final int numClasses;
  private volatile boolean closed;

  KnnModel(KnnConfig config, FeatureMatrix features, int[] labels, int numClasses, Device device) {
    this.config = config;
    this.labels = labels.clone();
    this.numClasses = numClasses;
    this.index = new TrainIndex(features, config.metric(), device);
  }

  /**
   * @return the hyperparameters this model was fitted with
   */
  public KnnConfig config() {
    return config;
  }

  /**
   * @return the number of training examples
   */
  public int size() {
    return index.size();
  }

  /**
   * @return the feature dimension queries must have
   */
  public int dim() {
    return index.dim();
  }

  /**
   * @return the number of classes
   */
  public int numClasses() {
    return numClasses;
  }

  /**
   * @return the device holding the training matrix
   */
  public Device device() {
    return index.device();
  }

  /**
   * Classifies queries.
   *
   * @param queries m × {@link #dim()} features, row-major
   * @param m the number of queries
   * @return one result per query, in order
   * @throws IllegalArgumentException when the shape disagrees with {@code m} and {@link #dim()} or
   *     a value is not finite
   */
  public List<KnnResult> predict(float[] queries, int m) {
    return predict(new FeatureMatrix(queries, m, dim()));
  }

  /**
   * Classifies queries.
   *
   * @param queries one row per query, {@link #dim()} columns
   * @return one result per query, in order
   * @throws IllegalArgumentException when the column count is not {@link #dim()}
   * @throws IllegalStateException when the model is closed
   */
  public List<KnnResult> predict(FeatureMatrix queries) {
    Objects.requireNonNull(queries, "queries");
    if (closed) {
      throw new IllegalStateException("this KnnModel is closed");
    }
    if (queries.cols() != dim()) {
      throw new IllegalArgumentException(
          "queries have " + queries.cols() + " features, the model expects " + dim());
    }
    List<KnnResult> out = new ArrayList<>(queries.rows());
    int batch = config.queryBatch();
    for (int start = 0; start < queries.rows(); start += batch) {
      int b = Math.min(batch, queries.rows() - start);
      predictBatch(queries, start, b, out);
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Classifies queries and returns only the labels.
   *
   * @param queries one row per query, {@link #dim()} columns
   * @return the predicted label of each query
   */
  public int[] predictLabels(FeatureMatrix queries) {
    return predict(queries).stream().mapToInt(KnnResult::label).toArray();
  }

  private void predictBatch(FeatureMatrix queries, int start, int b, List<KnnResult> out) {
    int k = config.k();
    int d = dim();
    int kk = Math.min(k + 1, size());
    float[] slice = Arrays.copyOfRange(queries.data(), start * d, (start + b) * d);
    try (NDManager scope = index.newBatchManager()) {
      NDArray q = scope.create(slice, new Shape(b, d));
      NDArray keys = index.keys(q, scope);
      NDList top = keys.topK(kk, 1, false, true);
      float[] topKeys = top.get(0).toFloatArray();
      long[] topIndex = top.get(1).toLongArray();
      long[] nbIndex = new long[b * k];
      float[] nbKeys = new float[b * k];
      Neighbours.select(topKeys, topIndex, kk, k, r -> keys.get(r).toFloatArray(), nbIndex, nbKeys);
      float[] dist = index.distances(q, nbIndex, nbKeys, k, scope);
      for (int r = 0; r < b; r++) {
        Neighbours.sortByKeyThenIndex(dist, nbIndex, r * k, k);
        out.add(
            Votes.vote(
                nbIndex, dist, r * k, k, labels, numClasses, config.vote(), config.epsilon()));
      }
    }
  }

  /**
   * @return native arrays the model's manager holds now; for leak checks in tests
   */
  int nativeArrays() {
    return index.nativeArrays();
  }

  /** Frees the training matrix. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      index.close();
    }
  }

  @Override
  public String toString() {
    return "KnnModel["
        + config
        + ", "
        + size()
        + " × "
        + dim()
        + ", "
        + numClasses
        + " classes, "
        + device()
        + "]";
  }
}
