package dev.pupil.models;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import dev.pupil.BadInputException;
import java.util.List;

/**
 * A network's size and cost for one input: learnable parameters (weights, biases, batch-norm scale
 * and shift; not batch-norm running statistics, as torchvision's counts) and forward FLOPs of one
 * image, counted as 2 × the multiply-adds of convolutions and fully connected layers (batch norm,
 * activations, pooling and element-wise sums are left out; they are a few percent). FLOPs come from
 * a {@link BlockWalker} walk with shapes along the inference path.
 *
 * @param parameters learnable parameters used at inference
 * @param auxParameters learnable parameters of auxiliary heads, used only in training
 * @param flops forward FLOPs per image (2 × multiply-adds)
 */
public record ModelStats(long parameters, long auxParameters, long flops) {
  /**
   * Builds and initializes a registered network and measures it.
   *
   * @param name the registry name
   * @param spec input and classes
   * @param options model options
   * @return the counts
   * @throws BadInputException when the network cannot be built for the input
   */
  public static ModelStats measure(String name, ModelSpec spec, ModelOptions options) {
    ClassifierBlock block = ModelRegistry.create(name, spec, options);
    try (NDManager m = NDManager.newBaseManager()) {
      try {
        // Only shapes matter here: zeros are much cheaper to create than random weights.
        block.setInitializer(Initializer.ZEROS, p -> true);
        block.initialize(m, DataType.FLOAT32, inputShape(spec));
      } catch (BadInputException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new BadInputException(
            name
                + " cannot be built for "
                + spec.height()
                + "x"
                + spec.width()
                + "x"
                + spec.channels()
                + ": "
                + e.getMessage(),
            e);
      }
      return of(block, spec);
    }
  }

  /**
   * @param block an initialized network
   * @param spec the input it was initialized for
   * @return its counts
   */
  public static ModelStats of(ClassifierBlock block, ModelSpec spec) {
    long params = 0;
    long aux = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      Parameter.Type t = p.getValue().getType();
      if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
        continue;
      }
      long n = p.getValue().getShape().size();
      if (p.getKey().contains("aux")) {
        aux += n;
      } else {
        params += n;
      }
    }
    long[] macs = {0};
    BlockWalker<Void> walker =
        new BlockWalker<>(
            new BlockWalker.Visitor<>() {
              @Override
              public Void leaf(String path, Block b, Shape in, Shape out, Void state) {
                macs[0] += multiplyAdds(b, in, out);
                return null;
              }

              @Override
              public Void merge(List<Void> branches) {
                return null;
              }
            });
    walker.walk("", block, new BlockWalker.Flow<>(inputShape(spec), null));
    return new ModelStats(params, aux, 2 * macs[0]);
  }

  /** Multiply-adds of one leaf for a batch of one. */
  static long multiplyAdds(Block b, Shape in, Shape out) {
    if (b instanceof Convolution c) {
      long perOutput = in.get(1) / c.getGroups() * c.getKernelShape().size();
      return out.size() / out.get(0) * perOutput;
    }
    if (b instanceof Linear) {
      return out.size() / out.get(0) * in.get(in.dimension() - 1);
    }
    return 0;
  }

  /**
   * @return N = 1 × C × H × W for the spec
   */
  static Shape inputShape(ModelSpec spec) {
    return new Shape(1, spec.channels(), spec.height(), spec.width());
  }
}
