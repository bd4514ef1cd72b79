package dev.pupil.models;

import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import java.util.List;

/**
 * An inception module (Szegedy et al. 2015, "Going Deeper with Convolutions", arXiv:1409.4842, Fig.
 * 2b): four parallel branches concatenated along channels — a 1×1 convolution; 1×1 reduction then
 * 3×3; 1×1 reduction then 5×5 (3×3 in torchvision's GoogLeNet, a slip of the reference
 * implementation that torchvision kept); 3×3 max pool then a 1×1 projection. Every convolution is
 * followed by ReLU (and batch norm when asked for).
 */
final class Inception {
  private Inception() {}

  /**
   * @param c1 1×1 branch channels
   * @param c3r 3×3 reduction
   * @param c3 3×3 channels
   * @param c5r 5×5 reduction
   * @param c5 5×5 channels
   * @param pool pool projection channels
   * @param o width multiplier and batch norm
   * @param k5 the kernel of the "5×5" branch: 5 (the paper) or 3 (torchvision)
   * @return the module
   */
  static Block module(int c1, int c3r, int c3, int c5r, int c5, int pool, ModelOptions o, int k5) {
    boolean bn = o.batchNorm();
    Block b1 = Layers.convRelu(o.width(c1), 1, 1, 0, bn);
    Block b2 =
        new SequentialBlock()
            .add(Layers.convRelu(o.width(c3r), 1, 1, 0, bn))
            .add(Layers.convRelu(o.width(c3), 3, 1, 1, bn));
    Block b3 =
        new SequentialBlock()
            .add(Layers.convRelu(o.width(c5r), 1, 1, 0, bn))
            .add(Layers.convRelu(o.width(c5), k5, 1, k5 / 2, bn));
    Block b4 =
        new SequentialBlock()
            .add(PoolBlock.max(3, 1, 1))
            .add(Layers.convRelu(o.width(pool), 1, 1, 0, bn));
    return new ParallelBlock(DenseNet::concatChannels, List.of(b1, b2, b3, b4));
  }

  /**
   * @return the channels a module outputs
   */
  static int channels(int c1, int c3, int c5, int pool, ModelOptions o) {
    return o.width(c1) + o.width(c3) + o.width(c5) + o.width(pool);
  }
}
