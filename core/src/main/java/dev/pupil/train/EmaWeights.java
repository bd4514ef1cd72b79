package dev.pupil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import dev.pupil.models.ClassifierModel;

/**
 * An exponential moving average of a model's weights, kept in a second model of the same
 * architecture (the shadow) and updated after every optimizer step: {@code shadow = d · shadow + (1
 * − d) · w} for every weight, bias and batch-norm scale/shift. Batch-norm running means and
 * variances are not averaged: they are copied from the trained model at every update, as FixMatch's
 * reference implementation does (Sohn et al. 2020, arXiv:2001.07685, §3 and appendix; the running
 * statistics are themselves moving averages already). Evaluating the shadow rather than the trained
 * weights is how FixMatch, Mean Teacher (Tarvainen &amp; Valpola 2017, arXiv:1703.01780) and many
 * others report results.
 *
 * <p>A {@link TrainingLoop.Listener}: the loop calls {@link #onBatch} after each step. Give the
 * shadow to {@link TrainingLoop.Builder#optEvaluationModel} so that validation, best.ckpt and the
 * final weights are the averaged ones. The shadow's arrays do not track gradients.
 */
public final class EmaWeights implements TrainingLoop.Listener {
  private final ParameterList live;
  private final ParameterList shadow;
  private final float decay;

  /**
   * @param live the model being trained
   * @param shadow a model of the same architecture holding the average, usually a copy of the live
   *     one before training ({@link ClassifierModel#fromParameters})
   * @param decay d in [0, 1): the share of the old average kept at each step
   */
  public EmaWeights(ClassifierModel live, ClassifierModel shadow, float decay) {
    if (!(decay >= 0 && decay < 1)) {
      throw new IllegalArgumentException("decay must be in [0, 1), got " + decay);
    }
    this.live = live.block().getParameters();
    this.shadow = shadow.block().getParameters();
    if (this.live.size() != this.shadow.size()) {
      throw new IllegalArgumentException(
          "the shadow has " + this.shadow.size() + " parameters, the model " + this.live.size());
    }
    for (int i = 0; i < this.live.size(); i++) {
      String a = this.live.keyAt(i);
      String b = this.shadow.keyAt(i);
      if (!a.equals(b)) {
        throw new IllegalArgumentException(
            "parameter " + i + " is " + a + " here, " + b + " there");
      }
      this.shadow.valueAt(i).getArray().setRequiresGradient(false);
    }
    this.decay = decay;
  }

  /**
   * @return d
   */
  public float decay() {
    return decay;
  }

  /** Averages the live weights into the shadow once (and copies the batch-norm statistics). */
  public void update() {
    float keep = decay;
    float take = 1f - decay;
    for (int i = 0; i < live.size(); i++) {
      Parameter p = live.valueAt(i);
      NDArray s = shadow.valueAt(i).getArray();
      try (NDManager tmp = s.getManager().newSubManager()) {
        NDArray w = p.getArray().stopGradient();
        w.attach(tmp);
        if (isRunningStatistic(p)) {
          s.muli(0f).addi(w);
        } else {
          s.muli(keep).addi(w.mul(take));
        }
      }
    }
  }

  /**
   * @return whether a parameter is a batch-norm running mean or variance
   */
  static boolean isRunningStatistic(Parameter p) {
    return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
  }

  @Override
  public void onBatch(int epoch, int batch, int batches, double loss) {
    update();
  }
}
