package dev.pupil.train;

import ai.djl.Device;
import dev.pupil.models.ModelOptions;
import dev.pupil.models.ModelRegistry;

/**
 * What the builders of trainers that make a fresh network take besides {@link TrainerBuilder}'s
 * options (ClassifierTrainer, Distiller, the FixMatch settings): the registered architecture, its
 * options and the device.
 *
 * @param <B> the concrete builder, returned by every setter so that calls chain
 */
public abstract class ModelTrainerBuilder<B extends ModelTrainerBuilder<B>>
    extends TrainerBuilder<B> {
  private String architecture;
  private ModelOptions modelOptions = ModelOptions.DEFAULTS;
  private Device device = Device.cpu();

  /** For subclasses. */
  protected ModelTrainerBuilder() {}

  /**
   * @param name a registered architecture (required, unless a subclass takes it from elsewhere)
   * @return this builder
   */
  public B setArchitecture(String name) {
    this.architecture = name;
    return self();
  }

  /**
   * @param options the architecture's options (width, dropout, stochastic depth, …); default each
   *     paper's settings. They are stored in the model file.
   * @return this builder
   */
  public B optModelOptions(ModelOptions options) {
    this.modelOptions = options == null ? ModelOptions.DEFAULTS : options;
    return self();
  }

  /**
   * @param d where the network's weights live; default CPU
   * @return this builder
   */
  public B optDevice(Device d) {
    this.device = d;
    return self();
  }

  /**
   * Checks that an architecture is given and registered.
   *
   * @throws IllegalArgumentException without an architecture
   * @throws dev.pupil.BadInputException when it is not registered
   */
  protected void checkArchitecture() {
    if (architecture == null) {
      throw new IllegalArgumentException("architecture is required");
    }
    ModelRegistry.get(architecture);
  }

  /**
   * @return the architecture, or null when not given
   */
  public String architecture() {
    return architecture;
  }

  /**
   * @return the architecture's options
   */
  public ModelOptions modelOptions() {
    return modelOptions;
  }

  /**
   * @return the device
   */
  public Device device() {
    return device;
  }
}
