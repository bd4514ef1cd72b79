package dev.pupil.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;

/**
 * The course's first networks: a linear classifier on pixels, a multilayer perceptron, LeNet-5
 * (LeCun et al. 1998, "Gradient-based learning applied to document recognition") and a compact CNN.
 * All are made from DJL's layers, with {@link PoolBlock} for pooling so that their geometry can be
 * read (it saves the same bytes as DJL's pooling lambdas, so older model files load).
 */
final class SmallNets {
  private SmallNets() {}

  /** One fully connected layer on the flattened pixels; its weights are the class templates. */
  static ClassifierBlock linear(ModelSpec spec) {
    return new ClassifierBlock(Blocks.batchFlattenBlock(), head(spec));
  }

  /** Two hidden layers of 256 and 128 ReLU units. */
  static ClassifierBlock mlp(ModelSpec spec) {
    SequentialBlock backbone =
        new SequentialBlock()
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(256).build())
            .add(Activation.reluBlock())
            .add(Dropout.builder().optRate(0.2f).build())
            .add(Linear.builder().setUnits(128).build())
            .add(Activation.reluBlock());
    return new ClassifierBlock(backbone, head(spec));
  }

  /**
   * LeNet-5: conv 5×5 (6) → pool → conv 5×5 (16) → pool → 120 → 84 → classes. The first convolution
   * pads by 2 so that a 28×28 input behaves like the paper's 32×32; ReLU and max pooling replace
   * the paper's scaled tanh and subsampling, as in modern re-implementations.
   */
  static ClassifierBlock lenet5(ModelSpec spec) {
    SequentialBlock backbone =
        new SequentialBlock()
            .add(conv(6, 5, 2))
            .add(Activation.reluBlock())
            .add(PoolBlock.max(2, 2, 0))
            .add(conv(16, 5, 0))
            .add(Activation.reluBlock())
            .add(PoolBlock.max(2, 2, 0))
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(120).build())
            .add(Activation.reluBlock())
            .add(Linear.builder().setUnits(84).build())
            .add(Activation.reluBlock());
    return new ClassifierBlock(backbone, head(spec));
  }

  /**
   * A compact CNN: two conv 3×3 → batch norm → ReLU → max-pool stages (32, 64 channels), a 128-unit
   * hidden layer with dropout before the classifier (0.3 unless {@code dropout} says otherwise).
   * About 0.42M parameters at 28×28.
   */
  static ClassifierBlock cnnSmall(ModelSpec spec, ModelOptions options) {
    SequentialBlock backbone =
        new SequentialBlock()
            .add(convBnRelu(32))
            .add(PoolBlock.max(2, 2, 0))
            .add(convBnRelu(64))
            .add(PoolBlock.max(2, 2, 0))
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(128).build())
            .add(Activation.reluBlock())
            .add(Dropout.builder().optRate(options.dropoutOr(0.3)).build());
    return new ClassifierBlock(backbone, head(spec));
  }

  /**
   * A tiny CNN, the student of knowledge distillation: cnn-small's layout at a quarter of its width
   * and without dropout — two conv 3×3 → batch norm → ReLU → max-pool stages (8, 16 channels) and a
   * 32-unit hidden layer. About 27k parameters at 28×28 (cnn-small ÷ 16). The width multiplier
   * scales all three widths; {@code dropout} adds dropout before the classifier (only when above 0,
   * so the network without it stays the same as before the option existed).
   */
  static ClassifierBlock cnnTiny(ModelSpec spec, ModelOptions options) {
    SequentialBlock backbone =
        new SequentialBlock()
            .add(convBnRelu(options.width(8)))
            .add(PoolBlock.max(2, 2, 0))
            .add(convBnRelu(options.width(16)))
            .add(PoolBlock.max(2, 2, 0))
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(options.width(32)).build())
            .add(Activation.reluBlock());
    float drop = options.dropoutOr(0);
    if (drop > 0) {
      backbone.add(Dropout.builder().optRate(drop).build());
    }
    return new ClassifierBlock(backbone, head(spec));
  }

  private static Block convBnRelu(int filters) {
    return new SequentialBlock()
        .add(conv(filters, 3, 1))
        .add(BatchNorm.builder().build())
        .add(Activation.reluBlock());
  }

  private static Block conv(int filters, int kernel, int pad) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optPadding(new Shape(pad, pad))
        .build();
  }

  private static Block head(ModelSpec spec) {
    return Linear.builder().setUnits(spec.numClasses()).build();
  }
}
