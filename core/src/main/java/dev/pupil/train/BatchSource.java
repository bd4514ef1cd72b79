package dev.pupil.train;

import ai.djl.ndarray.NDManager;

/**
 * Where the training loop's batches come from. A source reshuffles deterministically at the start
 * of each epoch (from the run's seed and the epoch number alone, so that a resumed run sees the
 * same order) and builds batch {@code i} on request. Later sources combine labeled, pseudo-labeled
 * and unlabeled images.
 *
 * <p>A source may hold threads preparing batches ahead (augmentation): whoever makes a source
 * closes it, in a try-with-resources; closing one that holds nothing does nothing.
 */
public interface BatchSource extends AutoCloseable {
  /**
   * @return the number of batches in one epoch
   */
  int batchesPerEpoch();

  /**
   * @return the number of images in one epoch
   */
  int imagesPerEpoch();

  /**
   * Fixes this epoch's order.
   *
   * @param seed the run's seed
   * @param epoch the epoch, from 0
   */
  void startEpoch(long seed, int epoch);

  /**
   * Builds one batch. Its arrays may share native memory with the source (a reused buffer): they
   * are valid until the next call, by which time the loop has closed them.
   *
   * @param index batch index in [0, batchesPerEpoch())
   * @param manager the batch's manager, closed after the step
   * @return the batch
   */
  TrainBatch batch(int index, NDManager manager);

  /** Stops whatever the source runs in the background; by default there is nothing to stop. */
  @Override
  default void close() {}
}
