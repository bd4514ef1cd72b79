package dev.pupil.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Cross-entropy on logits that accepts hard labels (shape N, class indices) or soft targets (shape
 * N × C, probabilities summing to 1, as MixUp, CutMix and soft pseudo-labels produce), with
 * optional label smoothing (Szegedy et al. 2016, arXiv:1512.00567): the target becomes {@code (1 −
 * ε)·y + ε/C}. DJL's {@code SoftmaxCrossEntropyLoss} has no label smoothing.
 *
 * <p>The value is the mean over the batch of {@code −Σ_c t_c · log softmax(z)_c}.
 */
public final class SoftTargetCrossEntropy extends Loss {
  private final float smoothing;

  /**
   * @param name the loss's name in logs
   * @param smoothing label smoothing ε in [0, 1)
   */
  public SoftTargetCrossEntropy(String name, float smoothing) {
    super(name);
    if (!(smoothing >= 0 && smoothing < 1)) {
      throw new IllegalArgumentException("labelSmoothing must be in [0, 1), got " + smoothing);
    }
    this.smoothing = smoothing;
  }

  /** Plain cross-entropy, no smoothing. */
  public SoftTargetCrossEntropy() {
    this("ce", 0f);
  }

  /**
   * Per-sample loss, for weighting or masking by the caller.
   *
   * @param target hard labels (N) or soft targets (N × C)
   * @param logits N × C
   * @return N losses
   */
  public NDArray perSample(NDArray target, NDArray logits) {
    int classes = (int) logits.getShape().get(logits.getShape().dimension() - 1);
    NDArray logp = logits.logSoftmax(-1);
    NDArray t =
        target.getShape().dimension() == 1
            ? target.toType(DataType.INT32, false).oneHot(classes, logp.getDataType())
            : target.toType(logp.getDataType(), false);
    if (smoothing > 0) {
      t = t.mul(1f - smoothing).add(smoothing / classes);
    }
    return t.mul(logp).sum(new int[] {-1}).neg();
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return perSample(labels.head(), predictions.head()).mean();
  }
}
