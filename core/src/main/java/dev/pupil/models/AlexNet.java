package dev.pupil.models;

import ai.djl.nn.SequentialBlock;

/**
 * AlexNet (Krizhevsky, Sutskever & Hinton 2012, "ImageNet Classification with Deep Convolutional
 * Neural Networks"), in its single-tower form (64-192-384-256-256 channels, as Krizhevsky's 2014
 * "one weird trick" and torchvision; 61.1M parameters at 224×224): an 11×11 stride-4 first
 * convolution, ReLU, three overlapping 3×3 stride-2 max pools, optional local response
 * normalization after the first two convolutions, then the feature map flattened into two 4096-unit
 * layers with dropout 0.5.
 *
 * <p>At inputs where a pool's window no longer fits the feature map (below about 60 px), that pool
 * is left out, so the network still builds; the flattened size follows the input. {@code
 * alexnet-small} is the design scaled for 28–32 px: a 5×5 stride-1 first convolution and two
 * 1024-unit layers.
 */
final class AlexNet {
  private AlexNet() {}

  static ClassifierBlock alexnet(ModelSpec spec, ModelOptions o) {
    return build("alexnet", spec, o, 11, 4, 2, 4096);
  }

  static ClassifierBlock alexnetSmall(ModelSpec spec, ModelOptions o) {
    return build("alexnet-small", spec, o, 5, 1, 2, 1024);
  }

  private static ClassifierBlock build(
      String name, ModelSpec spec, ModelOptions o, int k1, int s1, int p1, int fc) {
    FeatureSize size = new FeatureSize(name, spec);
    boolean bn = o.batchNorm();
    SequentialBlock f = new SequentialBlock();
    f.add(Layers.convRelu(o.width(64), k1, s1, p1, bn));
    size.window(k1, s1, p1);
    if (o.lrn()) {
      f.add(Lrn.alexNet());
    }
    maxPool(f, size);
    f.add(Layers.convRelu(o.width(192), 5, 1, 2, bn));
    if (o.lrn()) {
      f.add(Lrn.alexNet());
    }
    maxPool(f, size);
    f.add(Layers.convRelu(o.width(384), 3, 1, 1, bn));
    f.add(Layers.convRelu(o.width(256), 3, 1, 1, bn));
    f.add(Layers.convRelu(o.width(256), 3, 1, 1, bn));
    maxPool(f, size);
    float drop = o.dropoutOr(0.5);
    f.add(Layers.flatten())
        .add(Layers.dropout(drop))
        .add(Layers.linear(o.width(fc)))
        .add(Layers.relu())
        .add(Layers.dropout(drop))
        .add(Layers.linear(o.width(fc)))
        .add(Layers.relu());
    return new ClassifierBlock(f, Layers.head(spec));
  }

  /** A 3×3 stride-2 max pool, left out when the feature map is smaller than its window. */
  private static void maxPool(SequentialBlock f, FeatureSize size) {
    if (size.fits(3, 0)) {
      f.add(PoolBlock.max(3, 2, 0));
      size.window(3, 2, 0);
    }
  }
}
