package dev.pupil.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import java.util.List;

/**
 * DenseNet-BC (Huang et al. 2017, "Densely Connected Convolutional Networks", arXiv:1608.06993):
 * dense blocks in which each layer (BN-ReLU-1×1 conv to 4k channels, BN-ReLU-3×3 conv to k) sees
 * the concatenation of all earlier feature maps, joined by transitions (BN-ReLU-1×1 conv halving
 * the channels, 2×2 average pool). DenseNet-121: k = 32, blocks of 6-12-24-16 layers, 8.0M
 * parameters. {@code densenet-small}: the paper's CIFAR DenseNet-BC of depth 40 with k = 12 (three
 * blocks of six layers). Stem: 7×7 stride-2 convolution and 3×3 max pool, or a 3×3 stride-1
 * convolution for inputs ≤ 64 px. The width multiplier scales the growth rate.
 */
final class DenseNet {
  private DenseNet() {}

  static ClassifierBlock densenet121(ModelSpec spec, ModelOptions o) {
    return build(spec, o, o.width(32), new int[] {6, 12, 24, 16}, o.width(64));
  }

  static ClassifierBlock densenetSmall(ModelSpec spec, ModelOptions o) {
    int k = o.width(12);
    return build(spec, o, k, new int[] {6, 6, 6}, 2 * k);
  }

  private static ClassifierBlock build(
      ModelSpec spec, ModelOptions o, int growth, int[] blocks, int init) {
    SequentialBlock f = new SequentialBlock();
    if (Layers.small(spec)) {
      f.add(Layers.conv(init, 3, 1, 1, false));
    } else {
      f.add(Layers.convBnRelu(init, 7, 2, 3)).add(PoolBlock.max(3, 2, 1));
    }
    int channels = init;
    for (int b = 0; b < blocks.length; b++) {
      for (int i = 0; i < blocks[b]; i++) {
        f.add(denseLayer(growth));
        channels += growth;
      }
      if (b < blocks.length - 1) {
        channels /= 2;
        f.add(transition(channels));
      }
    }
    f.add(Layers.bn()).add(Layers.relu()).add(PoolBlock.globalAvg());
    float drop = o.dropoutOr(0);
    if (drop > 0) {
      f.add(Layers.dropout(drop));
    }
    return new ClassifierBlock(f, Layers.head(spec));
  }

  /** x → concat(x, H(x)) with H = BN-ReLU-conv1×1(4k)-BN-ReLU-conv3×3(k). */
  private static Block denseLayer(int growth) {
    SequentialBlock h =
        new SequentialBlock()
            .add(Layers.bn())
            .add(Layers.relu())
            .add(Layers.conv(4 * growth, 1, 1, 0, false))
            .add(Layers.bn())
            .add(Layers.relu())
            .add(Layers.conv(growth, 3, 1, 1, false));
    return new ParallelBlock(DenseNet::concat, List.of(Blocks.identityBlock(), h));
  }

  private static NDList concat(List<NDList> parts) {
    NDList arrays = new NDList();
    for (NDList p : parts) {
      arrays.add(p.singletonOrThrow());
    }
    NDArray joined = NDArrays.concat(arrays, 1);
    return new NDList(joined);
  }

  private static Block transition(int out) {
    return new SequentialBlock()
        .add(Layers.bn())
        .add(Layers.relu())
        .add(Layers.conv(out, 1, 1, 0, false))
        .add(PoolBlock.avg(2, 2, 0));
  }

  /** Concatenates branch outputs along the channel axis (shared with inception blocks). */
  static NDList concatChannels(List<NDList> parts) {
    return concat(parts);
  }
}
