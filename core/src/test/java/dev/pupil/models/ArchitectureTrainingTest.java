package dev.pupil.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered architecture trains: two SGD steps on two tiny images change its loss. The fast
 * set runs one network of each family, sized for small inputs, at a quarter of the width (each well
 * under 5 s on 2 cores); the slow set runs every architecture, narrow and at full width, on RGB and
 * grayscale.
 */
class ArchitectureTrainingTest {
  static Stream<String> names() {
    return ModelRegistry.all().stream().map(Architecture::name);
  }

  /** A quarter of the width where the architecture takes a width multiplier. */
  private static ModelOptions narrow(String name) {
    return ModelOptions.DEFAULTS
        .withWidth(0.25)
        .keepOnly(ModelRegistry.get(name).supportedOptions());
  }

  static Stream<String> smallInputVariants() {
    return Stream.of(
        "linear",
        "mlp",
        "lenet5",
        "cnn-small",
        "alexnet-small",
        "vgg11",
        "googlenet",
        "resnet20",
        "resnet18",
        "densenet-small",
        "se-resnet18",
        "efficientnet-b0");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smallInputVariants")
  void smallInputVariantsTrain(String name) {
    ModelSpec spec = new ModelSpec(3, 32, 32, 10);
    TinyTraining.Losses l = TinyTraining.twoSteps(name, spec, narrow(name), 2);
    assertThat(l.before()).isFinite();
    assertThat(l.after()).isFinite().isNotEqualTo(l.before());
  }

  @Test
  void optionsBuildAndTrain() {
    ModelSpec spec = new ModelSpec(3, 32, 32, 4);
    ModelOptions lrnBn = ModelOptions.DEFAULTS.withWidth(0.25).withLrn(true).withBatchNorm(true);
    ModelOptions regularized =
        ModelOptions.DEFAULTS.withWidth(0.25).withDropout(0.3).withStochasticDepth(0.5);
    for (TinyTraining.Losses l :
        new TinyTraining.Losses[] {
          TinyTraining.twoSteps("alexnet-small", spec, lrnBn, 2),
          TinyTraining.twoSteps("resnet20", spec, regularized, 2),
          // Eight images, as in the slow set below: with two, batch norm on efficientnet-b0's
          // 1×1 maps went NaN in some suite orders.
          TinyTraining.twoSteps("efficientnet-b0", spec, regularized, SLOW_BATCH)
        }) {
      assertThat(l.after()).isFinite().isNotEqualTo(l.before());
    }
  }

  /**
   * The slow set trains on eight images: the deepest stages of the ImageNet networks are 1×1 at
   * these sizes, and batch norm over two samples there normalizes every channel to ±1, whose
   * gradient grows as 1 / |x₁ − x₂|; with thousands of channels one pair is close enough to blow up
   * two SGD steps (efficientnet-b0 and -b2 went NaN in some suite orders with two or four images).
   */
  private static final int SLOW_BATCH = 8;

  @Tag("slow")
  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void twoStepsOnTinyImagesChangeTheLoss(String name) {
    ModelSpec spec = new ModelSpec(3, 32, 32, 10);
    TinyTraining.Losses l = TinyTraining.twoSteps(name, spec, narrow(name), SLOW_BATCH);
    assertThat(l.before()).isFinite();
    assertThat(l.after()).isFinite().isNotEqualTo(l.before());
  }

  @Tag("slow")
  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void grayscale28PixelsTrainsToo(String name) {
    ModelSpec spec = new ModelSpec(1, 28, 28, 3);
    TinyTraining.Losses l = TinyTraining.twoSteps(name, spec, narrow(name), SLOW_BATCH);
    assertThat(l.after()).isFinite().isNotEqualTo(l.before());
  }

  @Tag("slow")
  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void fullWidthTwoStepsChangeTheLoss(String name) {
    ModelSpec spec = new ModelSpec(3, 32, 32, 10);
    TinyTraining.Losses l = TinyTraining.twoSteps(name, spec, ModelOptions.DEFAULTS, SLOW_BATCH);
    assertThat(l.after()).isFinite().isNotEqualTo(l.before());
  }
}
