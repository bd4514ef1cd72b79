package dev.pupil.models;

import ai.djl.nn.SequentialBlock;

/**
 * VGG (Simonyan & Zisserman 2015, "Very Deep Convolutional Networks for Large-Scale Image
 * Recognition", arXiv:1409.1556), configurations A (11), B (13), D (16) and E (19): stacks of 3×3
 * stride-1 convolutions with ReLU, 2×2 stride-2 max pools between the five stages, and three fully
 * connected layers (4096, 4096, classes) with dropout 0.5; the {@code -bn} variants add batch
 * normalization after every convolution (as torchvision's). VGG-16 has 138.4M parameters at
 * 224×224.
 *
 * <p>Small inputs: a pool is left out when the feature map has shrunk below its 2×2 window (a 28×28
 * input keeps four pools and ends at 1×1), so the first FC layer sees 512 × the final area.
 */
final class Vgg {
  private static final int POOL = 0;

  private Vgg() {}

  static int[] config(int depth) {
    switch (depth) {
      case 11:
        return new int[] {64, POOL, 128, POOL, 256, 256, POOL, 512, 512, POOL, 512, 512, POOL};
      case 13:
        return new int[] {
          64, 64, POOL, 128, 128, POOL, 256, 256, POOL, 512, 512, POOL, 512, 512, POOL
        };
      case 16:
        return new int[] {
          64, 64, POOL, 128, 128, POOL, 256, 256, 256, POOL, 512, 512, 512, POOL, 512, 512, 512,
          POOL
        };
      case 19:
        return new int[] {
          64, 64, POOL, 128, 128, POOL, 256, 256, 256, 256, POOL, 512, 512, 512, 512, POOL, 512,
          512, 512, 512, POOL
        };
      default:
        throw new IllegalArgumentException("VGG depth must be 11, 13, 16 or 19, got " + depth);
    }
  }

  static ClassifierBlock vgg(ModelSpec spec, ModelOptions o, int depth, boolean batchNorm) {
    FeatureSize size = new FeatureSize("vgg" + depth, spec);
    SequentialBlock f = new SequentialBlock();
    for (int c : config(depth)) {
      if (c == POOL) {
        if (size.fits(2, 0)) {
          f.add(PoolBlock.max(2, 2, 0));
          size.window(2, 2, 0);
        }
      } else {
        f.add(Layers.convRelu(o.width(c), 3, 1, 1, batchNorm));
      }
    }
    float drop = o.dropoutOr(0.5);
    f.add(Layers.flatten())
        .add(Layers.linear(o.width(4096)))
        .add(Layers.relu())
        .add(Layers.dropout(drop))
        .add(Layers.linear(o.width(4096)))
        .add(Layers.relu())
        .add(Layers.dropout(drop));
    return new ClassifierBlock(f, Layers.head(spec));
  }
}
