package dev.pupil.models;

import dev.pupil.BadInputException;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A network design that can be built for any {@link ModelSpec}: the unit of the model registry,
 * selected by name on the command line (as timm's {@code create_model("resnet18")}).
 */
public interface Architecture {
  /**
   * @return the registry name, e.g. {@code cnn-small}
   */
  String name();

  /**
   * @return one line for {@code pupil models}
   */
  String description();

  /**
   * @return the {@link ModelOptions.Option}s this network takes; it refuses the others
   */
  Set<ModelOptions.Option> supportedOptions();

  /**
   * Refuses options this network does not take, instead of silently ignoring them.
   *
   * @param options the options to check
   * @throws BadInputException naming the model, the first unsupported option and those it takes,
   *     each by its field name
   */
  default void checkOptions(ModelOptions options) {
    String refusal = refusal(options, ModelOptions.Option::field);
    if (refusal != null) {
      throw new BadInputException(refusal);
    }
  }

  /**
   * The message {@link #checkOptions} refuses options with, naming the options another way, e.g.
   * with a command-line tool's flags.
   *
   * @param options the options to check
   * @param naming how the message names an option
   * @return the message naming the model, the first unsupported option and those it takes, or null
   *     when it takes every option set
   */
  default String refusal(ModelOptions options, Function<ModelOptions.Option, String> naming) {
    Set<ModelOptions.Option> bad = options.given();
    bad.removeAll(supportedOptions());
    if (bad.isEmpty()) {
      return null;
    }
    String takes =
        supportedOptions().isEmpty()
            ? "it takes none"
            : "it takes "
                + supportedOptions().stream().map(naming).collect(Collectors.joining(", "));
    return "model '"
        + name()
        + "' does not support "
        + naming.apply(bad.iterator().next())
        + "; "
        + takes;
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
   * @param options width multiplier, dropout, stochastic depth, LRN, batch norm (each architecture
   *     takes those of {@link #supportedOptions()})
   * @return the network
   * @throws BadInputException when an option is set that the architecture does not take
   */
  ClassifierBlock build(ModelSpec spec, ModelOptions options);
}
