package dev.pupil.models;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * EfficientNet-B0…B3 (Tan & Le 2019, "EfficientNet: Rethinking Model Scaling for Convolutional
 * Neural Networks", arXiv:1905.11946): the B0 baseline of MBConv blocks (Table 1) scaled by the
 * compound coefficients — width, depth, resolution and dropout of B0 1.0/1.0/224/0.2, B1
 * 1.0/1.1/240/0.2, B2 1.1/1.2/260/0.3, B3 1.2/1.4/300/0.3 — with channels and repeats rounded as in
 * the paper's reference code ({@code round_filters} to multiples of 8, never below 90%; {@code
 * round_repeats} = ceil). An MBConv block: 1×1 expansion (×1 or ×6), depthwise k×k convolution,
 * squeeze-and-excitation with a quarter of the block's input channels, linear 1×1 projection; batch
 * norm throughout, swish activations; an identity shortcut with drop connect (stochastic depth, 0.2
 * at the last block by default) when shape allows. B0 has 5.3M parameters.
 *
 * <p>The resolution coefficient is the input size the variant was designed for; the network builds
 * for any input. Inputs ≤ 64 px get a stride-1 stem. The width multiplier multiplies the width
 * coefficient.
 */
final class EfficientNet {
  /** expand ratio, kernel, stride, output channels, repeats (B0, Table 1). */
  private static final int[][] STAGES = {
    {1, 3, 1, 16, 1},
    {6, 3, 2, 24, 2},
    {6, 5, 2, 40, 2},
    {6, 3, 2, 80, 3},
    {6, 5, 1, 112, 3},
    {6, 5, 2, 192, 4},
    {6, 3, 1, 320, 1}
  };

  /** width, depth, resolution, dropout of B0…B3. */
  static final double[][] COEFFICIENTS = {
    {1.0, 1.0, 224, 0.2},
    {1.0, 1.1, 240, 0.2},
    {1.1, 1.2, 260, 0.3},
    {1.2, 1.4, 300, 0.3}
  };

  private EfficientNet() {}

  /** round_filters: scale by the width coefficient, round to a multiple of 8, keep ≥ 90%. */
  static int roundFilters(int filters, double width) {
    double f = filters * width;
    int rounded = Math.max(8, (int) (f + 4) / 8 * 8);
    if (rounded < 0.9 * f) {
      rounded += 8;
    }
    return rounded;
  }

  /** round_repeats: ceil(depth × repeats). */
  static int roundRepeats(int repeats, double depth) {
    return (int) Math.ceil(depth * repeats);
  }

  static ClassifierBlock efficientnet(ModelSpec spec, ModelOptions o, int variant) {
    double width = COEFFICIENTS[variant][0] * o.widthMultiplier();
    double depth = COEFFICIENTS[variant][1];
    float dropConnect = o.stochasticDepthOr(0.2);
    SequentialBlock f = new SequentialBlock();
    int in = roundFilters(32, width);
    f.add(Layers.convBn(in, 3, Layers.small(spec) ? 1 : 2, 1)).add(Layers.swish());
    int total = 0;
    for (int[] s : STAGES) {
      total += roundRepeats(s[4], depth);
    }
    int index = 0;
    for (int[] s : STAGES) {
      int out = roundFilters(s[3], width);
      int repeats = roundRepeats(s[4], depth);
      for (int i = 0; i < repeats; i++) {
        int stride = i == 0 ? s[2] : 1;
        f.add(mbConv(in, out, s[0], s[1], stride, dropConnect * index / total));
        in = out;
        index++;
      }
    }
    f.add(Layers.convBn(roundFilters(1280, width), 1, 1, 0))
        .add(Layers.swish())
        .add(PoolBlock.globalAvg());
    float drop = o.dropoutOr(COEFFICIENTS[variant][3]);
    if (drop > 0) {
      f.add(Layers.dropout(drop));
    }
    return new ClassifierBlock(f, Layers.head(spec));
  }

  /** Mobile inverted bottleneck (Sandler et al. 2018) with squeeze-and-excitation. */
  static Block mbConv(int in, int out, int expand, int kernel, int stride, float dropConnect) {
    int mid = in * expand;
    SequentialBlock b = new SequentialBlock();
    if (expand != 1) {
      b.add(Layers.convBn(mid, 1, 1, 0)).add(Layers.swish());
    }
    b.add(Layers.depthwise(mid, kernel, stride))
        .add(Layers.bn())
        .add(Layers.swish())
        .add(new SqueezeExcite(mid, Math.max(1, in / 4), true))
        .add(Layers.convBn(out, 1, 1, 0));
    if (stride == 1 && in == out) {
      return new Residual(b, null, dropConnect, false);
    }
    return b;
  }
}
