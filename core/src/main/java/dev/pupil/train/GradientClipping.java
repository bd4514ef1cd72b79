package dev.pupil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping between the backward pass and the optimizer step, as timm's {@code --clip-grad}
 * / {@code --clip-mode}: by global norm (PyTorch's {@code clip_grad_norm_}; Pascanu, Mikolov &amp;
 * Bengio 2013, arXiv:1211.5063) or by value. DJL's optimizers can clamp values one parameter at a
 * time, but have no global norm: that needs every gradient before any update.
 */
final class GradientClipping {
  private final float max;
  private final boolean byNorm;

  /**
   * @param max the threshold, &gt; 0
   * @param mode "norm" or "value"
   */
  GradientClipping(float max, String mode) {
    this.max = max;
    this.byNorm = mode.equals("norm");
  }

  /**
   * @return the clipping a configuration asks for, or null when it is off
   */
  static GradientClipping of(TrainConfig config) {
    return config.clipGrad() > 0
        ? new GradientClipping(config.clipGrad(), config.clipMode())
        : null;
  }

  /**
   * Clips the gradients of the trainable parameters in place.
   *
   * @param parameters the block's parameters; those without a gradient (frozen) are skipped
   * @return whether any gradient was changed
   */
  boolean apply(PairList<String, Parameter> parameters) {
    // Every array made here (gradient views, squares, masks) is closed with the scope.
    try (NDScope scope = new NDScope()) {
      List<NDArray> grads = new ArrayList<>();
      for (Pair<String, Parameter> p : parameters) {
        Parameter param = p.getValue();
        if (param.isInitialized() && param.requiresGradient() && param.getArray().hasGradient()) {
          grads.add(param.getArray().getGradient());
        }
      }
      scope.suppressNotUsedWarning();
      return byNorm ? clipNorm(grads) : clipValue(grads);
    }
  }

  private boolean clipNorm(List<NDArray> grads) {
    if (grads.isEmpty()) {
      return false;
    }
    // One read back to the host per step, not one per parameter (a sync on a GPU).
    NDArray sum = null;
    for (NDArray g : grads) {
      NDArray s = g.square().sum();
      sum = sum == null ? s : sum.add(s);
    }
    double norm = Math.sqrt(sum.getFloat());
    if (!(norm > max)) {
      return false;
    }
    float scale = (float) (max / (norm + 1e-6));
    for (NDArray g : grads) {
      g.muli(scale);
    }
    return true;
  }

  private boolean clipValue(List<NDArray> grads) {
    NDArray any = null;
    for (NDArray g : grads) {
      NDArray over = g.gt(max);
      NDArray under = g.lt(-max);
      NDArray hit = over.any().logicalOr(under.any());
      any = any == null ? hit : any.logicalOr(hit);
      g.set(over, max);
      g.set(under, -max);
    }
    return any != null && any.getBoolean();
  }
}
