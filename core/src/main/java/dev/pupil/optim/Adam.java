package dev.pupil.optim;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba 2015, arXiv:1412.6980) with bias correction, and AdamW (Loshchilov &amp;
 * Hutter 2019, arXiv:1711.05101) when weight decay is decoupled: {@code w *= 1 − lr·wd} before the
 * Adam step, instead of adding {@code wd·w} to the gradient.
 */
public final class Adam extends StatefulOptimizer {
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final boolean decoupled;

  private Adam(Builder b) {
    super(b, b.parameters, b.learningRate, b.weightDecay);
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
    this.decoupled = b.decoupled;
  }

  /**
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected void step(
      Map<String, NDArray> state, NDArray weight, NDArray grad, float lr, float wd, int step) {
    NDArray g = grad;
    if (wd > 0) {
      if (decoupled) {
        weight.muli(1f - lr * wd);
      } else {
        g = g.add(weight.mul(wd));
      }
    }
    NDArray m = state.computeIfAbsent("m", k -> zerosLike(weight));
    NDArray v = state.computeIfAbsent("v", k -> zerosLike(weight));
    m.muli(beta1).addi(g.mul(1f - beta1));
    v.muli(beta2).addi(g.square().muli(1f - beta2));
    double c1 = 1 - Math.pow(beta1, step);
    double c2 = 1 - Math.pow(beta2, step);
    float stepSize = (float) (lr / c1);
    NDArray denom = v.div((float) c2).sqrt().addi(epsilon);
    weight.subi(m.div(denom).muli(stepSize));
  }

  /** Builds an {@link Adam}. */
  public static final class Builder extends StatefulOptimizer.Builder<Builder> {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-8f;
    private boolean decoupled;

    /**
     * @param beta1 first-moment decay; default 0.9
     */
    public Builder optBeta1(float beta1) {
      this.beta1 = beta1;
      return this;
    }

    /**
     * @param beta2 second-moment decay; default 0.999
     */
    public Builder optBeta2(float beta2) {
      this.beta2 = beta2;
      return this;
    }

    /**
     * @param epsilon denominator term; default 1e-8
     */
    public Builder optEpsilon(float epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /**
     * @param decoupled true for AdamW's decoupled decay; default false
     */
    public Builder optDecoupled(boolean decoupled) {
      this.decoupled = decoupled;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @return the optimizer
     */
    public Adam build() {
      validate();
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException(
            "beta1 and beta2 must be in [0, 1), got " + beta1 + ", " + beta2);
      }
      if (!(epsilon > 0)) {
        throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
      }
      return new Adam(this);
    }
  }
}
