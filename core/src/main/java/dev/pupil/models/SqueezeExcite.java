package dev.pupil.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.pupil.nd.Scalars;

/**
 * Squeeze-and-excitation (Hu et al. 2018, "Squeeze-and-Excitation Networks", arXiv:1709.01507):
 * global average pooling, a bottleneck of two fully connected layers (written as 1×1 convolutions,
 * the same weights) and a sigmoid gate that rescales each channel. SENet uses ReLU with reduction
 * 16; EfficientNet uses swish with a quarter of the block's input channels.
 */
public final class SqueezeExcite extends AbstractBlock implements BlockWalker.Branching {
  private static final byte VERSION = 1;

  private final Block reduce;
  private final Block expand;
  private final boolean swish;

  /**
   * @param channels channels of the input (and output)
   * @param squeezed channels of the bottleneck
   * @param swish swish in the bottleneck instead of ReLU
   */
  public SqueezeExcite(int channels, int squeezed, boolean swish) {
    super(VERSION);
    this.reduce = addChildBlock("reduce", conv1x1(squeezed));
    this.expand = addChildBlock("expand", conv1x1(channels));
    this.swish = swish;
  }

  private static Block conv1x1(int filters) {
    return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(1, 1)).build();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray s = Pool.globalAvgPool2d(x).reshape(pooled(x.getShape()));
    s = reduce.forward(ps, new NDList(s), training).singletonOrThrow();
    s = swish ? Scalars.swish(s) : Activation.relu(s);
    s = Activation.sigmoid(expand.forward(ps, new NDList(s), training).singletonOrThrow());
    return new NDList(x.mul(s));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape pooled = pooled(inputShapes[0]);
    reduce.initialize(manager, dataType, pooled);
    expand.initialize(manager, dataType, reduce.getOutputShapes(new Shape[] {pooled}));
  }

  private static Shape pooled(Shape in) {
    return new Shape(in.get(0), in.get(1), 1, 1);
  }

  /** The gate works on 1×1 maps: it adds FLOPs but no spatial geometry. */
  @Override
  public <S> BlockWalker.Flow<S> walk(BlockWalker<S> walker, String path, BlockWalker.Flow<S> in) {
    BlockWalker.Flow<S> pooled = new BlockWalker.Flow<>(pooled(in.shape()), in.state());
    BlockWalker.Flow<S> gate = walker.side(path + "/reduce", reduce, pooled);
    walker.side(path + "/expand", expand, gate);
    return in;
  }
}
