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
  void tenBalancedClassesOnFourHundredImagesAreNearChanceUpToAUsefulMargin() {
    int[] labels = balanced(10, 40);
    // p = 0.1: the margin is max(2 * sqrt(0.09 / 400), 0.05 * 0.9) = max(0.03, 0.045).
    assertThat(ChanceLevel.of(0.1225, labels).nearChance()).isTrue();
    assertThat(ChanceLevel.of(0.145, labels).nearChance()).isTrue();
    assertThat(ChanceLevel.of(0.1475, labels).nearChance()).isFalse();
    assertThat(ChanceLevel.of(0.492, labels).nearChance()).isFalse();
    assertThat(ChanceLevel.of(0.13, labels).majorityShare()).isEqualTo(0.1);
  }

  @Test
  void onFewImagesTheStandardErrorDecidesOnManyTheUsefulShare() {
    // 40 images: 2 * sqrt(0.09 / 40) = 0.095 > 0.045.
    assertThat(ChanceLevel.of(0.19, balanced(10, 4)).nearChance()).isTrue();
    assertThat(ChanceLevel.of(0.20, balanced(10, 4)).nearChance()).isFalse();
    // 1,000 images: 12.9% is three standard errors above 10% and still useless.
    assertThat(ChanceLevel.of(0.129, balanced(10, 100)).nearChance()).isTrue();
    assertThat(ChanceLevel.of(0.492, balanced(10, 100)).nearChance()).isFalse();
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
