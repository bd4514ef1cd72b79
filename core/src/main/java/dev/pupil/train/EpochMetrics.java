package dev.pupil.train;

import java.util.Map;

/**
 * One line of metrics.jsonl: what an epoch did.
 *
 * @param epoch the epoch, from 1
 * @param losses mean training loss terms by name
 * @param trainAccuracy training accuracy on the hard labels seen (with augmentation/dropout on)
 * @param valLoss validation cross-entropy, or NaN without a validation set
 * @param valAccuracy validation accuracy, or NaN without a validation set
 * @param lr learning rate at the epoch's last step
 * @param seconds wall time of the epoch's training steps
 * @param dataSeconds of which spent waiting for batches
 * @param imagesPerSecond training throughput
 * @param rssBytes resident memory of the process after the epoch, or -1
 * @param rates the task's {@link TrainingTask.Count}s over the epoch, hits / of, by name (empty for
 *     most tasks; null in records written before rates existed)
 */
public record EpochMetrics(
    int epoch,
    Map<String, Double> losses,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    double lr,
    double seconds,
    double dataSeconds,
    double imagesPerSecond,
    long rssBytes,
    Map<String, Double> rates) {

  /** Metrics without rates. */
  public EpochMetrics(
      int epoch,
      Map<String, Double> losses,
      double trainAccuracy,
      double valLoss,
      double valAccuracy,
      double lr,
      double seconds,
      double dataSeconds,
      double imagesPerSecond,
      long rssBytes) {
    this(
        epoch,
        losses,
        trainAccuracy,
        valLoss,
        valAccuracy,
        lr,
        seconds,
        dataSeconds,
        imagesPerSecond,
        rssBytes,
        Map.of());
  }
}
