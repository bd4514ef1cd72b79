package dev.pupil.models;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.training.initializer.Initializer;
import java.util.ArrayList;
import java.util.List;

/**
 * Receptive fields computed from the layer definitions (Araujo, Norris & Sim 2019, "Computing
 * Receptive Fields of Convolutional Neural Networks", Distill): walking the network in forward
 * order, a layer of kernel k, stride s and dilation d grows the receptive field r by (k − 1)·d·j
 * and multiplies the jump (cumulative stride) j by s. Where branches join (inception, residual,
 * dense concatenation) the largest r and j are kept. Kernels, strides and dilations are read from
 * DJL's convolutions and from {@link PoolBlock}s; global pooling and fully connected layers end the
 * spatial part. Every Pupil kernel is square, so the vertical axis stands for both.
 */
public final class ReceptiveField {
  private ReceptiveField() {}

  /**
   * One convolution or pooling layer.
   *
   * @param path where it sits in the block tree
   * @param kind {@code conv} or {@code max-pool}/{@code avg-pool}
   * @param kernel kernel side
   * @param stride its stride
   * @param dilation its dilation (1 for pools)
   * @param outHeight output height
   * @param outWidth output width
   * @param jump cumulative stride after it, in input pixels
   * @param size receptive field after it, in input pixels
   */
  public record Layer(
      String path,
      String kind,
      int kernel,
      int stride,
      int dilation,
      long outHeight,
      long outWidth,
      long jump,
      long size) {}

  /**
   * The whole network.
   *
   * @param layers every convolution and pool, in forward order
   * @param size the receptive field of the last spatial layer
   * @param jump its cumulative stride
   */
  public record Result(List<Layer> layers, long size, long jump) {}

  private record State(long size, long jump) {}

  /**
   * Builds a registered network for the input and walks it.
   *
   * @param name registry name
   * @param spec input and classes
   * @param options model options
   * @return the layers and the final receptive field
   */
  public static Result of(String name, ModelSpec spec, ModelOptions options) {
    ClassifierBlock block = ModelRegistry.create(name, spec, options);
    try (NDManager m = NDManager.newBaseManager()) {
      // Only shapes matter here: zeros are much cheaper to create than random weights.
      block.setInitializer(Initializer.ZEROS, p -> true);
      block.initialize(m, DataType.FLOAT32, ModelStats.inputShape(spec));
      return of(block, spec);
    }
  }

  /**
   * @param block an initialized network
   * @param spec its input
   * @return the layers and the final receptive field
   */
  public static Result of(ClassifierBlock block, ModelSpec spec) {
    List<Layer> layers = new ArrayList<>();
    BlockWalker<State> walker =
        new BlockWalker<>(
            new BlockWalker.Visitor<>() {
              @Override
              public State leaf(String path, Block b, Shape in, Shape out, State s) {
                int k;
                int stride;
                int dilation = 1;
                String kind;
                if (b instanceof Convolution c) {
                  k = (int) c.getKernelShape().get(0);
                  stride = (int) c.getStride().get(0);
                  dilation = (int) c.getDilation().get(0);
                  kind = "conv";
                } else if (b instanceof PoolBlock p && p.kind() != PoolBlock.Kind.GLOBAL_AVG) {
                  k = p.kernel();
                  stride = p.stride();
                  kind = p.kind() == PoolBlock.Kind.MAX ? "max-pool" : "avg-pool";
                } else {
                  return s;
                }
                State next =
                    new State(s.size() + (long) (k - 1) * dilation * s.jump(), s.jump() * stride);
                layers.add(
                    new Layer(
                        path,
                        kind,
                        k,
                        stride,
                        dilation,
                        out.get(2),
                        out.get(3),
                        next.jump(),
                        next.size()));
                return next;
              }

              @Override
              public State side(String path, Block b, Shape in, Shape out, State s) {
                return s;
              }

              @Override
              public State merge(List<State> branches) {
                long size = 0;
                long jump = 0;
                for (State s : branches) {
                  size = Math.max(size, s.size());
                  jump = Math.max(jump, s.jump());
                }
                return new State(size, jump);
              }
            });
    BlockWalker.Flow<State> end =
        walker.walk(
            "", block, new BlockWalker.Flow<>(ModelStats.inputShape(spec), new State(1, 1)));
    return new Result(List.copyOf(layers), end.state().size(), end.state().jump());
  }
}
