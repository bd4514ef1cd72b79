package dev.pupil.semisup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.pupil.augment.Augmentation;
import dev.pupil.augment.ImageShape;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.train.Seeds;
import dev.pupil.train.ShuffledImages;
import dev.pupil.train.StagingBuffer;
import dev.pupil.train.TrainBatch;
import java.util.Arrays;

/**
 * Pseudo-labeled images as batches, to be combined with labeled ones in a {@link
 * dev.pupil.train.CombinedSource}. Targets are the pseudo-labels, hard (N) or soft (N × C); the
 * batch's {@link TrainBatch#hardLabels()} are all {@link ImageSet#UNLABELED}, which is how {@link
 * SelfTrainingTask} tells pseudo-labeled rows from labeled ones and why training accuracy counts
 * only the truly labeled rows. With an augmentation (Noisy Student's input noise) image {@code k}
 * of the epoch's order is augmented with a generator seeded by (seed, epoch, k).
 */
public final class PseudoLabeledImages extends ShuffledImages {
  private static final long IMAGE_STREAM = 21;

  private final int[] labels;
  private final float[][] soft;
  private final Normalization normalization;
  private final Augmentation augmentation;
  private final StagingBuffer direct;
  private final StagingBuffer targetDirect;

  /**
   * @param pool the unlabeled pool the pseudo-labels were made for
   * @param labels the pseudo-labels, at least 2
   * @param normalization the student's preprocessing, after augmentation
   * @param batchSize images per batch
   * @param augmentation per-image augmentation (noise), or null
   */
  public PseudoLabeledImages(
      ImageSet pool,
      PseudoLabels labels,
      Normalization normalization,
      int batchSize,
      Augmentation augmentation) {
    super(imagesOf(pool, labels), batchSize);
    this.labels = labels.hardLabels();
    this.soft = labels.soft() ? labels.softTargets() : null;
    this.normalization = normalization;
    this.augmentation = augmentation;
    this.direct = new StagingBuffer(this.batchSize * images.imageBytes());
    this.targetDirect =
        soft == null ? null : new StagingBuffer(this.batchSize * images.classes().size());
  }

  /** The pseudo-labeled images; the batch size is checked by {@link ShuffledImages}. */
  private static ImageSet imagesOf(ImageSet pool, PseudoLabels labels) {
    if (labels.size() < 2) {
      throw new IllegalArgumentException(
          "pseudo-labeled training needs at least 2 images, got " + labels.size());
    }
    return labels.images(pool);
  }

  @Override
  public TrainBatch batch(int index, NDManager manager) {
    int start = start(index);
    int[] idx = indices(index);
    int n = idx.length;
    int per = images.imageBytes();
    int hw = images.height() * images.width();
    ImageShape shape = new ImageShape(images.channels(), images.height(), images.width());
    long imageSeed = Seeds.derive(seed(), IMAGE_STREAM, epoch());
    byte[] src = images.pixelsView();
    float[] x = new float[n * per];
    int[] y = new int[n];
    int classes = images.classes().size();
    float[] t = soft == null ? null : new float[n * classes];
    for (int k = 0; k < n; k++) {
      int i = idx[k];
      byte[] img = Arrays.copyOfRange(src, i * per, (i + 1) * per);
      if (augmentation != null) {
        img = augmentation.augment(img, shape, Seeds.random(Seeds.derive(imageSeed, start + k, 0)));
      }
      normalization.apply(img, 0, x, k * per, images.channels(), hw);
      y[k] = labels[i];
      if (t != null) {
        System.arraycopy(soft[i], 0, t, k * classes, classes);
      }
    }
    Shape xs = new Shape(n, images.channels(), images.height(), images.width());
    NDArray in = direct.upload(manager, x, xs);
    NDArray target =
        t == null ? manager.create(y) : targetDirect.upload(manager, t, new Shape(n, classes));
    int[] unlabeled = new int[n];
    Arrays.fill(unlabeled, ImageSet.UNLABELED);
    return new TrainBatch(in, target, unlabeled);
  }
}
