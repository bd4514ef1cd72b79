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
 */
public record ModelMetadata(
    String architecture,
    List<String> classes,
    int channels,
    int height,
    int width,
    Normalization normalization,
    String pupilVersion,
    long seed) {

  /** Validates and copies. */
  public ModelMetadata {
    classes = List.copyOf(classes);
    if (normalization.channels() != channels) {
      throw new dev.pupil.BadInputException(
          "normalization has " + normalization.channels() + " channels, input has " + channels);
    }
  }

  /** @return the spec to build the network with */
  public ModelSpec spec() {
    return new ModelSpec(channels, height, width, classes.size());
  }
}
