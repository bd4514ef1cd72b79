package dev.pupil.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Arithmetic with a number on arrays that autograd records. Use these, never DJL's {@code
 * mul(Number)}, {@code div(Number)} or {@code pow(Number)}, on anything a gradient flows through.
 *
 * <p>Why: DJL's PyTorch engine turns the number into a 0-d tensor made on a direct {@link
 * java.nio.ByteBuffer} without a copy ({@code torch::from_blob}) and closes it right after the op;
 * only that closed Java object kept the buffer alive. Multiplication, division and power save the
 * number's tensor for the backward pass, so the graph then points at memory the garbage collector
 * frees (its cleaner thread calls {@code free}) whenever it happens to run. A collection between
 * forward and backward (rare, and more likely under load or with data threads allocating) makes
 * backward read freed memory: a wrong, often infinite or NaN, gradient. Measured here: {@code
 * w.mul(2f).div(4f).sum()} gave gradients of −∞ instead of 0.5 after a collection.
 *
 * <p>The constants made here are {@code torch::full} tensors, owned and reference-counted by
 * libtorch, so the graph keeps them alive itself; the values and results are the same as DJL's.
 */
public final class Scalars {
  private Scalars() {}

  /**
   * @param like the array whose manager, data type and device to use
   * @param value the number
   * @return a 0-d constant owned by libtorch, attached to {@code like}'s manager
   */
  public static NDArray of(NDArray like, float value) {
    return like.getManager().full(new Shape(), value, like.getDataType());
  }

  /**
   * @param x an array
   * @param value the factor
   * @return {@code x · value}
   */
  public static NDArray mul(NDArray x, float value) {
    return x.mul(of(x, value));
  }

  /**
   * @param x an array
   * @param value the divisor
   * @return {@code x / value}
   */
  public static NDArray div(NDArray x, float value) {
    return x.div(of(x, value));
  }

  /**
   * @param x an array
   * @param value the exponent
   * @return {@code x ^ value}
   */
  public static NDArray pow(NDArray x, float value) {
    return x.pow(of(x, value));
  }

  /**
   * The swish (SiLU) activation {@code x · sigmoid(x)}, as DJL's {@code Activation.swish(x, 1)}
   * computes it but without its {@code x.mul(1f)}.
   *
   * @param x an array
   * @return {@code sigmoid(x) · x}
   */
  public static NDArray swish(NDArray x) {
    return Activation.sigmoid(x).mul(x);
  }
}
