package dev.pupil.models;

import dev.pupil.BadInputException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A network design that can be built for any {@link ModelSpec}: the unit of the model registry,
 * selected by name on the command line (as timm's {@code create_model("resnet18")}).
 */
public interface Architecture {
  /** @return the registry name, e.g. {@code cnn-small} */
  String name();

  /** @return one line for {@code pupil models} */
  String description();

  /** @return the {@link ModelOptions.Option}s this network takes; it refuses the others */
  Set<ModelOptions.Option> supportedOptions();

  /**
   * Refuses options this network does not take, instead of silently ignoring them.
   *
   * @param options the options to check
   * @throws BadInputException naming the model, the first unsupported option and those it takes
   */
  default void checkOptions(ModelOptions options) {
    Set<ModelOptions.Option> bad = options.given();
    bad.removeAll(supportedOptions());
    if (!bad.isEmpty()) {
      String takes = supportedOptions().isEmpty()
          ? "it takes none"
          : "it takes " + supportedOptions().stream().map(ModelOptions.Option::toString)
              .collect(Collectors.joining(", "));
      throw new BadInputException(
          "model '" + name() + "' does not support " + bad.iterator().next() + "; " + takes);
    }
  }

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
   *     architecture takes those of {@link #supportedOptions()})
   * @return the network
   * @throws BadInputException when an option is set that the architecture does not take
   */
  ClassifierBlock build(ModelSpec spec, ModelOptions options);
}
