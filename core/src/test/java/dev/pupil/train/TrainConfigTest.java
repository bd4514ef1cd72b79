package dev.pupil.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pupil.BadInputException;
import org.junit.jupiter.api.Test;

/** TrainConfig's errors name the field at fault, as config.json spells it. */
class TrainConfigTest {
  private static BadInputException refused(Runnable build) {
    return catchThrowableOfType(BadInputException.class, build::run);
  }

  @Test
  void anOutOfRangeValueNamesItsField() {
    BadInputException e = refused(() -> TrainConfig.builder().optEpochs(0).build());
    assertThat(e.field()).isEqualTo("epochs");
    assertThat(e.problem()).isEqualTo("must be in [1, 100000], got 0");
    assertThat(e).hasMessage("epochs must be in [1, 100000], got 0");
    assertThat(refused(() -> TrainConfig.builder().optBatchSize(0).build()).field())
        .isEqualTo("batchSize");
    assertThat(refused(() -> TrainConfig.builder().optLr(-1f).build()).field()).isEqualTo("lr");
    assertThat(refused(() -> TrainConfig.builder().optWeightDecay(2f).build()).field())
        .isEqualTo("weightDecay");
    assertThat(refused(() -> TrainConfig.builder().optEarlyStopPatience(-1).build()).field())
        .isEqualTo("earlyStopPatience");
    assertThat(refused(() -> TrainConfig.builder().optClipMode("agc").build()))
        .hasMessage("clipMode must be norm or value, got 'agc'");
  }

  @Test
  void nesterovWithoutMomentumNamesNesterov() {
    BadInputException e =
        refused(() -> TrainConfig.builder().optNesterov(true).optMomentum(0f).build());
    assertThat(e).hasMessage("nesterov needs momentum > 0");
    assertThat(e.field()).isEqualTo("nesterov");
  }
}
