package dev.pupil.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.pupil.nd.Scalars;
import java.util.Arrays;

/**
 * A residual unit {@code y = act(F(x) + shortcut(x))} (He et al. 2016, "Deep Residual Learning for
 * Image Recognition", arXiv:1512.03385): the branch F is a basic, bottleneck or MBConv stack; the
 * shortcut is the identity or a projection. In training, the branch may be dropped per sample with
 * probability {@code dropPath} and rescaled by 1/(1 − p) otherwise (stochastic depth, Huang et al.
 * 2016, arXiv:1603.09382; EfficientNet's "drop connect").
 */
public final class Residual extends AbstractBlock implements BlockWalker.Branching {
  private static final byte VERSION = 1;

  private final Block branch;
  private final Block shortcut;
  private final float dropPath;
  private final boolean relu;

  /**
   * @param branch the residual function F
   * @param shortcut the projection, or null for the identity
   * @param dropPath probability of dropping the branch in training, in [0, 1)
   * @param relu whether a ReLU follows the sum (ResNet yes, MBConv no)
   */
  public Residual(Block branch, Block shortcut, float dropPath, boolean relu) {
    super(VERSION);
    if (!(dropPath >= 0 && dropPath < 1)) {
      throw new IllegalArgumentException("dropPath must be in [0, 1), got " + dropPath);
    }
    this.branch = addChildBlock("branch", branch);
    this.shortcut = shortcut == null ? null : addChildBlock("shortcut", shortcut);
    this.dropPath = dropPath;
    this.relu = relu;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray y = branch.forward(ps, inputs, training, params).singletonOrThrow();
    if (training && dropPath > 0) {
      long n = y.getShape().get(0);
      NDArray keep =
          y.getManager()
              .randomUniform(0f, 1f, new Shape(n, 1, 1, 1), y.getDataType())
              .gte(dropPath)
              .toType(y.getDataType(), false);
      y = Scalars.div(y.mul(keep), 1f - dropPath);
    }
    NDArray s = shortcut == null ? x : shortcut.forward(ps, inputs, training, params).head();
    NDArray sum = y.add(s);
    return new NDList(relu ? Activation.relu(sum) : sum);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return branch.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    branch.initialize(manager, dataType, inputShapes);
    if (shortcut != null) {
      shortcut.initialize(manager, dataType, inputShapes);
    }
  }

  @Override
  public <S> BlockWalker.Flow<S> walk(BlockWalker<S> walker, String path, BlockWalker.Flow<S> in) {
    BlockWalker.Flow<S> b = walker.walk(path + "/branch", branch, in);
    BlockWalker.Flow<S> s = shortcut == null ? in : walker.walk(path + "/shortcut", shortcut, in);
    S joined = walker.visitor().merge(Arrays.asList(b.state(), s.state()));
    return new BlockWalker.Flow<>(b.shape(), joined);
  }
}
