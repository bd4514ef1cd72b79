package dev.pupil.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.pupil.BadInputException;
import dev.pupil.augment.Augmentation;
import dev.pupil.augment.ImageShape;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.train.LabeledImages;
import dev.pupil.train.Seeds;
import dev.pupil.train.ShuffledImages;
import dev.pupil.train.StagingBuffer;
import dev.pupil.train.TrainBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The transfer set of knowledge distillation (Hinton, Vinyals &amp; Dean 2015, arXiv:1503.02531) as
 * batches: images with labels, without ({@link ImageSet#UNLABELED}), or both shuffled together, so
 * a batch may mix labeled and unlabeled rows. Targets are the hard labels, with {@code UNLABELED}
 * where there is none.
 *
 * <p>With cached teacher logits (one row per image, for an unaugmented set) each batch carries its
 * rows as {@link TrainBatch#teacherLogits()}; with an augmentation there is no cache and the task
 * runs the teacher on each augmented view. The order of an epoch is {@link
 * LabeledImages#epochOrder}'s, so on a labeled set the batches are those of supervised training;
 * each image's augmentation draws from a generator seeded by (run seed, epoch, position).
 */
public final class TransferImages extends ShuffledImages {
  private static final long IMAGE_STREAM = 11;

  private final Normalization normalization;
  private final Augmentation augmentation;
  private final float[][] teacherLogits;
  private final float[] buffer;

  /** Reused native copy of each batch's pixels (see {@link LabeledImages}). */
  private final StagingBuffer direct;

  /**
   * @param images the transfer set, labeled, unlabeled or mixed; at least 2 images
   * @param normalization the student's preprocessing, after augmentation
   * @param batchSize images per batch
   * @param augmentation per-image augmentation, or null
   * @param teacherLogits the teacher's logits for every image in set order, or null; only without
   *     augmentation
   */
  public TransferImages(
      ImageSet images,
      Normalization normalization,
      int batchSize,
      Augmentation augmentation,
      float[][] teacherLogits) {
    super(checked(images, batchSize, augmentation, teacherLogits), batchSize);
    this.normalization = normalization;
    this.augmentation = augmentation;
    this.teacherLogits = teacherLogits;
    this.buffer = new float[this.batchSize * images.imageBytes()];
    this.direct = new StagingBuffer(buffer.length);
  }

  private static ImageSet checked(
      ImageSet images, int batchSize, Augmentation augmentation, float[][] teacherLogits) {
    if (images.size() < 2) {
      throw new BadInputException("distillation needs at least 2 images, got " + images.size());
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (teacherLogits != null && augmentation != null) {
      throw new IllegalArgumentException(
          "teacherLogits can be cached only for an unaugmented transfer set; with augmentation"
              + " the teacher sees each view");
    }
    if (teacherLogits != null && teacherLogits.length != images.size()) {
      throw new IllegalArgumentException(
          "teacherLogits must have one row per image ("
              + images.size()
              + "), got "
              + teacherLogits.length);
    }
    return images;
  }

  /**
   * The labeled images followed by the unlabeled ones, whose labels are hidden whatever they were,
   * with the labeled set's classes.
   *
   * @param labeled images with labels (may be empty)
   * @param unlabeled images used without labels (may be empty)
   * @return one set
   * @throws BadInputException when the two differ in channels or size
   */
  public static ImageSet join(ImageSet labeled, ImageSet unlabeled) {
    if (unlabeled.size() == 0) {
      return labeled;
    }
    if (labeled.channels() != unlabeled.channels()
        || labeled.height() != unlabeled.height()
        || labeled.width() != unlabeled.width()) {
      throw new BadInputException(
          "unlabeled images are "
              + unlabeled.channels()
              + "x"
              + unlabeled.height()
              + "x"
              + unlabeled.width()
              + " but the labeled ones "
              + labeled.channels()
              + "x"
              + labeled.height()
              + "x"
              + labeled.width());
    }
    byte[] a = labeled.pixelsView();
    byte[] b = unlabeled.pixelsView();
    byte[] px = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, px, a.length, b.length);
    int[] labels = Arrays.copyOf(labeled.labels(), labeled.size() + unlabeled.size());
    Arrays.fill(labels, labeled.size(), labels.length, ImageSet.UNLABELED);
    List<String> ids = new ArrayList<>(labels.length);
    for (int i = 0; i < labeled.size(); i++) {
      ids.add(labeled.id(i));
    }
    for (int i = 0; i < unlabeled.size(); i++) {
      ids.add(unlabeled.id(i));
    }
    return ImageSet.of(
        px, labels, labeled.channels(), labeled.height(), labeled.width(), labeled.classes(), ids);
  }

  @Override
  public TrainBatch batch(int index, NDManager manager) {
    int start = start(index);
    int[] idx = indices(index);
    int n = idx.length;
    int per = images.imageBytes();
    int hw = images.height() * images.width();
    if (augmentation == null) {
      normalization.applyBatch(images, idx, buffer);
    } else {
      ImageShape shape = new ImageShape(images.channels(), images.height(), images.width());
      long imageSeed = Seeds.derive(seed(), IMAGE_STREAM, epoch());
      byte[] src = images.pixelsView();
      for (int k = 0; k < n; k++) {
        byte[] img = Arrays.copyOfRange(src, idx[k] * per, (idx[k] + 1) * per);
        img = augmentation.augment(img, shape, Seeds.random(Seeds.derive(imageSeed, start + k, 0)));
        normalization.apply(img, 0, buffer, k * per, images.channels(), hw);
      }
    }
    int[] labels = new int[n];
    boolean anyLabel = false;
    for (int k = 0; k < n; k++) {
      labels[k] = images.label(idx[k]);
      anyLabel |= labels[k] != ImageSet.UNLABELED;
    }
    Shape shape = new Shape(n, images.channels(), images.height(), images.width());
    NDArray in = direct.upload(manager, buffer, shape);
    return new TrainBatch(
        in, manager.create(labels), anyLabel ? labels : null, cached(idx, manager));
  }

  private NDArray cached(int[] idx, NDManager manager) {
    if (teacherLogits == null) {
      return null;
    }
    int classes = teacherLogits[0].length;
    float[] flat = new float[idx.length * classes];
    for (int k = 0; k < idx.length; k++) {
      System.arraycopy(teacherLogits[idx[k]], 0, flat, k * classes, classes);
    }
    return manager.create(flat, new Shape(idx.length, classes));
  }
}
