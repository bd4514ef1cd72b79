package dev.pupil.semisup;

import ai.djl.ndarray.NDManager;
import dev.pupil.augment.Augmentation;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.train.AugmentedImages;
import dev.pupil.train.BatchSource;
import dev.pupil.train.CombinedSource;
import dev.pupil.train.TrainBatch;
import java.util.Arrays;

/**
 * FixMatch's batches (Sohn et al. 2020, arXiv:2001.07685, §2.3): B labeled images with the weak
 * augmentation, and μB unlabeled images twice, weakly and strongly augmented, as {@link
 * FixMatchTask} reads them. The labeled part is an {@link AugmentedImages}; the unlabeled part is
 * {@link AugmentedImages#views} of the pool with its labels hidden (so every unlabeled row is
 * marked {@link ImageSet#UNLABELED}), view 0 weak and view 1 strong, drawn independently. The two
 * parts are joined by a {@link CombinedSource}: an epoch is a pass over whichever part needs more
 * batches, and the other cycles (as {@link SelfTrainer} combines its parts). Deterministic for a
 * seed, whatever the number of threads. Close it to stop its threads.
 */
public final class FixMatchImages implements BatchSource {
  private final AugmentedImages labeled;
  private final AugmentedImages unlabeled;
  private final CombinedSource combined;

  /**
   * @param labeled fully labeled images
   * @param pool unlabeled images (labels, if any, are ignored)
   * @param normalization the preprocessing, after augmentation
   * @param batchSize B, labeled images per batch
   * @param mu μ, unlabeled images per labeled image in a batch (each in two views)
   * @param weak the weak augmentation (labeled images and the unlabeled weak view), or null
   * @param strong the strong augmentation (the unlabeled strong view), or null
   * @param threads worker threads per part; 0 prepares batches on the caller's thread
   */
  public FixMatchImages(
      ImageSet labeled,
      ImageSet pool,
      Normalization normalization,
      int batchSize,
      int mu,
      Augmentation weak,
      Augmentation strong,
      int threads) {
    if (mu < 1) {
      throw new IllegalArgumentException("mu must be >= 1, got " + mu);
    }
    this.labeled = new AugmentedImages(labeled, normalization, batchSize, weak, null, threads);
    AugmentedImages u = null;
    try {
      u =
          AugmentedImages.views(
              pool.withLabelsHidden(),
              normalization,
              Math.multiplyExact(mu, batchSize),
              Arrays.asList(weak, strong),
              threads);
      this.combined = SelfTrainer.combine(this.labeled, u, labeled.classes().size());
    } catch (RuntimeException e) {
      this.labeled.close();
      if (u != null) {
        u.close();
      }
      throw e;
    }
    this.unlabeled = u;
  }

  @Override
  public int batchesPerEpoch() {
    return combined.batchesPerEpoch();
  }

  @Override
  public int imagesPerEpoch() {
    return combined.imagesPerEpoch();
  }

  @Override
  public void startEpoch(long seed, int epoch) {
    combined.startEpoch(seed, epoch);
  }

  @Override
  public TrainBatch batch(int index, NDManager manager) {
    return combined.batch(index, manager);
  }

  @Override
  public void close() {
    labeled.close();
    unlabeled.close();
  }
}
