package dev.pupil.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.pupil.nd.Scalars;

/**
 * Local response normalization across channels (Krizhevsky et al. 2012, §3.3): {@code b = a / (k +
 * α/n · Σ a²)^β} over the n neighbouring channels, computed as PyTorch's {@code
 * local_response_norm} does (an average pool of the squares over the channel axis). DJL 0.35.1 has
 * no LRN block. Defaults are the paper's n = 5, α = 1e-4, β = 0.75, k = 2.
 */
public final class Lrn extends AbstractBlock {
  private final int size;
  private final float alpha;
  private final float beta;
  private final float k;

  /**
   * @param size neighbouring channels n (odd)
   * @param alpha α
   * @param beta β
   * @param k the additive constant
   */
  public Lrn(int size, float alpha, float beta, float k) {
    if (size < 1 || size % 2 == 0) {
      throw new IllegalArgumentException("size must be odd and positive, got " + size);
    }
    this.size = size;
    this.alpha = alpha;
    this.beta = beta;
    this.k = k;
  }

  /**
   * @return LRN with Krizhevsky et al.'s constants
   */
  public static Lrn alexNet() {
    return new Lrn(5, 1e-4f, 0.75f, 2f);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Shape s = x.getShape();
    NDArray sq = x.square().reshape(s.get(0), 1, s.get(1), s.get(2) * s.get(3));
    NDArray mean =
        Pool.avgPool2d(sq, new Shape(size, 1), new Shape(1, 1), new Shape(size / 2, 0), false, true)
            .reshape(s);
    return new NDList(x.div(Scalars.pow(Scalars.mul(mean, alpha).add(k), beta)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    return new Shape[] {inputs[0]};
  }
}
