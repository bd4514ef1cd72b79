package dev.pupil.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import dev.pupil.nd.Scalars;

/** DJL layers as the architectures use them: square kernels, symmetric padding. */
final class Layers {
  private Layers() {}

  /** A square convolution; bias only when no batch norm follows. */
  static Block conv(int filters, int kernel, int stride, int padding, boolean bias) {
    return Conv2d.builder()
        .setFilters(filters)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(padding, padding))
        .optBias(bias)
        .build();
  }

  /** A depthwise convolution (one filter per channel), padded to keep the size at stride 1. */
  static Block depthwise(int channels, int kernel, int stride) {
    return Conv2d.builder()
        .setFilters(channels)
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(kernel / 2, kernel / 2))
        .optGroups(channels)
        .optBias(false)
        .build();
  }

  /** conv → batch norm (the conv has no bias). */
  static SequentialBlock convBn(int filters, int kernel, int stride, int padding) {
    return new SequentialBlock().add(conv(filters, kernel, stride, padding, false)).add(bn());
  }

  /** conv → batch norm → ReLU. */
  static SequentialBlock convBnRelu(int filters, int kernel, int stride, int padding) {
    return convBn(filters, kernel, stride, padding).add(Activation.reluBlock());
  }

  /** conv → [batch norm] → ReLU: with a bias and no norm when {@code batchNorm} is false. */
  static SequentialBlock convRelu(
      int filters, int kernel, int stride, int padding, boolean batchNorm) {
    SequentialBlock b =
        new SequentialBlock().add(conv(filters, kernel, stride, padding, !batchNorm));
    if (batchNorm) {
      b.add(bn());
    }
    return b.add(Activation.reluBlock());
  }

  static Block bn() {
    return BatchNorm.builder().build();
  }

  static Block relu() {
    return Activation.reluBlock();
  }

  /**
   * Swish without DJL's {@code x.mul(1f)}, whose constant autograd could read after it is freed.
   */
  static Block swish() {
    return new LambdaBlock(x -> new NDList(Scalars.swish(x.singletonOrThrow())), "Swish");
  }

  static Block linear(int units) {
    return Linear.builder().setUnits(units).build();
  }

  static Block dropout(float rate) {
    return Dropout.builder().optRate(rate).build();
  }

  static Block flatten() {
    return Blocks.batchFlattenBlock();
  }

  /** The classifier head: one fully connected layer to the classes. */
  static Block head(ModelSpec spec) {
    return linear(spec.numClasses());
  }

  /** Whether an input counts as small (≤ 64 px): CIFAR-style stems without early downsampling. */
  static boolean small(ModelSpec spec) {
    return Math.max(spec.height(), spec.width()) <= 64;
  }
}
