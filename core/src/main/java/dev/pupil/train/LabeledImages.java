package dev.pupil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;

/**
 * Batches of labeled images, reshuffled every epoch. The last batch is kept when it has at least
 * two images (batch norm needs two), as PyTorch's default {@code drop_last=False}.
 */
public final class LabeledImages extends ShuffledImages {
  private static final long STREAM = 1;

  private final Normalization normalization;

  /** Reused for every batch: the normalized pixels. */
  private final float[] buffer;

  /** Reused for every batch: the native copy the engine's tensor is made on. */
  private final StagingBuffer direct;

  /**
   * @param images fully labeled images
   * @param normalization the preprocessing
   * @param batchSize images per batch
   */
  public LabeledImages(ImageSet images, Normalization normalization, int batchSize) {
    super(requireTrainable(images), batchSize);
    this.normalization = normalization;
    this.buffer = new float[this.batchSize * images.imageBytes()];
    this.direct = new StagingBuffer(buffer.length);
  }

  /** Checks that a set can be trained on: fully labeled, at least 2 images; returns it. */
  static ImageSet requireTrainable(ImageSet images) {
    if (!images.fullyLabeled()) {
      throw new BadInputException("training images must all be labeled");
    }
    if (images.size() < 2) {
      throw new BadInputException("training needs at least 2 labeled images, got " + images.size());
    }
    return images;
  }

  /**
   * @param images images (or feature rows) per epoch
   * @param batchSize rows per batch
   * @return batches per epoch: full ones, plus the rest when it holds at least 2 images
   */
  public static int batchCount(int images, int batchSize) {
    int full = images / batchSize;
    return images % batchSize >= 2 ? full + 1 : full;
  }

  /**
   * The order every labeled source shares, so that a head trained on cached features sees the
   * images in the same order as one trained through the frozen backbone.
   *
   * @param images images (or feature rows)
   * @param seed the run's seed
   * @param epoch the epoch, from 0
   * @return the epoch's order of image indices, from the run's seed and the epoch alone
   */
  public static int[] epochOrder(int images, long seed, int epoch) {
    return Seeds.permutation(images, Seeds.random(Seeds.derive(seed, STREAM, epoch)));
  }

  @Override
  public TrainBatch batch(int index, NDManager manager) {
    int[] idx = indices(index);
    int n = idx.length;
    normalization.applyBatch(images, idx, buffer);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = images.label(idx[i]);
    }
    Shape shape = new Shape(n, images.channels(), images.height(), images.width());
    // Safe to reuse: the batch's tensors are closed before the next batch is built.
    NDArray in = direct.upload(manager, buffer, shape);
    NDArray target = manager.create(labels);
    return new TrainBatch(in, target, labels);
  }
}
