package dev.pupil.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import java.util.List;

/**
 * A trained model, or an ensemble whose logits are averaged, frozen for inference: the teacher of
 * knowledge distillation (Hinton, Vinyals &amp; Dean 2015, arXiv:1503.02531) and of pseudo-labeling
 * and Noisy Student, and the model that ranks a pool for labeling. Its parameters stop requiring
 * gradients when it is made, and it runs with training off (batch norm uses its running statistics
 * and never updates them, dropout is off), so training a student beside it leaves it bit-identical.
 *
 * <p>The models stay the caller's to close. They must agree on classes, channels and image size;
 * each sees the images normalized its own way.
 */
public final class FrozenModel {
  private final List<ClassifierModel> models;

  private FrozenModel(List<ClassifierModel> models) {
    this.models = models;
  }

  /**
   * A teacher from one model, or an ensemble from several; freezes their parameters.
   *
   * @param models trained models with the same classes and input shape
   * @return the teacher
   * @throws BadInputException when there is no model or the models disagree
   */
  public static FrozenModel of(List<ClassifierModel> models) {
    if (models.isEmpty()) {
      throw new BadInputException("a teacher needs at least one model");
    }
    ModelMetadata first = models.get(0).metadata();
    for (ClassifierModel m : models) {
      ModelMetadata meta = m.metadata();
      if (!meta.classes().equals(first.classes())) {
        throw new BadInputException(
            "ensemble members disagree on classes: " + first.classes() + " vs " + meta.classes());
      }
      if (meta.channels() != first.channels()
          || meta.height() != first.height()
          || meta.width() != first.width()) {
        throw new BadInputException(
            "ensemble members disagree on input: " + shape(first) + " vs " + shape(meta));
      }
    }
    for (ClassifierModel m : models) {
      m.block().freezeParameters(true);
    }
    return new FrozenModel(List.copyOf(models));
  }

  /**
   * @param models one or more trained models
   * @return the teacher
   */
  public static FrozenModel of(ClassifierModel... models) {
    return of(List.of(models));
  }

  private static String shape(ModelMetadata m) {
    return m.channels() + "x" + m.height() + "x" + m.width();
  }

  /**
   * @return the models, averaged when more than one
   */
  public List<ClassifierModel> models() {
    return models;
  }

  /**
   * @return the first model's metadata (classes and input shape are the same for all)
   */
  public ModelMetadata metadata() {
    return models.get(0).metadata();
  }

  /**
   * Checks that a transfer set fits the teacher.
   *
   * @param images the images the student learns from
   * @throws BadInputException when classes, channels or size differ
   */
  public void checkFits(ImageSet images) {
    models.get(0).checkShape(images);
    if (!images.classes().equals(metadata().classes())) {
      throw new BadInputException(
          "the teacher's classes "
              + metadata().classes()
              + " differ from the data's "
              + images.classes());
    }
  }

  /**
   * The teacher's logits for every image of a set (the cache of a fixed transfer set).
   *
   * @param images images of the teacher's shape
   * @param batchSize images per forward pass
   * @return N × classes logits, averaged over the ensemble
   */
  public float[][] logits(ImageSet images, int batchSize) {
    float[][] sum = models.get(0).logits(images, batchSize);
    for (int k = 1; k < models.size(); k++) {
      float[][] z = models.get(k).logits(images, batchSize);
      for (int i = 0; i < sum.length; i++) {
        for (int c = 0; c < sum[i].length; c++) {
          sum[i][c] += z[i][c];
        }
      }
    }
    if (models.size() > 1) {
      for (float[] row : sum) {
        for (int c = 0; c < row.length; c++) {
          row[c] /= models.size();
        }
      }
    }
    return sum;
  }

  /**
   * The teacher's logits for one batch as the student sees it (an augmented view, say). The result
   * is a constant: no gradient flows into it or into the teacher.
   *
   * @param images N × C × H × W, normalized with {@code normalization}
   * @param normalization how the images were normalized; each model renormalizes them its way
   * @return N × classes logits on the images' manager, averaged over the ensemble
   */
  public NDArray logits(NDArray images, Normalization normalization) {
    NDManager manager = images.getManager();
    ParameterStore ps = new ParameterStore(manager, false);
    NDArray sum = null;
    for (ClassifierModel m : models) {
      NDArray x = renormalize(images, normalization, m.metadata().normalization());
      NDArray z = m.block().forward(ps, new NDList(x), false).head();
      sum = sum == null ? z : sum.add(z);
    }
    return (models.size() == 1 ? sum : sum.div(models.size())).stopGradient();
  }

  /** {@code (x · std_from + mean_from − mean_to) / std_to} per channel, or x when they agree. */
  static NDArray renormalize(NDArray x, Normalization from, Normalization to) {
    if (from.equals(to)) {
      return x;
    }
    int c = from.channels();
    if (to.channels() != c) {
      throw new BadInputException(
          "the teacher expects " + to.channels() + " channels, the images have " + c);
    }
    float[] scale = new float[c];
    float[] shift = new float[c];
    for (int k = 0; k < c; k++) {
      scale[k] = from.std()[k] / to.std()[k];
      shift[k] = (from.mean()[k] - to.mean()[k]) / to.std()[k];
    }
    NDManager m = x.getManager();
    Shape s = new Shape(1, c, 1, 1);
    return x.mul(m.create(scale, s)).add(m.create(shift, s));
  }
}
