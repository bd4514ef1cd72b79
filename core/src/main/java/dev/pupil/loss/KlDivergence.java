package dev.pupil.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.pupil.nd.Scalars;

/**
 * Kullback–Leibler divergence between temperature-softened distributions, the distillation loss of
 * Hinton, Vinyals &amp; Dean 2015, "Distilling the Knowledge in a Neural Network"
 * (arXiv:1503.02531): {@code KL(softmax(t/T) ‖ softmax(s/T)) · T²} for target (teacher) logits
 * {@code t} and predicted (student) logits {@code s}. DJL has no KL loss.
 *
 * <p>The gradient of the unscaled KL with respect to {@code s} is {@code (softmax(s/T) −
 * softmax(t/T)) / T}, which shrinks as 1/T² for large T (§2.1); the T² factor keeps its magnitude
 * comparable across temperatures, so that changing T does not also change the effective learning
 * rate or the balance with a cross-entropy term. The KL differs from the soft-target cross-entropy
 * {@code −Σ p_t log softmax(s/T)} only by the teacher's entropy, a constant, so both have the same
 * gradient; the KL is zero when the two distributions are equal.
 *
 * <p>The target logits are treated as constants: pass the output of a frozen teacher.
 */
public final class KlDivergence extends Loss {
  private final float temperature;

  /**
   * @param name the loss's name in logs
   * @param temperature the softmax temperature T, &gt; 0
   */
  public KlDivergence(String name, float temperature) {
    super(name);
    if (!(temperature > 0) || Float.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be > 0 and finite, got " + temperature);
    }
    this.temperature = temperature;
  }

  /**
   * @param temperature the softmax temperature T, &gt; 0
   */
  public KlDivergence(float temperature) {
    this("kl", temperature);
  }

  /**
   * @return the temperature T
   */
  public float temperature() {
    return temperature;
  }

  /**
   * Per-sample loss, for weighting or masking by the caller.
   *
   * @param targetLogits the teacher's logits, N × C (no gradient flows into them)
   * @param logits the student's logits, N × C
   * @return N values {@code T² · Σ_c p_c (log p_c − log q_c)}, p = softmax(t/T), q = softmax(s/T)
   */
  public NDArray perSample(NDArray targetLogits, NDArray logits) {
    if (!targetLogits.getShape().equals(logits.getShape())) {
      throw new IllegalArgumentException(
          "target logits "
              + targetLogits.getShape()
              + " and logits "
              + logits.getShape()
              + " differ in shape");
    }
    NDArray logP = Scalars.div(targetLogits.stopGradient(), temperature).logSoftmax(-1);
    NDArray logQ = Scalars.div(logits, temperature).logSoftmax(-1);
    // exp(log p) rather than softmax: a probability that underflows to 0 then gives 0 · finite.
    NDArray kl = logP.exp().mul(logP.sub(logQ)).sum(new int[] {-1});
    return Scalars.mul(kl, temperature * temperature);
  }

  /**
   * @param labels the teacher's logits, N × C, first in the list
   * @param predictions the student's logits, N × C, first in the list
   * @return the mean over the batch
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return perSample(labels.head(), predictions.head()).mean();
  }
}
