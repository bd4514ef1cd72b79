package dev.pupil.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pupil.BadInputException;
import org.junit.jupiter.api.Test;

/** FLOPs (2 × multiply-adds of conv and FC layers) and parameter counts from a walk with shapes. */
class ModelStatsTest {
  @Test
  void lenetFlopsByHand() {
    ModelStats s =
        ModelStats.measure("lenet5", new ModelSpec(1, 28, 28, 10), ModelOptions.DEFAULTS);
    // conv1 6·28·28·25, conv2 16·10·10·150, FC 400·120 + 120·84 + 84·10 multiply-adds
    long macs = 6 * 28 * 28 * 25 + 16 * 10 * 10 * 150 + 400 * 120 + 120 * 84 + 84 * 10;
    assertThat(s.flops()).isEqualTo(2 * macs);
    assertThat(s.parameters()).isEqualTo(61_706);
    assertThat(s.auxParameters()).isZero();
  }

  @Test
  void resnet50IsAboutFourBillionMultiplyAdds() {
    ModelStats s =
        ModelStats.measure("resnet50", new ModelSpec(3, 224, 224, 1000), ModelOptions.DEFAULTS);
    // He et al. 2016, Table 1: 3.8 × 10⁹ FLOPs (multiply-adds), stride in the first 1×1 as here
    // (torchvision's v1.5, stride in the 3×3, has 4.1 G).
    assertThat(s.flops() / 2e9).isCloseTo(3.8, within(0.1));
  }

  @Test
  void depthwiseConvolutionsCountOneInputChannel() {
    ModelStats narrow =
        ModelStats.measure(
            "efficientnet-b0", new ModelSpec(3, 224, 224, 1000), ModelOptions.DEFAULTS);
    // Tan & Le 2019, Table 2: 0.39 B FLOPs (multiply-adds).
    assertThat(narrow.flops() / 2e9).isCloseTo(0.39, within(0.03));
  }

  @Test
  void tooSmallInputNamesTheModel() {
    assertThatThrownBy(
            () -> ModelStats.measure("alexnet", new ModelSpec(1, 4, 4, 10), ModelOptions.DEFAULTS))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("alexnet");
  }
}
