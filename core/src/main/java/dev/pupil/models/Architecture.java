package dev.pupil.models;

/**
 * A network design that can be built for any {@link ModelSpec}: the unit of the model registry,
 * selected by name on the command line (as timm's {@code create_model("resnet18")}).
 */
public interface Architecture {
  /** @return the registry name, e.g. {@code cnn-small} */
  String name();

  /** @return one line for {@code pupil models} */
  String description();

  /**
   * Builds a fresh, uninitialized network with the paper's settings.
   *
   * @param spec input shape and number of classes
   * @return the network
   */
  default ClassifierBlock build(ModelSpec spec) {
    return build(spec, ModelOptions.DEFAULTS);
  }

  /**
   * Builds a fresh, uninitialized network.
   *
   * @param spec input shape and number of classes
   * @param options width multiplier, dropout, stochastic depth, LRN, batch norm (each
   *     architecture uses those its paper has)
   * @return the network
   */
  ClassifierBlock build(ModelSpec spec, ModelOptions options);
}
