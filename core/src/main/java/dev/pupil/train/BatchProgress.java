package dev.pupil.train;

/**
 * Where an epoch stands after one of its batches, for {@link TrainingLoop.Listener#onBatch(
 * BatchProgress)}. Built from what the loop already has on the host (the batch's loss is read for
 * the divergence check anyway), so it costs no extra device synchronization.
 *
 * @param epoch the epoch, from 1
 * @param batch the batch, from 1
 * @param batches batches in the epoch
 * @param images images trained on so far in this epoch
 * @param imagesPerEpoch the source's count of images in one epoch ({@link
 *     BatchSource#imagesPerEpoch()}; for sources that cycle a part, an estimate)
 * @param loss this batch's total loss
 * @param meanLoss the epoch's running mean of the total loss, per image
 * @param seconds wall time since the epoch's first batch started
 */
public record BatchProgress(
    int epoch,
    int batch,
    int batches,
    long images,
    long imagesPerEpoch,
    double loss,
    double meanLoss,
    double seconds) {

  /**
   * @return whether this is the epoch's last batch
   */
  public boolean last() {
    return batch == batches;
  }

  /**
   * @return images per second so far in the epoch, or NaN before any time has passed
   */
  public double imagesPerSecond() {
    return seconds > 0 ? images / seconds : Double.NaN;
  }

  /**
   * @return the images of the epoch: the source's count, or the images done when more (an estimated
   *     count), or at the last batch
   */
  public long total() {
    return last() ? images : Math.max(images, imagesPerEpoch);
  }

  /**
   * @return seconds left in the epoch's batches at the rate so far, or NaN before any images
   */
  public double secondsLeft() {
    return images > 0 ? seconds / images * (total() - images) : Double.NaN;
  }
}
