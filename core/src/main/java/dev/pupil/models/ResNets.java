package dev.pupil.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;

/**
 * Residual networks (He et al. 2016, "Deep Residual Learning for Image Recognition",
 * arXiv:1512.03385), written out rather than taken from DJL (whose {@code ResNetV1} "18" is a 0.9M
 * bottleneck net):
 *
 * <ul>
 *   <li>ResNet-18/34: basic blocks (two 3×3 convolutions) in four stages of 64-128-256-512
 *       channels; ResNet-50: bottleneck blocks (1×1 reduce, 3×3, 1×1 expand ×4) with 256…2048
 *       output channels. As in the paper (Table 1 and §3.3), a stage's first block downsamples with
 *       stride 2 in its first convolution and projects the shortcut with a 1×1 convolution (option
 *       B); every convolution is followed by batch normalization. ImageNet stem: 7×7 stride-2
 *       convolution and a 3×3 stride-2 max pool; for inputs ≤ 64 px a 3×3 stride-1 convolution and
 *       no pool.
 *   <li>ResNet-20/32/56 for CIFAR (§4.2): a 3×3 convolution of 16 channels, three stages of n basic
 *       blocks (16-32-64 channels, depth 6n + 2), parameter-free shortcuts (option A: subsample and
 *       pad the new channels with zeros), global pooling.
 *   <li>SE-ResNet-18/50 (Hu et al. 2018, arXiv:1709.01507): a squeeze-and-excitation gate with
 *       reduction 16 on each residual branch before the sum.
 * </ul>
 *
 * Stochastic depth (drop path) grows linearly to {@link ModelOptions#stochasticDepth()} over the
 * blocks; dropout, when asked for, precedes the classifier.
 */
final class ResNets {
  private ResNets() {}

  static ClassifierBlock resnet(
      String name, ModelSpec spec, ModelOptions o, int[] blocks, boolean bottleneck, boolean se) {
    SequentialBlock f = new SequentialBlock();
    int c = o.width(64);
    if (Layers.small(spec)) {
      f.add(Layers.convBnRelu(c, 3, 1, 1));
    } else {
      f.add(Layers.convBnRelu(c, 7, 2, 3)).add(PoolBlock.max(3, 2, 1));
    }
    int total = 0;
    for (int n : blocks) {
      total += n;
    }
    float sd = o.stochasticDepthOr(0);
    int in = c;
    int index = 0;
    for (int stage = 0; stage < blocks.length; stage++) {
      int width = o.width(64 << stage);
      for (int i = 0; i < blocks[stage]; i++) {
        int stride = stage > 0 && i == 0 ? 2 : 1;
        float drop = total > 1 ? sd * index / (total - 1) : 0f;
        if (bottleneck) {
          f.add(bottleneck(in, width, stride, se, drop));
          in = 4 * width;
        } else {
          f.add(basic(in, width, stride, se, drop));
          in = width;
        }
        index++;
      }
    }
    f.add(PoolBlock.globalAvg());
    addDropout(f, o);
    return new ClassifierBlock(f, Layers.head(spec));
  }

  static ClassifierBlock cifar(ModelSpec spec, ModelOptions o, int depth) {
    if ((depth - 2) % 6 != 0) {
      throw new IllegalArgumentException("CIFAR ResNet depth must be 6n+2, got " + depth);
    }
    int n = (depth - 2) / 6;
    SequentialBlock f = new SequentialBlock();
    int in = o.width(16);
    f.add(Layers.convBnRelu(in, 3, 1, 1));
    float sd = o.stochasticDepthOr(0);
    int index = 0;
    for (int stage = 0; stage < 3; stage++) {
      int width = o.width(16 << stage);
      for (int i = 0; i < n; i++) {
        int stride = stage > 0 && i == 0 ? 2 : 1;
        float drop = 3 * n > 1 ? sd * index / (3 * n - 1) : 0f;
        Block shortcut = stride == 1 && in == width ? null : optionA(width - in, stride);
        f.add(new Residual(basicBranch(width, stride, false), shortcut, drop, true));
        in = width;
        index++;
      }
    }
    f.add(PoolBlock.globalAvg());
    addDropout(f, o);
    return new ClassifierBlock(f, Layers.head(spec));
  }

  private static void addDropout(SequentialBlock f, ModelOptions o) {
    float drop = o.dropoutOr(0);
    if (drop > 0) {
      f.add(Layers.dropout(drop));
    }
  }

  static Block basic(int in, int width, int stride, boolean se, float drop) {
    Block shortcut = stride == 1 && in == width ? null : Layers.convBn(width, 1, stride, 0);
    return new Residual(basicBranch(width, stride, se), shortcut, drop, true);
  }

  private static SequentialBlock basicBranch(int width, int stride, boolean se) {
    SequentialBlock b =
        new SequentialBlock()
            .add(Layers.convBnRelu(width, 3, stride, 1))
            .add(Layers.convBn(width, 3, 1, 1));
    if (se) {
      b.add(new SqueezeExcite(width, Math.max(1, width / 16), false));
    }
    return b;
  }

  static Block bottleneck(int in, int width, int stride, boolean se, float drop) {
    int out = 4 * width;
    SequentialBlock b =
        new SequentialBlock()
            .add(Layers.convBnRelu(width, 1, stride, 0))
            .add(Layers.convBnRelu(width, 3, 1, 1))
            .add(Layers.convBn(out, 1, 1, 0));
    if (se) {
      b.add(new SqueezeExcite(out, Math.max(1, out / 16), false));
    }
    Block shortcut = stride == 1 && in == out ? null : Layers.convBn(out, 1, stride, 0);
    return new Residual(b, shortcut, drop, true);
  }

  /** Option A: keep every {@code stride}-th pixel and append {@code extra} zero channels. */
  private static Block optionA(int extra, int stride) {
    SequentialBlock s = new SequentialBlock().add(PoolBlock.max(1, stride, 0));
    if (extra > 0) {
      s.add(
          LambdaBlock.singleton(
              (NDArray x) -> {
                Shape sh = x.getShape();
                NDArray zeros =
                    x.getManager()
                        .zeros(new Shape(sh.get(0), extra, sh.get(2), sh.get(3)), x.getDataType());
                return x.concat(zeros, 1);
              },
              "zeroPad"));
    }
    return s;
  }
}
