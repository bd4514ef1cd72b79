package dev.pupil.models;

import dev.pupil.BadInputException;
import dev.pupil.models.ModelOptions.Option;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Architectures by name, as timm's {@code create_model}: the CLI and the model file refer to a
 * network by its registry name, and {@link #create} builds it for an input shape and class count.
 */
public final class ModelRegistry {
  private static final Map<String, Architecture> ARCHITECTURES = new LinkedHashMap<>();

  private static final Set<Option> NONE = EnumSet.noneOf(Option.class);
  private static final Set<Option> DROP = EnumSet.of(Option.DROPOUT);
  private static final Set<Option> WIDTH_DROP = EnumSet.of(Option.WIDTH_MULTIPLIER, Option.DROPOUT);
  private static final Set<Option> WIDTH_DROP_PATH =
      EnumSet.of(Option.WIDTH_MULTIPLIER, Option.DROPOUT, Option.STOCHASTIC_DEPTH);
  private static final Set<Option> WIDTH_DROP_LRN_BN =
      EnumSet.of(Option.WIDTH_MULTIPLIER, Option.DROPOUT, Option.LRN, Option.BATCH_NORM);

  static {
    register(
        "linear",
        "one fully connected layer on pixels (class templates)",
        NONE,
        (s, o) -> SmallNets.linear(s));
    register("mlp", "multilayer perceptron, 256-128 ReLU", NONE, (s, o) -> SmallNets.mlp(s));
    register(
        "lenet5",
        "LeNet-5 (LeCun et al. 1998), ReLU + max-pool",
        NONE,
        (s, o) -> SmallNets.lenet5(s));
    register(
        "cnn-small",
        "2 conv-BN-ReLU-pool stages (32, 64) + FC 128, dropout 0.3",
        DROP,
        SmallNets::cnnSmall);
    register(
        "cnn-tiny",
        "cnn-small at 1/4 width (8, 16) + FC 32, no dropout (~27k params)",
        WIDTH_DROP,
        SmallNets::cnnTiny);
    register(
        "alexnet",
        "AlexNet (Krizhevsky 2012), 11x11/4 stem, FC 4096 x2",
        WIDTH_DROP_LRN_BN,
        AlexNet::alexnet);
    register(
        "alexnet-small",
        "AlexNet scaled for 28-32 px: 5x5/1 stem, FC 1024 x2",
        WIDTH_DROP_LRN_BN,
        AlexNet::alexnetSmall);
    for (int depth : new int[] {11, 13, 16, 19}) {
      register(
          "vgg" + depth,
          "VGG-" + depth + " (Simonyan & Zisserman 2015)",
          WIDTH_DROP,
          (s, o) -> Vgg.vgg(s, o, depth, false));
    }
    for (int depth : new int[] {11, 13, 16, 19}) {
      register(
          "vgg" + depth + "-bn",
          "VGG-" + depth + " with batch norm",
          WIDTH_DROP,
          (s, o) -> Vgg.vgg(s, o, depth, true));
    }
    register(
        "googlenet",
        "GoogLeNet as torchvision (BN, 3x3 branches), 2 aux heads in training",
        WIDTH_DROP_LRN_BN,
        GoogLeNet::torchvision);
    register(
        "googlenet-v1",
        "GoogLeNet (Szegedy 2015), 5x5 branches, 2 aux heads in training",
        WIDTH_DROP_LRN_BN,
        GoogLeNet::paper);
    register(
        "resnet18",
        "ResNet-18 (He 2016), basic blocks 64-128-256-512",
        WIDTH_DROP_PATH,
        (s, o) -> ResNets.resnet("resnet18", s, o, new int[] {2, 2, 2, 2}, false, false));
    register(
        "resnet34",
        "ResNet-34 (He 2016), basic blocks 64-128-256-512",
        WIDTH_DROP_PATH,
        (s, o) -> ResNets.resnet("resnet34", s, o, new int[] {3, 4, 6, 3}, false, false));
    register(
        "resnet50",
        "ResNet-50 (He 2016), bottleneck blocks 256-512-1024-2048",
        WIDTH_DROP_PATH,
        (s, o) -> ResNets.resnet("resnet50", s, o, new int[] {3, 4, 6, 3}, true, false));
    for (int depth : new int[] {20, 32, 56}) {
      register(
          "resnet" + depth,
          "CIFAR ResNet-" + depth + " (He 2016 s4.2), 16-32-64",
          WIDTH_DROP_PATH,
          (s, o) -> ResNets.cifar(s, o, depth));
    }
    register(
        "densenet121",
        "DenseNet-121 (Huang 2017), k=32, 6-12-24-16",
        WIDTH_DROP,
        DenseNet::densenet121);
    register(
        "densenet-small",
        "DenseNet-BC-40 (Huang 2017), k=12, 3 blocks of 6",
        WIDTH_DROP,
        DenseNet::densenetSmall);
    register(
        "se-resnet18",
        "SE-ResNet-18 (Hu 2018), reduction 16",
        WIDTH_DROP_PATH,
        (s, o) -> ResNets.resnet("se-resnet18", s, o, new int[] {2, 2, 2, 2}, false, true));
    register(
        "se-resnet50",
        "SE-ResNet-50 (Hu 2018), reduction 16",
        WIDTH_DROP_PATH,
        (s, o) -> ResNets.resnet("se-resnet50", s, o, new int[] {3, 4, 6, 3}, true, true));
    for (int b = 0; b < EfficientNet.COEFFICIENTS.length; b++) {
      double[] c = EfficientNet.COEFFICIENTS[b];
      int variant = b;
      register(
          "efficientnet-b" + b,
          String.format(
              Locale.ROOT,
              "EfficientNet-B%d (Tan & Le 2019), width %.1f depth %.1f res %d",
              b,
              c[0],
              c[1],
              (int) c[2]),
          WIDTH_DROP_PATH,
          (s, o) -> EfficientNet.efficientnet(s, o, variant));
    }
  }

  private ModelRegistry() {}

  private static void register(
      String name,
      String description,
      Set<Option> supported,
      BiFunction<ModelSpec, ModelOptions, ClassifierBlock> factory) {
    Set<Option> takes = Collections.unmodifiableSet(EnumSet.copyOf(supported));
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
          public Set<Option> supportedOptions() {
            return takes;
          }

          @Override
          public ClassifierBlock build(ModelSpec spec, ModelOptions options) {
            checkOptions(options);
            return factory.apply(spec, options);
          }
        });
  }

  /**
   * @return every registered architecture, in registration order
   */
  public static Collection<Architecture> all() {
    return Collections.unmodifiableCollection(ARCHITECTURES.values());
  }

  /**
   * @param name a name
   * @return whether an architecture of that name is registered
   */
  public static boolean has(String name) {
    return ARCHITECTURES.containsKey(name);
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
          "unknown model '"
              + name
              + "'; known models: "
              + String.join(", ", ARCHITECTURES.keySet()));
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

  /**
   * Builds a named network with options.
   *
   * @param name a registry name
   * @param spec input shape and classes
   * @param options width multiplier, dropout, stochastic depth, LRN, batch norm
   * @return the uninitialized network
   */
  public static ClassifierBlock create(String name, ModelSpec spec, ModelOptions options) {
    return get(name).build(spec, options);
  }
}
