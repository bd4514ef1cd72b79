package dev.pupil.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import dev.pupil.models.ClassifierModel;
import dev.pupil.train.BatchSource;
import dev.pupil.train.LabeledImages;
import dev.pupil.train.TrainBatch;

/**
 * Feature caching for approach 1: the frozen backbone runs once over the training images (in
 * inference mode), and the head then trains on batches of these embeddings instead of images — as
 * DL4J's {@code TransferLearningHelper.featurize} does. Each epoch costs one small matrix product
 * per batch instead of a pass through the backbone. Batches come in the same order as {@link
 * LabeledImages} would give the images.
 */
public final class CachedFeatures implements BatchSource {
  private final float[][] features;
  private final int[] labels;
  private final int batchSize;
  private final int dim;
  private int[] order;

  /**
   * @param features one embedding per image, all of the same length
   * @param labels the images' labels
   * @param batchSize rows per batch
   */
  public CachedFeatures(float[][] features, int[] labels, int batchSize) {
    if (features.length != labels.length) {
      throw new IllegalArgumentException(
          features.length + " feature rows but " + labels.length + " labels");
    }
    if (features.length < 2) {
      throw new BadInputException(
          "training needs at least 2 labeled images, got " + features.length);
    }
    this.features = features;
    this.labels = labels.clone();
    this.batchSize = Math.min(batchSize, features.length);
    this.dim = features[0].length;
    this.order = LabeledImages.epochOrder(features.length, 0, 0);
  }

  /**
   * Runs the backbone of a model once over labeled images.
   *
   * @param model the model whose backbone is frozen
   * @param images fully labeled images of the model's shape
   * @param batchSize rows per training batch
   * @param evalBatch images per forward pass while caching
   * @return the cached features
   */
  public static CachedFeatures compute(
      ClassifierModel model, ImageSet images, int batchSize, int evalBatch) {
    if (!images.fullyLabeled()) {
      throw new BadInputException("training images must all be labeled");
    }
    return new CachedFeatures(model.embeddings(images, evalBatch), images.labels(), batchSize);
  }

  /**
   * @return the embedding length
   */
  public int dimension() {
    return dim;
  }

  @Override
  public int batchesPerEpoch() {
    return LabeledImages.batchCount(features.length, batchSize);
  }

  @Override
  public int imagesPerEpoch() {
    return Math.min(features.length, batchesPerEpoch() * batchSize);
  }

  @Override
  public void startEpoch(long seed, int epoch) {
    order = LabeledImages.epochOrder(features.length, seed, epoch);
  }

  @Override
  public TrainBatch batch(int index, NDManager manager) {
    int start = index * batchSize;
    int n = Math.min(batchSize, features.length - start);
    float[] x = new float[n * dim];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      int k = order[start + i];
      System.arraycopy(features[k], 0, x, i * dim, dim);
      y[i] = labels[k];
    }
    NDArray in = manager.create(x, new Shape(n, dim));
    return new TrainBatch(in, manager.create(y), y);
  }
}
