package dev.pupil.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EpochRuleTest {
  private final EpochRule rule = new EpochRule(1000, 10, 300);

  @Test
  void aLargeLabeledSetKeepsTheLargeDataDefault() {
    EpochRule.Choice c = rule.choose(54_000, 128);
    assertThat(c.stepsPerEpoch()).isEqualTo(422);
    assertThat(c.epochs()).isEqualTo(10);
    assertThat(c.steps()).isEqualTo(4220);
  }

  @Test
  void aSmallLabeledSetGetsEnoughSteps() {
    EpochRule.Choice c = rule.choose(1000, 128);
    assertThat(c.stepsPerEpoch()).isEqualTo(8);
    assertThat(c.epochs()).isEqualTo(125);
    assertThat(c.steps()).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void aTinyLabeledSetStopsAtTheMostEpochs() {
    EpochRule.Choice c = rule.choose(100, 128);
    assertThat(c.stepsPerEpoch()).isEqualTo(1);
    assertThat(c.epochs()).isEqualTo(300);
  }

  @Test
  void theChoiceSaysWhatItChoseAndHowToOverrideIt() {
    EpochRule.Choice c = rule.choose(1000, 128);
    assertThat(c.describe())
        .contains("125 epochs", "1,000 labeled images", "batch 128", "; epochs overrides)");
    assertThat(c.describe(f -> "<" + f + ">")).endsWith("; <epochs> overrides)");
    assertThat(c.toMap()).containsEntry("epochs", 125).containsEntry("steps", 1000L);
  }

  @Test
  void badBoundsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> new EpochRule(0, 10, 300)).hasMessageContaining("minSteps");
    assertThatThrownBy(() -> new EpochRule(10, 20, 10)).hasMessageContaining("maxEpochs");
    assertThatThrownBy(() -> rule.choose(0, 128)).hasMessageContaining("images");
  }
}
