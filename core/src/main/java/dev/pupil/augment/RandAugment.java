package dev.pupil.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * RandAugment (Cubuk et al. 2020, "RandAugment: Practical automated data augmentation with a
 * reduced search space", arXiv:1909.13719): {@code N} ops drawn uniformly (with repeats) from
 * {@link RandAugmentOp}'s 14, each at the global magnitude {@code M} (a bin in 0..30, torchvision's
 * scale; torchvision's default is 9), a signed op negated with probability 1/2. With {@code mstd >
 * 0} each op's magnitude is drawn from N(M, mstd) and clipped to [0, 30], as timm's magnitude noise
 * ({@code mstd} = ∞ draws it uniformly in [0, M]).
 */
public final class RandAugment implements RandomTransform<RandAugment.Params> {
  /**
   * One op with its value.
   *
   * @param op the op
   * @param value its signed value in the op's units
   */
  public record Step(RandAugmentOp op, double value) {}

  /**
   * @param steps the N ops in order
   */
  public record Params(List<Step> steps) {}

  private static final RandAugmentOp[] OPS = RandAugmentOp.values();

  private final int n;
  private final int m;
  private final double mstd;
  private final int fill;

  /**
   * @param n ops per image, ≥ 0
   * @param m magnitude bin, in [0, 30]
   * @param mstd magnitude noise, ≥ 0 (0 = none, infinity = uniform in [0, M])
   * @param fill value of pixels uncovered by geometric ops, 0..255
   */
  public RandAugment(int n, int m, double mstd, int fill) {
    if (n < 0) {
      throw new IllegalArgumentException("RandAugment N must be >= 0, got " + n);
    }
    if (m < 0 || m >= RandAugmentOp.BINS) {
      throw new IllegalArgumentException(
          "RandAugment magnitude must be in [0, " + (RandAugmentOp.BINS - 1) + "], got " + m);
    }
    if (!(mstd >= 0)) {
      throw new IllegalArgumentException("RandAugment mstd must be >= 0, got " + mstd);
    }
    this.n = n;
    this.m = m;
    this.mstd = mstd;
    this.fill = fill;
  }

  /**
   * @return N
   */
  public int n() {
    return n;
  }

  /**
   * @return M
   */
  public int m() {
    return m;
  }

  @Override
  public Params sample(Random rng, ImageShape shape) {
    List<Step> steps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      RandAugmentOp op = OPS[rng.nextInt(OPS.length)];
      double magnitude = m;
      if (mstd == Double.POSITIVE_INFINITY) {
        magnitude = rng.nextDouble() * m;
      } else if (mstd > 0) {
        magnitude = Math.max(0, Math.min(RandAugmentOp.BINS - 1, m + mstd * rng.nextGaussian()));
      }
      double v = op.value(magnitude, shape);
      if (op.signed() && rng.nextBoolean()) {
        v = -v;
      }
      steps.add(new Step(op, v));
    }
    return new Params(List.copyOf(steps));
  }

  @Override
  public byte[] apply(byte[] image, ImageShape shape, Params p) {
    byte[] out = image;
    for (Step s : p.steps()) {
      out = s.op().apply(out, shape, s.value(), fill);
    }
    return out;
  }
}
