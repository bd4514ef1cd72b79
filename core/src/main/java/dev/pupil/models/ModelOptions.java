package dev.pupil.models;

import dev.pupil.BadInputException;

/**
 * Options an architecture may honour, passed to {@link ModelRegistry#create(String, ModelSpec,
 * ModelOptions)}. Fields an architecture has no use for are ignored; {@link #DEFAULTS} gives each
 * network its paper's settings.
 *
 * @param widthMultiplier scales every layer's channel count (EfficientNet: multiplies the compound
 *     width coefficient); 1 is the paper's width
 * @param dropout dropout rate before the classifier (or in the FC layers of AlexNet/VGG); NaN for
 *     the architecture's own default (AlexNet/VGG 0.5, GoogLeNet 0.4, EfficientNet 0.2–0.3,
 *     others 0)
 * @param stochasticDepth largest drop-path rate of residual branches, growing linearly with depth
 *     (Huang et al. 2016); NaN for the default (EfficientNet 0.2, others 0)
 * @param lrn local response normalization after the first convolutions (AlexNet, GoogLeNet)
 * @param batchNorm batch normalization after every convolution where the paper had none (AlexNet,
 *     GoogLeNet; VGG has its own {@code -bn} names); networks designed with it always use it
 */
public record ModelOptions(
    double widthMultiplier,
    double dropout,
    double stochasticDepth,
    boolean lrn,
    boolean batchNorm) {
  /** Each paper's settings. */
  public static final ModelOptions DEFAULTS =
      new ModelOptions(1.0, Double.NaN, Double.NaN, false, false);

  /** Validates the fields. */
  public ModelOptions {
    if (!(widthMultiplier > 0) || widthMultiplier > 16) {
      throw new BadInputException("widthMultiplier must be in (0, 16], got " + widthMultiplier);
    }
    if (!Double.isNaN(dropout) && !(dropout >= 0 && dropout < 1)) {
      throw new BadInputException("dropout must be in [0, 1) or NaN, got " + dropout);
    }
    if (!Double.isNaN(stochasticDepth) && !(stochasticDepth >= 0 && stochasticDepth < 1)) {
      throw new BadInputException(
          "stochasticDepth must be in [0, 1) or NaN, got " + stochasticDepth);
    }
  }

  /**
   * @param w the width multiplier
   * @return these options with another width multiplier
   */
  public ModelOptions withWidth(double w) {
    return new ModelOptions(w, dropout, stochasticDepth, lrn, batchNorm);
  }

  /**
   * @param rate the dropout rate
   * @return these options with another dropout rate
   */
  public ModelOptions withDropout(double rate) {
    return new ModelOptions(widthMultiplier, rate, stochasticDepth, lrn, batchNorm);
  }

  /**
   * @param rate the largest drop-path rate
   * @return these options with another stochastic-depth rate
   */
  public ModelOptions withStochasticDepth(double rate) {
    return new ModelOptions(widthMultiplier, dropout, rate, lrn, batchNorm);
  }

  /**
   * @param on whether to use local response normalization
   * @return these options with LRN on or off
   */
  public ModelOptions withLrn(boolean on) {
    return new ModelOptions(widthMultiplier, dropout, stochasticDepth, on, batchNorm);
  }

  /**
   * @param on whether to add batch normalization
   * @return these options with batch normalization on or off
   */
  public ModelOptions withBatchNorm(boolean on) {
    return new ModelOptions(widthMultiplier, dropout, stochasticDepth, lrn, on);
  }

  /** @return the dropout rate, or {@code fallback} when left to the architecture */
  float dropoutOr(double fallback) {
    return (float) (Double.isNaN(dropout) ? fallback : dropout);
  }

  /** @return the stochastic-depth rate, or {@code fallback} when left to the architecture */
  float stochasticDepthOr(double fallback) {
    return (float) (Double.isNaN(stochasticDepth) ? fallback : stochasticDepth);
  }

  /**
   * @param channels the paper's channel count
   * @return it scaled by the width multiplier, at least 1
   */
  int width(int channels) {
    return Math.max(1, (int) Math.round(channels * widthMultiplier));
  }
}
