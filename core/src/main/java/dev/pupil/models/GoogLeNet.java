package dev.pupil.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.List;

/**
 * GoogLeNet (Szegedy et al. 2015, "Going Deeper with Convolutions", arXiv:1409.4842, Table 1):
 * stem, nine inception modules (3a–5b) with max pools between groups, global average pooling and
 * dropout 0.4. Two auxiliary classifiers on the outputs of 4a and 4d (5×5 stride-3 average pool,
 * 1×1 convolution of 128, FC 1024, dropout 0.7, FC to the classes) exist only in training: this
 * backbone then returns their logits after the embeddings, and {@code SupervisedTask} adds 0.3 ×
 * their cross-entropy to the loss.
 *
 * <p>Two variants by name: {@code googlenet} is torchvision's (batch norm after every convolution,
 * convolutions without bias, 3×3 kernels in the "5×5" branches): 6,624,904 parameters at 224×224
 * with 1,000 classes, as torchvision's {@code googlenet(aux_logits=False)}. {@code googlenet-v1} is
 * the paper's (5×5 branches, biases, no batch norm unless asked for, optional local response
 * normalization after the first two convolutions, {@code lrn}): 7.0M by Table 1's channel counts.
 * Inputs ≤ 64 px use a 3×3 stride-1 first convolution and no pools before 3a; the auxiliary pools
 * shrink to the feature map when it is smaller than 5×5.
 */
final class GoogLeNet extends AbstractBlock implements AuxiliaryHeads, BlockWalker.Branching {
  private static final byte VERSION = 1;

  private final Block stem;
  private final Block middle;
  private final Block tail;
  private final Block aux1;
  private final Block aux2;

  private GoogLeNet(Block stem, Block middle, Block tail, Block aux1, Block aux2) {
    super(VERSION);
    this.stem = addChildBlock("stem", stem);
    this.middle = addChildBlock("middle", middle);
    this.tail = addChildBlock("tail", tail);
    this.aux1 = addChildBlock("aux1", aux1);
    this.aux2 = addChildBlock("aux2", aux2);
  }

  static ClassifierBlock torchvision(ModelSpec spec, ModelOptions o) {
    return googlenet(spec, o.withBatchNorm(true), 3);
  }

  static ClassifierBlock paper(ModelSpec spec, ModelOptions o) {
    return googlenet(spec, o, 5);
  }

  private static ClassifierBlock googlenet(ModelSpec spec, ModelOptions o, int k5) {
    FeatureSize size = new FeatureSize("googlenet", spec);
    boolean bn = o.batchNorm();
    SequentialBlock stem = new SequentialBlock();
    if (Layers.small(spec)) {
      stem.add(Layers.convRelu(o.width(64), 3, 1, 1, bn));
    } else {
      stem.add(Layers.convRelu(o.width(64), 7, 2, 3, bn)).add(PoolBlock.max(3, 2, 1));
      size.window(7, 2, 3).window(3, 2, 1);
    }
    if (o.lrn()) {
      stem.add(Lrn.alexNet());
    }
    stem.add(Layers.convRelu(o.width(64), 1, 1, 0, bn))
        .add(Layers.convRelu(o.width(192), 3, 1, 1, bn));
    if (o.lrn()) {
      stem.add(Lrn.alexNet());
    }
    if (!Layers.small(spec)) {
      stem.add(PoolBlock.max(3, 2, 1));
      size.window(3, 2, 1);
    }
    stem.add(Inception.module(64, 96, 128, 16, 32, 32, o, k5))
        .add(Inception.module(128, 128, 192, 32, 96, 64, o, k5))
        .add(PoolBlock.max(3, 2, 1));
    size.window(3, 2, 1);
    stem.add(Inception.module(192, 96, 208, 16, 48, 64, o, k5));
    Block aux1 = aux(spec, o, size);

    SequentialBlock middle =
        new SequentialBlock()
            .add(Inception.module(160, 112, 224, 24, 64, 64, o, k5))
            .add(Inception.module(128, 128, 256, 24, 64, 64, o, k5))
            .add(Inception.module(112, 144, 288, 32, 64, 64, o, k5));
    Block aux2 = aux(spec, o, size);

    SequentialBlock tail =
        new SequentialBlock()
            .add(Inception.module(256, 160, 320, 32, 128, 128, o, k5))
            .add(PoolBlock.max(3, 2, 1))
            .add(Inception.module(256, 160, 320, 32, 128, 128, o, k5))
            .add(Inception.module(384, 192, 384, 48, 128, 128, o, k5))
            .add(PoolBlock.globalAvg())
            .add(Layers.dropout(o.dropoutOr(0.4)));
    return new ClassifierBlock(new GoogLeNet(stem, middle, tail, aux1, aux2), Layers.head(spec));
  }

  /** An auxiliary classifier for a feature map of the given size. */
  private static Block aux(ModelSpec spec, ModelOptions o, FeatureSize size) {
    SequentialBlock a = new SequentialBlock();
    if (size.fits(5, 0)) {
      a.add(PoolBlock.avg(5, 3, 0));
    } else {
      a.add(PoolBlock.avg((int) size.min(), 1, 0));
    }
    return a.add(Layers.convRelu(o.width(128), 1, 1, 0, o.batchNorm()))
        .add(Layers.flatten())
        .add(Layers.linear(o.width(1024)))
        .add(Layers.relu())
        .add(Layers.dropout(0.7f))
        .add(Layers.linear(spec.numClasses()));
  }

  @Override
  public int auxiliaryOutputs() {
    return 2;
  }

  @Override
  public List<Pair<String, Block>> inferenceChain() {
    return List.of(
        new Pair<>("stem", stem), new Pair<>("middle", middle), new Pair<>("tail", tail));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList a = stem.forward(ps, inputs, training, params);
    NDList b = middle.forward(ps, a, training, params);
    NDList out = new NDList(tail.forward(ps, b, training, params).singletonOrThrow());
    if (training) {
      out.add(aux1.forward(ps, a, true, params).singletonOrThrow());
      out.add(aux2.forward(ps, b, true, params).singletonOrThrow());
    }
    return out;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return tail.getOutputShapes(middle.getOutputShapes(stem.getOutputShapes(inputShapes)));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    stem.initialize(manager, dataType, inputShapes);
    Shape[] a = stem.getOutputShapes(inputShapes);
    aux1.initialize(manager, dataType, a);
    middle.initialize(manager, dataType, a);
    Shape[] b = middle.getOutputShapes(a);
    aux2.initialize(manager, dataType, b);
    tail.initialize(manager, dataType, b);
  }

  /** The inference path only: the auxiliary heads add neither FLOPs nor receptive field. */
  @Override
  public <S> BlockWalker.Flow<S> walk(BlockWalker<S> walker, String path, BlockWalker.Flow<S> in) {
    BlockWalker.Flow<S> f = walker.walk(path + "/stem", stem, in);
    f = walker.walk(path + "/middle", middle, f);
    return walker.walk(path + "/tail", tail, f);
  }
}
