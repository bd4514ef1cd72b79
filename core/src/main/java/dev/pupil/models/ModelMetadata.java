package dev.pupil.models;

import dev.pupil.data.Normalization;
import java.util.List;

/**
 * What a model file says about its network, so that evaluation and prediction need nothing else:
 * the architecture's registry name, the classes, the input shape and the normalization.
 *
 * @param architecture registry name, e.g. {@code cnn-small}
 * @param classes class names, index = label
 * @param channels input channels
 * @param height input height
 * @param width input width
 * @param normalization the preprocessing used in training
 * @param pupilVersion the Pupil version that wrote the file
 * @param seed the training seed
 * @param options the architecture's options (width, dropout, stochastic depth, …); files written
 *     before options existed read as {@link ModelOptions#DEFAULTS}
 */
public record ModelMetadata(
    String architecture,
    List<String> classes,
    int channels,
    int height,
    int width,
    Normalization normalization,
    String pupilVersion,
    long seed,
    ModelOptions options) {

  /** Validates and copies. */
  public ModelMetadata {
    classes = List.copyOf(classes);
    options = options == null ? ModelOptions.DEFAULTS : options;
    if (normalization.channels() != channels) {
      throw new dev.pupil.BadInputException(
          "normalization has " + normalization.channels() + " channels, input has " + channels);
    }
  }

  /**
   * Metadata for a network built with each paper's settings.
   *
   * @param architecture registry name
   * @param classes class names
   * @param channels input channels
   * @param height input height
   * @param width input width
   * @param normalization the preprocessing
   * @param pupilVersion the writing Pupil's version
   * @param seed the training seed
   */
  public ModelMetadata(
      String architecture,
      List<String> classes,
      int channels,
      int height,
      int width,
      Normalization normalization,
      String pupilVersion,
      long seed) {
    this(architecture, classes, channels, height, width, normalization, pupilVersion, seed, null);
  }

  /**
   * @return the spec to build the network with
   */
  public ModelSpec spec() {
    return new ModelSpec(channels, height, width, classes.size());
  }
}
