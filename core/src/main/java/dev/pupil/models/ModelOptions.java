package dev.pupil.models;

import com.google.gson.annotations.JsonAdapter;
import dev.pupil.BadInputException;
import dev.pupil.io.NonFiniteAsNull;
import java.util.EnumSet;
import java.util.Set;

/**
 * Options an architecture may honour, passed to {@link ModelRegistry#create(String, ModelSpec,
 * ModelOptions)}. Each architecture declares the {@link Option}s it takes ({@link
 * Architecture#supportedOptions()}) and refuses one it does not take when it is set away from its
 * default ({@link #given()}), rather than ignoring it; {@link #DEFAULTS} gives each network its
 * paper's settings.
 *
 * @param widthMultiplier scales every layer's channel count (EfficientNet: multiplies the compound
 *     width coefficient); 1 is the paper's width
 * @param dropout dropout rate before the classifier (or in the FC layers of AlexNet/VGG); NaN for
 *     the architecture's own default (AlexNet/VGG 0.5, GoogLeNet 0.4, EfficientNet 0.2–0.3, others
 *     0), written to JSON as null ({@link NonFiniteAsNull})
 * @param stochasticDepth largest drop-path rate of residual branches, growing linearly with depth
 *     (Huang et al. 2016); NaN for the default (EfficientNet 0.2, others 0), written as null
 * @param lrn local response normalization after the first convolutions (AlexNet, GoogLeNet)
 * @param batchNorm batch normalization after every convolution where the paper had none (AlexNet,
 *     GoogLeNet; VGG has its own {@code -bn} names); networks designed with it always use it
 */
public record ModelOptions(
    double widthMultiplier,
    @JsonAdapter(value = NonFiniteAsNull.class, nullSafe = false) double dropout,
    @JsonAdapter(value = NonFiniteAsNull.class, nullSafe = false) double stochasticDepth,
    boolean lrn,
    boolean batchNorm) {
  /** Each paper's settings. */
  public static final ModelOptions DEFAULTS =
      new ModelOptions(1.0, Double.NaN, Double.NaN, false, false);

  /** One option, by its field name (its key in config.json). */
  public enum Option {
    /** {@link ModelOptions#widthMultiplier()}. */
    WIDTH_MULTIPLIER("widthMultiplier"),
    /** {@link ModelOptions#dropout()}. */
    DROPOUT("dropout"),
    /** {@link ModelOptions#stochasticDepth()}. */
    STOCHASTIC_DEPTH("stochasticDepth"),
    /** {@link ModelOptions#lrn()}. */
    LRN("lrn"),
    /** {@link ModelOptions#batchNorm()}. */
    BATCH_NORM("batchNorm");

    private final String field;

    Option(String field) {
      this.field = field;
    }

    /**
     * @return the record field, e.g. {@code stochasticDepth}
     */
    public String field() {
      return field;
    }

    @Override
    public String toString() {
      return field;
    }
  }

  /** Validates the fields. */
  public ModelOptions {
    if (!(widthMultiplier > 0) || widthMultiplier > 16) {
      throw BadInputException.forField(
          "widthMultiplier", "must be in (0, 16], got " + widthMultiplier);
    }
    if (!Double.isNaN(dropout) && !(dropout >= 0 && dropout < 1)) {
      throw BadInputException.forField("dropout", "must be in [0, 1) or NaN, got " + dropout);
    }
    if (!Double.isNaN(stochasticDepth) && !(stochasticDepth >= 0 && stochasticDepth < 1)) {
      throw BadInputException.forField(
          "stochasticDepth", "must be in [0, 1) or NaN, got " + stochasticDepth);
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

  /**
   * @return the options set away from {@link #DEFAULTS} (width 1 counts as not set)
   */
  public Set<Option> given() {
    Set<Option> s = EnumSet.noneOf(Option.class);
    if (widthMultiplier != 1.0) {
      s.add(Option.WIDTH_MULTIPLIER);
    }
    if (!Double.isNaN(dropout)) {
      s.add(Option.DROPOUT);
    }
    if (!Double.isNaN(stochasticDepth)) {
      s.add(Option.STOCHASTIC_DEPTH);
    }
    if (lrn) {
      s.add(Option.LRN);
    }
    if (batchNorm) {
      s.add(Option.BATCH_NORM);
    }
    return s;
  }

  /**
   * @param supported the options to keep
   * @return these options with every other one back at its default
   */
  public ModelOptions keepOnly(Set<Option> supported) {
    return new ModelOptions(
        supported.contains(Option.WIDTH_MULTIPLIER) ? widthMultiplier : 1.0,
        supported.contains(Option.DROPOUT) ? dropout : Double.NaN,
        supported.contains(Option.STOCHASTIC_DEPTH) ? stochasticDepth : Double.NaN,
        supported.contains(Option.LRN) && lrn,
        supported.contains(Option.BATCH_NORM) && batchNorm);
  }

  /**
   * @return the dropout rate, or {@code fallback} when left to the architecture
   */
  float dropoutOr(double fallback) {
    return (float) (Double.isNaN(dropout) ? fallback : dropout);
  }

  /**
   * @return the stochastic-depth rate, or {@code fallback} when left to the architecture
   */
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
