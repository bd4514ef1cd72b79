package dev.pupil.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.BadInputException;
import org.junit.jupiter.api.Test;

class AugmentSpecTest {
  @Test
  void parsesAPipelineInOrder() {
    AugmentPipeline p = AugmentSpec.parse("flip, crop:4 ,rand-n2-m9-mstd0.5");
    assertThat(p.steps()).hasSize(3);
    assertThat(p.steps().get(0)).isInstanceOf(RandomFlip.class);
    assertThat(p.steps().get(1)).isInstanceOf(RandomCrop.class);
    RandAugment ra = (RandAugment) p.steps().get(2);
    assertThat(ra.n()).isEqualTo(2);
    assertThat(ra.m()).isEqualTo(9);
  }

  @Test
  void everyRegisteredNameParses() {
    AugmentPipeline p =
        AugmentSpec.parse(
            "flip,vflip:0.2,crop,rrc:0.3,rotate:15,translate:0.1,shear:10,jitter:0.4,cutout:4,"
                + "erase,rand-n1-m30-mstdinf");
    assertThat(p.steps()).hasSize(11);
    assertThat(AugmentSpec.parse("none").steps()).isEmpty();
    assertThat(AugmentSpec.parse("").steps()).isEmpty();
  }

  @Test
  void unknownOpIsRejectedNamingTheToken() {
    assertThatThrownBy(() -> AugmentSpec.parse("flip,wobble:3"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "unknown augmentation 'wobble:3' in \"flip,wobble:3\"; known: "
                + String.join(", ", AugmentSpec.names()))
        .extracting(e -> ((BadInputException) e).field())
        .as("a spec parser serves several settings, whose callers name them")
        .isNull();
  }

  @Test
  void magnitudeOutOfRangeIsRejectedNamingTheToken() {
    assertThatThrownBy(() -> AugmentSpec.parse("rand-n2-m31"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("magnitude 31 in 'rand-n2-m31'")
        .hasMessageContaining("[0, 30]");
    assertThatThrownBy(() -> AugmentSpec.parse("flip:1.5")).hasMessageContaining("'flip:1.5'");
    assertThatThrownBy(() -> AugmentSpec.parse("rotate")).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> AugmentSpec.parse("rand-x")).hasMessageContaining("rand-nN-mM");
  }

  @Test
  void mixSpecsParseWithTimmDefaults() {
    assertThat(BatchMixer.parse("cutmix:1.0").spec())
        .isEqualTo("cutmix:1.0,mixup:0.0,p:1.0,switch:0.5");
    assertThat(BatchMixer.parse("cutmix:1.0,mixup:0.2,p:0.8,switch:0.3").spec())
        .isEqualTo("cutmix:1.0,mixup:0.2,p:0.8,switch:0.3");
    assertThat(BatchMixer.parse("none")).isNull();
  }

  @Test
  void badMixSpecsAreRejectedNamingTheToken() {
    assertThatThrownBy(() -> BatchMixer.parse("cutmix:1,blend:2"))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("mix \"cutmix:1,blend:2\" has an unknown option 'blend:2'")
        .extracting(e -> ((BadInputException) e).field())
        .isEqualTo("mix");
    assertThatThrownBy(() -> BatchMixer.parse("mixup:0.2,p:2")).hasMessageContaining("'p:2'");
    assertThatThrownBy(() -> BatchMixer.parse("p:0.5"))
        .hasMessage("mix \"p:0.5\" enables neither cutmix nor mixup");
  }
}
