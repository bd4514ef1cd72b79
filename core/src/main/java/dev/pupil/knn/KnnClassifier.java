package dev.pupil.knn;

import ai.djl.Device;
import java.util.Objects;

/**
 * Trainer for the k-nearest-neighbour classifier (Cover &amp; Hart, "Nearest neighbor pattern
 * classification", IEEE Trans. Inf. Theory 13(1), 1967). "Fitting" k-NN is storing the training
 * set; {@link #fit} puts it on the device and returns an immutable {@link KnnModel}.
 *
 * <pre>{@code
 * KnnClassifier knn = KnnClassifier.builder().optK(5).optMetric(Metric.COSINE).build();
 * try (KnnModel model = knn.fit(PixelFeatures.of(train), train.labels(), 10)) {
 *   List<KnnResult> results = model.predict(PixelFeatures.of(test));
 * }
 * }</pre>
 */
public final class KnnClassifier {
  private final KnnConfig config;
  private final Device device;

  private KnnClassifier(KnnConfig config, Device device) {
    this.config = config;
    this.device = device;
  }

  /**
   * @return a builder with k = 5, L2, majority vote, 256 queries per batch, the default device
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the hyperparameters
   */
  public KnnConfig config() {
    return config;
  }

  /**
   * Stores a training set.
   *
   * @param features n × dim, row-major
   * @param n the number of training examples
   * @param dim the feature dimension
   * @param labels one per example, in [0, numClasses)
   * @param numClasses the number of classes
   * @return the model; close it
   * @throws IllegalArgumentException when shapes disagree, a label is out of range, or k exceeds n
   */
  public KnnModel fit(float[] features, int n, int dim, int[] labels, int numClasses) {
    return fit(new FeatureMatrix(features, n, dim), labels, numClasses);
  }

  /**
   * Stores a training set.
   *
   * @param features one row per training example
   * @param labels one per example, in [0, numClasses)
   * @param numClasses the number of classes
   * @return the model; close it
   * @throws IllegalArgumentException when sizes disagree, a label is out of range, or k exceeds the
   *     number of examples
   */
  public KnnModel fit(FeatureMatrix features, int[] labels, int numClasses) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
    }
    if (labels.length != features.rows()) {
      throw new IllegalArgumentException(
          "labels has " + labels.length + " entries for " + features.rows() + " examples");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "labels[" + i + "] is " + labels[i] + ", outside [0, " + numClasses + ")");
      }
    }
    if (config.k() > features.rows()) {
      throw new IllegalArgumentException(
          "k must be <= the number of training examples ("
              + features.rows()
              + "), got "
              + config.k());
    }
    return new KnnModel(config, features, labels, numClasses, device);
  }

  /** Builds a {@link KnnClassifier}; every setting is optional. */
  public static final class Builder {
    private int k = 5;
    private Metric metric = Metric.L2;
    private Vote vote = Vote.MAJORITY;
    private int queryBatch = 256;
    private double epsilon = 1e-6;
    private Device device;

    private Builder() {}

    /**
     * @param k neighbours per query, {@code >= 1}; default 5
     * @return this builder
     */
    public Builder optK(int k) {
      this.k = k;
      return this;
    }

    /**
     * @param metric the distance; default {@link Metric#L2}
     * @return this builder
     */
    public Builder optMetric(Metric metric) {
      this.metric = metric;
      return this;
    }

    /**
     * @param vote how neighbours vote; default {@link Vote#MAJORITY}
     * @return this builder
     */
    public Builder optVote(Vote vote) {
      this.vote = vote;
      return this;
    }

    /**
     * @param queryBatch queries per device step, {@code >= 1}; default 256. Memory per step is
     *     about 4 × queryBatch × training size bytes; results do not depend on it
     * @return this builder
     */
    public Builder optQueryBatch(int queryBatch) {
      this.queryBatch = queryBatch;
      return this;
    }

    /**
     * @param epsilon added to distances in {@link Vote#DISTANCE}, {@code > 0}; default 1e-6
     * @return this builder
     */
    public Builder optEpsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /**
     * @param device where the training matrix lives and distances are computed; default: the
     *     engine's default device
     * @return this builder
     */
    public Builder optDevice(Device device) {
      this.device = device;
      return this;
    }

    /**
     * @return the classifier
     * @throws IllegalArgumentException naming the first invalid setting and its value
     */
    public KnnClassifier build() {
      if (metric == null) {
        throw new IllegalArgumentException("metric must not be null");
      }
      if (vote == null) {
        throw new IllegalArgumentException("vote must not be null");
      }
      return new KnnClassifier(new KnnConfig(k, metric, vote, queryBatch, epsilon), device);
    }
  }
}
