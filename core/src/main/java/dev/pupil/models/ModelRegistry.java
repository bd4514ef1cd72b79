package dev.pupil.models;

import dev.pupil.BadInputException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Architectures by name, as timm's {@code create_model}: the CLI and the model file refer to a
 * network by its registry name, and {@link #create} builds it for an input shape and class count.
 */
public final class ModelRegistry {
  private static final Map<String, Architecture> ARCHITECTURES = new LinkedHashMap<>();

  static {
    register("linear", "one fully connected layer on pixels (class templates)", SmallNets::linear);
    register("mlp", "multilayer perceptron, 256-128 ReLU", SmallNets::mlp);
    register("lenet5", "LeNet-5 (LeCun et al. 1998), ReLU + max-pool", SmallNets::lenet5);
    register("cnn-small", "2 conv-BN-ReLU-pool stages (32, 64) + FC 128", SmallNets::cnnSmall);
  }

  private ModelRegistry() {}

  private static void register(
      String name, String description, Function<ModelSpec, ClassifierBlock> factory) {
    ARCHITECTURES.put(
        name,
        new Architecture() {
          @Override
          public String name() {
            return name;
          }

          @Override
          public String description() {
            return description;
          }

          @Override
          public ClassifierBlock build(ModelSpec spec) {
            return factory.apply(spec);
          }
        });
  }

  /** @return every registered architecture, in registration order */
  public static Collection<Architecture> all() {
    return Collections.unmodifiableCollection(ARCHITECTURES.values());
  }

  /**
   * @param name a registry name
   * @return the architecture
   * @throws BadInputException naming the unknown model and listing the known ones
   */
  public static Architecture get(String name) {
    Architecture a = ARCHITECTURES.get(name);
    if (a == null) {
      throw new BadInputException(
          "unknown model '" + name + "'; known models: " + String.join(", ", ARCHITECTURES.keySet()));
    }
    return a;
  }

  /**
   * Builds a named network.
   *
   * @param name a registry name
   * @param spec input shape and classes
   * @return the uninitialized network
   */
  public static ClassifierBlock create(String name, ModelSpec spec) {
    return get(name).build(spec);
  }
}
