package dev.pupil.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChanceLevelTest {
  private static int[] balanced(int classes, int perClass) {
    int[] l = new int[classes * perClass];
    for (int i = 0; i < l.length; i++) {
      l[i] = i % classes;
    }
    return l;
  }

  @Test
  void tenBalancedClassesOnFourHundredImagesAreNearChanceUpToTwoStandardErrors() {
    int[] labels = balanced(10, 40);
    // p = 0.1, margin = 2 * sqrt(0.09 / 400) = 0.03
    assertThat(ChanceLevel.of(0.1225, labels).nearChance()).isTrue();
    assertThat(ChanceLevel.of(0.13, labels).nearChance()).isTrue();
    assertThat(ChanceLevel.of(0.1325, labels).nearChance()).isFalse();
    assertThat(ChanceLevel.of(0.492, labels).nearChance()).isFalse();
    assertThat(ChanceLevel.of(0.13, labels).majorityShare()).isEqualTo(0.1);
  }

  @Test
  void theBaselineIsTheMostCommonClassNotOneOverK() {
    int[] labels = new int[100];
    Arrays.fill(labels, 0, 90, 0);
    Arrays.fill(labels, 90, 100, 1);
    // Always answering class 0 scores 90%: 91% is no evidence of learning.
    ChanceLevel c = ChanceLevel.of(0.91, labels);
    assertThat(c.majorityShare()).isEqualTo(0.9);
    assertThat(c.nearChance()).isTrue();
    assertThat(ChanceLevel.of(0.99, labels).nearChance()).isFalse();
  }

  @Test
  void unlabeledEntriesDoNotCountAndNoLabelsOrNaNIsNeverFlagged() {
    int[] labels = {0, 1, -1, -1};
    assertThat(ChanceLevel.of(0.5, labels).images()).isEqualTo(2);
    assertThat(ChanceLevel.of(0.0, new int[] {-1}).nearChance()).isFalse();
    assertThat(ChanceLevel.of(Double.NaN, balanced(2, 5)).nearChance()).isFalse();
  }
}
