package dev.pupil.semisup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.Trainer;
import dev.pupil.data.ImageSet;
import dev.pupil.loss.SoftTargetCrossEntropy;
import dev.pupil.nd.Scalars;
import dev.pupil.train.TrainBatch;
import dev.pupil.train.TrainingTask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FixMatch's step on Pupil's one loop (Sohn et al. 2020, arXiv:2001.07685, eq. 2–4). A batch holds
 * labeled rows (their {@link TrainBatch#hardLabels()} entry is a class) and unlabeled rows (marked
 * {@link ImageSet#UNLABELED}), the unlabeled ones in two equal halves, in order: the weak views of
 * the μB images, then their strong views in the same order ({@link FixMatchImages} makes such
 * batches). All rows go through the network in one forward pass, as in the reference
 * implementation, so batch norm sees the whole batch. Then:
 *
 * <ul>
 *   <li>the pseudo-label of unlabeled image b is the argmax of the softmax of its weak view's
 *       logits, detached from the graph (no gradient flows through it), and its mask is 1 when that
 *       softmax's maximum is at least τ;
 *   <li>{@code ce} is the mean cross-entropy of the labeled rows against their labels (with the
 *       run's label smoothing);
 *   <li>{@code unlabeled} is (1/μB) Σ_b mask_b · CE(strong view_b, pseudo-label_b): the mean over
 *       all unlabeled images, masked ones counting zero, as the paper divides by μB;
 *   <li>{@code total = ce + λ · unlabeled}.
 * </ul>
 *
 * It reports the count {@code mask}: unlabeled images at or above τ, out of all unlabeled images,
 * which the loop turns into the epoch's mask rate.
 */
public final class FixMatchTask implements TrainingTask {
  /** The name of the mask-rate count in {@link Output#counts()} and the epoch's rates. */
  public static final String MASK = "mask";

  private final SoftTargetCrossEntropy labeledLoss;
  private final SoftTargetCrossEntropy unlabeledLoss = new SoftTargetCrossEntropy();
  private final float threshold;
  private final float lambda;

  /**
   * @param threshold τ in (0, 1]: the confidence a weak view's prediction needs to count
   * @param lambda λ &gt;= 0: the weight of the unlabeled term
   * @param labelSmoothing ε in [0, 1) for the labeled term
   */
  public FixMatchTask(float threshold, float lambda, float labelSmoothing) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
    }
    if (!(lambda >= 0) || Float.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be >= 0 and finite, got " + lambda);
    }
    this.labeledLoss = new SoftTargetCrossEntropy("ce", labelSmoothing);
    this.threshold = threshold;
    this.lambda = lambda;
  }

  @Override
  public List<String> lossNames() {
    return List.of("total", "ce", "unlabeled");
  }

  @Override
  public Output forward(Trainer trainer, TrainBatch batch) {
    Rows rows = Rows.of(batch.hardLabels());
    NDArray logits = trainer.forward(new NDList(batch.images())).head();
    NDManager m = logits.getManager();
    NDArray labeledLogits = logits.get(index(m, rows.labeled));
    NDArray labels = batch.targets().get(index(m, rows.labeled));
    NDArray ce = labeledLoss.perSample(labels, labeledLogits).mean();
    int u = rows.weak.length;
    NDArray unlabeled;
    long masked = 0;
    if (u == 0) {
      unlabeled = ce.zerosLike();
    } else {
      Guess guess = guess(logits.get(index(m, rows.weak)), threshold);
      NDArray strong = logits.get(index(m, rows.strong));
      NDArray perRow = unlabeledLoss.perSample(guess.labels(), strong);
      unlabeled = Scalars.div(perRow.mul(guess.mask()).sum(), u);
      masked = Math.round(guess.mask().sum().getFloat());
    }
    Map<String, NDArray> terms = new LinkedHashMap<>();
    terms.put("total", ce.add(Scalars.mul(unlabeled, lambda)));
    terms.put("ce", ce);
    terms.put("unlabeled", unlabeled);
    return new Output(terms, logits, Map.of(MASK, new Count(masked, u)));
  }

  /**
   * The pseudo-labels and mask from weak-view logits.
   *
   * @param labels the argmax class of each row (INT32), a constant
   * @param mask 1 where the top probability is at least τ, else 0 (FLOAT32), a constant
   */
  record Guess(NDArray labels, NDArray mask) {}

  /**
   * @param weakLogits U × C logits of the weak views
   * @param threshold τ
   * @return pseudo-labels and mask, detached from the graph
   */
  static Guess guess(NDArray weakLogits, float threshold) {
    NDArray probs = weakLogits.stopGradient().softmax(-1);
    NDArray top = probs.max(new int[] {-1});
    return new Guess(
        probs.argMax(-1).toType(DataType.INT32, false),
        top.gte(threshold).toType(DataType.FLOAT32, false));
  }

  private static NDIndex index(NDManager m, long[] rows) {
    return new NDIndex("{}", m.create(rows));
  }

  /** Which rows of a batch are labeled, weak and strong. */
  record Rows(long[] labeled, long[] weak, long[] strong) {
    static Rows of(int[] hardLabels) {
      if (hardLabels == null) {
        throw new IllegalArgumentException("FixMatch batches need hard labels marking their rows");
      }
      int l = 0;
      for (int y : hardLabels) {
        l += y == ImageSet.UNLABELED ? 0 : 1;
      }
      int unlabeled = hardLabels.length - l;
      if (unlabeled % 2 != 0) {
        throw new IllegalArgumentException(
            "a FixMatch batch needs a weak and a strong view of each unlabeled image, got "
                + unlabeled
                + " unlabeled rows");
      }
      if (l == 0) {
        throw new IllegalArgumentException("a FixMatch batch needs labeled rows");
      }
      long[] lab = new long[l];
      long[] weak = new long[unlabeled / 2];
      long[] strong = new long[unlabeled / 2];
      int li = 0;
      int ui = 0;
      for (int i = 0; i < hardLabels.length; i++) {
        if (hardLabels[i] != ImageSet.UNLABELED) {
          lab[li++] = i;
        } else if (ui < weak.length) {
          weak[ui++] = i;
        } else {
          strong[ui++ - weak.length] = i;
        }
      }
      return new Rows(lab, weak, strong);
    }
  }
}
