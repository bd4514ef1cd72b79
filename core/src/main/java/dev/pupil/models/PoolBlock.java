package dev.pupil.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * 2-D max or average pooling that keeps its geometry (kernel, stride, padding), so that {@link
 * ReceptiveField} and {@link ModelStats} can read it; DJL's pooling blocks are opaque lambdas. A
 * global pool averages each channel to one value (N × C × H × W → N × C).
 *
 * <p>Outside training, max pooling without padding is computed as the maximum of strided slices,
 * rows then columns ({@code max_j x[j :: stride]}), rather than with libtorch's {@code max_pool2d}:
 * on the CPU that kernel visits each window element by element, and it took 20–25% of the CPU time
 * of cnn-small's inference; the slices and elementwise maxima are vectorized, and the inference
 * took 38% less CPU (docs/benchmarks.md, issue 10). The output is identical, and so are gradients
 * taken through it (Grad-CAM), except where two values tie for a window's maximum: {@code
 * max_pool2d} gives the whole gradient to one of them, the elementwise maximum splits it. Training
 * keeps {@code max_pool2d}, whose backward pass (one scatter) is cheaper than the slices'.
 */
public final class PoolBlock extends AbstractBlock {
  /** DJL's LambdaBlock version: a PoolBlock saves the bytes of the pooling lambda it replaces. */
  private static final byte VERSION = 2;

  /** Which reduction the window applies. */
  public enum Kind {
    /** the maximum of the window */
    MAX,
    /** the mean of the window (padding counted as zeros, as PyTorch's default) */
    AVG,
    /** the mean of the whole feature map, flattened to N × C */
    GLOBAL_AVG
  }

  private final Kind kind;
  private final int kernel;
  private final int stride;
  private final int padding;

  private PoolBlock(Kind kind, int kernel, int stride, int padding) {
    super(VERSION);
    this.kind = kind;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
  }

  /**
   * @param kernel window side
   * @param stride step
   * @param padding implicit padding on each side (at most half the kernel)
   * @return a max-pooling block
   */
  public static PoolBlock max(int kernel, int stride, int padding) {
    return new PoolBlock(Kind.MAX, kernel, stride, padding);
  }

  /**
   * @param kernel window side
   * @param stride step
   * @param padding implicit padding on each side
   * @return an average-pooling block
   */
  public static PoolBlock avg(int kernel, int stride, int padding) {
    return new PoolBlock(Kind.AVG, kernel, stride, padding);
  }

  /**
   * @return global average pooling, N × C × H × W → N × C
   */
  public static PoolBlock globalAvg() {
    return new PoolBlock(Kind.GLOBAL_AVG, 0, 1, 0);
  }

  /**
   * @return the reduction
   */
  public Kind kind() {
    return kind;
  }

  /**
   * @return the window side (0 for global pooling)
   */
  public int kernel() {
    return kernel;
  }

  /**
   * @return the step
   */
  public int stride() {
    return stride;
  }

  /**
   * @return the padding on each side
   */
  public int padding() {
    return padding;
  }

  /**
   * @param size input side
   * @return the output side of a window pool, floor((size + 2p − k) / s) + 1
   */
  public int outputSize(long size) {
    return (int) Math.floorDiv(size + 2L * padding - kernel, stride) + 1;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Shape k = new Shape(kernel, kernel);
    Shape s = new Shape(stride, stride);
    Shape p = new Shape(padding, padding);
    switch (kind) {
      case MAX:
        return new NDList(
            padding == 0 && !training
                ? windowMax(windowMax(x, 2), 3)
                : Pool.maxPool2d(x, k, s, p, false));
      case AVG:
        return new NDList(Pool.avgPool2d(x, k, s, p, false, true));
      default:
        Shape in = x.getShape();
        return new NDList(Pool.globalAvgPool2d(x).reshape(in.get(0), in.get(1)));
    }
  }

  /** The maximum over each window along one spatial axis (2 or 3): max over j of x[j :: stride]. */
  private NDArray windowMax(NDArray x, int axis) {
    long span = (long) stride * (outputSize(x.getShape().get(axis)) - 1) + 1;
    String at = axis == 2 ? ":, :, {}:{}:{}" : ":, :, :, {}:{}:{}";
    NDArray max = null;
    for (int j = 0; j < kernel; j++) {
      NDArray slice = x.get(new NDIndex(at, j, j + span, stride));
      max = max == null ? slice : max.maximum(slice);
    }
    return max;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    Shape in = inputs[0];
    if (kind == Kind.GLOBAL_AVG) {
      return new Shape[] {new Shape(in.get(0), in.get(1))};
    }
    return new Shape[] {
      new Shape(in.get(0), in.get(1), outputSize(in.get(2)), outputSize(in.get(3)))
    };
  }

  @Override
  public String toString() {
    return kind == Kind.GLOBAL_AVG
        ? "GlobalAvgPool"
        : (kind == Kind.MAX ? "MaxPool" : "AvgPool") + kernel + "x" + kernel + "/" + stride;
  }
}
