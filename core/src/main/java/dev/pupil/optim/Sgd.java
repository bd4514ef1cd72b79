package dev.pupil.optim;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum and optional Nesterov momentum (Sutskever et al. 2013,
 * "On the importance of initialization and momentum in deep learning"), with PyTorch's update rule:
 * {@code b = μ·b + g; g' = nesterov ? g + μ·b : b; w -= lr·g'}, and L2 weight decay added to the
 * gradient.
 */
public final class Sgd extends StatefulOptimizer {
  private final float momentum;
  private final boolean nesterov;

  private Sgd(Builder b) {
    super(b, b.parameters, b.learningRate, b.weightDecay);
    this.momentum = b.momentum;
    this.nesterov = b.nesterov;
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
    NDArray g = wd > 0 ? grad.add(weight.mul(wd)) : grad;
    if (momentum > 0) {
      NDArray buf = state.get("momentum");
      if (buf == null) {
        buf = g.duplicate();
        state.put("momentum", buf);
      } else {
        buf.muli(momentum).addi(g);
      }
      g = nesterov ? g.add(buf.mul(momentum)) : buf;
    }
    weight.subi(g.mul(lr));
  }

  /** Builds an {@link Sgd}. */
  public static final class Builder extends StatefulOptimizer.Builder<Builder> {
    private float momentum;
    private boolean nesterov;

    /**
     * @param momentum in [0, 1); default 0
     */
    public Builder optMomentum(float momentum) {
      this.momentum = momentum;
      return this;
    }

    /**
     * @param nesterov whether to use Nesterov momentum; default false
     */
    public Builder optNesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @return the optimizer
     */
    public Sgd build() {
      validate();
      if (!(momentum >= 0 && momentum < 1)) {
        throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
      }
      if (nesterov && momentum == 0) {
        throw new IllegalArgumentException("nesterov needs momentum > 0");
      }
      return new Sgd(this);
    }
  }
}
