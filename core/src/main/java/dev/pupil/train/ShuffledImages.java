package dev.pupil.train;

import dev.pupil.data.ImageSet;

/**
 * What every batch source over one image set shares: the epoch's order (reshuffled at each {@link
 * #startEpoch} from the run's seed and the epoch alone, {@link LabeledImages#epochOrder}), batches
 * of {@code batchSize} in that order, and the last batch kept when it holds at least two images
 * ({@link LabeledImages#batchCount}). Subclasses build the batches.
 */
public abstract class ShuffledImages implements BatchSource {
  /** The images, in set order. */
  protected final ImageSet images;

  /** Images per batch, at most the set's size. */
  protected final int batchSize;

  private int[] order;
  private long seed;
  private int epoch;

  /**
   * @param images the images
   * @param batchSize images per batch, &gt;= 1 (capped at the set's size)
   */
  protected ShuffledImages(ImageSet images, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    this.images = images;
    this.batchSize = Math.min(batchSize, images.size());
    this.order = LabeledImages.epochOrder(images.size(), 0, 0);
  }

  @Override
  public int batchesPerEpoch() {
    return LabeledImages.batchCount(images.size(), batchSize);
  }

  @Override
  public int imagesPerEpoch() {
    return Math.min(images.size(), batchesPerEpoch() * batchSize);
  }

  @Override
  public void startEpoch(long seed, int epoch) {
    this.seed = seed;
    this.epoch = epoch;
    this.order = LabeledImages.epochOrder(images.size(), seed, epoch);
  }

  /**
   * @return the current epoch's order of set indices (shared: do not change it)
   */
  protected final int[] order() {
    return order;
  }

  /**
   * @return the seed of the current epoch's {@link #startEpoch}
   */
  protected final long seed() {
    return seed;
  }

  /**
   * @return the current epoch, from 0
   */
  protected final int epoch() {
    return epoch;
  }

  /**
   * @param index batch index
   * @return the position in the epoch's order of the batch's first image
   */
  protected final int start(int index) {
    return index * batchSize;
  }

  /**
   * @param index batch index
   * @return how many images the batch holds
   */
  protected final int size(int index) {
    return Math.min(batchSize, images.size() - start(index));
  }

  /**
   * @param index batch index
   * @return the set indices of the batch's images, in the epoch's order
   */
  protected final int[] indices(int index) {
    int start = start(index);
    int[] idx = new int[size(index)];
    System.arraycopy(order, start, idx, 0, idx.length);
    return idx;
  }
}
