package dev.pupil.eval;

import ai.djl.ndarray.NDArray;
import dev.pupil.data.ImageSet;
import dev.pupil.models.ClassifierModel;
import java.util.ArrayList;
import java.util.List;

/**
 * A classifier's scores on a labeled set: accuracy, top-5 accuracy (where there are more than five
 * classes), mean cross-entropy, per-class precision/recall/F1 and the confusion matrix (rows = true
 * class, columns = predicted), and the calibration of the top-1 confidence ({@link Calibration},
 * Guo et al. 2017, 15 bins). Written to each run's eval.json.
 *
 * @param count images evaluated
 * @param accuracy top-1 accuracy
 * @param top5 top-5 accuracy, or NaN with five classes or fewer
 * @param loss mean cross-entropy of the softmax of the logits
 * @param macroF1 unweighted mean of the per-class F1 over the classes that occur in the labels or
 *     in the predictions (scikit-learn's {@code f1_score(average="macro")}, which averages over
 *     {@code unique_labels(y_true, y_pred)}): a class absent from both is left out rather than
 *     counted as 0, while one that is predicted but never true counts with F1 0; NaN when no image
 *     was evaluated
 * @param perClass one entry per class
 * @param confusion confusion[true][predicted] counts
 * @param calibration expected and maximum calibration error with the reliability bins
 */
public record EvalReport(
    int count,
    double accuracy,
    double top5,
    double loss,
    double macroF1,
    List<ClassMetrics> perClass,
    int[][] confusion,
    Calibration calibration) {

  /**
   * Runs a model over labeled images and scores it.
   *
   * @param model the classifier
   * @param images labeled images of the model's shape
   * @param batchSize images per forward pass
   * @return the report
   */
  public static EvalReport evaluate(ClassifierModel model, ImageSet images, int batchSize) {
    return of(model.logits(images, batchSize), images.labels(), model.metadata().classes());
  }

  /**
   * Scores logits against labels.
   *
   * @param logits N × C scores (logits or probabilities' logs; softmax is taken for the loss)
   * @param labels N labels in [0, C)
   * @param classes class names
   * @return the report
   */
  public static EvalReport of(float[][] logits, int[] labels, List<String> classes) {
    if (logits.length != labels.length) {
      throw new IllegalArgumentException(
          logits.length + " predictions for " + labels.length + " labels");
    }
    int c = classes.size();
    int[][] confusion = new int[c][c];
    int correct = 0;
    int inTop5 = 0;
    double loss = 0;
    for (int i = 0; i < labels.length; i++) {
      float[] z = logits[i];
      int y = labels[i];
      if (y < 0 || y >= c) {
        throw new IllegalArgumentException("image " + i + " has no valid label (" + y + ")");
      }
      for (float v : z) {
        if (!Float.isFinite(v)) {
          throw new NonFiniteLogitsException(i, v);
        }
      }
      int pred = argmax(z);
      confusion[y][pred]++;
      correct += pred == y ? 1 : 0;
      int higher = 0;
      for (float v : z) {
        higher += v > z[y] ? 1 : 0;
      }
      inTop5 += higher < 5 ? 1 : 0;
      loss += logSumExp(z) - z[y];
    }
    List<ClassMetrics> per = new ArrayList<>(c);
    double f1Sum = 0;
    int present = 0;
    for (int k = 0; k < c; k++) {
      int tp = confusion[k][k];
      int predicted = 0;
      int actual = 0;
      for (int j = 0; j < c; j++) {
        predicted += confusion[j][k];
        actual += confusion[k][j];
      }
      double p = predicted == 0 ? 0 : (double) tp / predicted;
      double r = actual == 0 ? 0 : (double) tp / actual;
      double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
      if (predicted + actual > 0) {
        f1Sum += f1;
        present++;
      }
      per.add(new ClassMetrics(classes.get(k), p, r, f1, actual));
    }
    int n = Math.max(1, labels.length);
    return new EvalReport(
        labels.length,
        (double) correct / n,
        c > 5 ? (double) inTop5 / n : Double.NaN,
        loss / n,
        present == 0 ? Double.NaN : f1Sum / present,
        per,
        confusion,
        Calibration.of(logits, labels, Calibration.DEFAULT_BINS));
  }

  /**
   * @param row scores
   * @return index of the largest (first on ties)
   */
  public static int argmax(float[] row) {
    int best = 0;
    for (int i = 1; i < row.length; i++) {
      if (row[i] > row[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double logSumExp(float[] z) {
    float max = z[argmax(z)];
    double s = 0;
    for (float v : z) {
      s += Math.exp(v - max);
    }
    return max + Math.log(s);
  }

  /**
   * Counts correct top-1 predictions in a batch of logits (helper for the training loop).
   *
   * @param logits N × C on any device
   * @param labels N hard labels
   * @return how many argmaxes equal the label
   */
  public static int correct(NDArray logits, int[] labels) {
    long[] pred = logits.argMax(1).toLongArray();
    int ok = 0;
    for (int i = 0; i < labels.length; i++) {
      ok += pred[i] == labels[i] ? 1 : 0;
    }
    return ok;
  }
}
