package dev.pupil.semisup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.pupil.data.ImageSet;
import dev.pupil.train.SyntheticData;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The collapse statistic and the balanced caps, on counts alone. */
class ClassBalanceTest {
  private static final List<String> TEN =
      List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");

  private static double[] uniform(int classes) {
    double[] p = new double[classes];
    Arrays.fill(p, 1.0 / classes);
    return p;
  }

  private static ClassBalance measure(int[] kept) {
    return ClassBalance.measure(kept, kept, null, uniform(kept.length), TEN);
  }

  @Test
  void totalVariationIsHalfTheL1DistanceOfTheShares() {
    assertThat(ClassBalance.totalVariation(new int[] {5, 5}, uniform(2))).isZero();
    assertThat(ClassBalance.totalVariation(new int[] {10, 0}, uniform(2))).isEqualTo(0.5);
    assertThat(ClassBalance.totalVariation(new int[] {3, 1}, new double[] {0.75, 0.25})).isZero();
    assertThat(ClassBalance.totalVariation(new int[] {0, 0}, uniform(2))).isNaN();
  }

  @Test
  void pseudoLabelsCollapsedOntoAFewClassesAreFlagged() {
    // The reported case: 10 classes, most of ~1,000 kept labels on three of them.
    ClassBalance b = measure(new int[] {400, 300, 200, 40, 20, 15, 10, 8, 5, 2});
    assertThat(b.totalVariation()).isCloseTo(0.6, within(1e-9));
    assertThat(b.lowestShare()).isCloseTo(0.02, within(1e-9));
    assertThat(b.lowestClass()).isEqualTo("c9");
    assertThat(b.collapsed()).isTrue();
  }

  @Test
  void oneStarvedClassIsFlaggedThoughTheTotalVariationIsSmall() {
    ClassBalance b = measure(new int[] {110, 110, 110, 110, 110, 110, 110, 110, 110, 10});
    assertThat(b.totalVariation()).isLessThan(ClassBalance.MAX_TOTAL_VARIATION);
    assertThat(b.lowestClass()).isEqualTo("c9");
    assertThat(b.collapsed()).isTrue();
  }

  @Test
  void aBalancedPoolIsNotFlaggedEvenWithSamplingNoise() {
    assertThat(measure(new int[] {40, 40, 40, 40, 40, 40, 40, 40, 40, 40}).collapsed()).isFalse();
    Random r = new Random(1);
    for (int trial = 0; trial < 200; trial++) {
      int n = 100 + r.nextInt(900);
      int[] counts = new int[10];
      for (int i = 0; i < n; i++) {
        counts[r.nextInt(10)]++;
      }
      ClassBalance b = measure(counts);
      assertThat(b.collapsed())
          .as("%d images drawn from the labeled classes: %s", n, Arrays.toString(counts))
          .isFalse();
    }
  }

  @Test
  void tooFewImagesToJudgeAreNotFlaggedButStillMeasured() {
    ClassBalance b = measure(new int[] {3, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    assertThat(b.totalVariation()).isCloseTo(0.8, within(1e-9));
    assertThat(b.lowestShare()).as("no class is expected to get 16").isNull();
    assertThat(b.collapsed()).isFalse();
    ClassBalance none = measure(new int[10]);
    assertThat(none.totalVariation()).isNull();
    assertThat(none.collapsed()).isFalse();
  }

  @Test
  void sharesAreMeasuredAgainstAnUnevenLabeledDistribution() {
    double[] prior = {0.5, 0.25, 0.25};
    List<String> names = List.of("a", "b", "c");
    int[] likeLabeled = {200, 100, 100};
    assertThat(ClassBalance.measure(likeLabeled, likeLabeled, null, prior, names).collapsed())
        .isFalse();
    int[] even = {100, 100, 100};
    ClassBalance b = ClassBalance.measure(even, even, null, prior, names);
    assertThat(b.totalVariation()).isCloseTo(1.0 / 6, within(1e-9));
    assertThat(b.collapsed()).isFalse();
  }

  @Test
  void shareCapsCutEachClassToItsLabeledShareOfTheConfidentImages() {
    assertThat(ClassBalance.shareCaps(new int[] {70, 10, 10, 10}, uniform(4)))
        .containsExactly(25, 25, 25, 25);
    assertThat(ClassBalance.shareCaps(new int[] {10, 20, 10}, new double[] {0.5, 0.25, 0.25}))
        .containsExactly(20, 10, 10);
    assertThat(ClassBalance.shareCaps(new int[] {7, 0, 0}, uniform(3)))
        .as("rounded up")
        .containsExactly(3, 3, 3);
    assertThat(ClassBalance.shareCaps(new int[] {5, 5}, new double[] {1, 0}))
        .as("a class with no labeled images is not capped")
        .containsExactly(10, Integer.MAX_VALUE);
    assertThatThrownBy(() -> ClassBalance.shareCaps(new int[] {1, 2}, uniform(3)))
        .hasMessage("2 class counts for 3 class shares");
  }

  @Test
  void capsAreRecordedForTheCappedClassesOnly() {
    ClassBalance b =
        ClassBalance.measure(
            new int[] {2, 1},
            new int[] {4, 1},
            new int[] {2, Integer.MAX_VALUE},
            uniform(2),
            List.of("a", "b"));
    assertThat(b.confidentPerClass()).containsExactly(entry("a", 4), entry("b", 1));
    assertThat(b.capPerClass()).containsExactly(entry("a", 2));
    assertThat(
            ClassBalance.measure(
                    new int[] {1, 1}, new int[] {1, 1}, null, uniform(2), List.of("a", "b"))
                .capPerClass())
        .isNull();
  }

  @Test
  void priorIsTheLabeledClassShares() {
    ImageSet labeled = SyntheticData.bars(8, 4, 8, 1);
    assertThat(ClassBalance.prior(labeled)).containsExactly(0.25, 0.25, 0.25, 0.25);
    ImageSet uneven = labeled.withLabels(new int[] {0, 0, 0, 0, 1, 1, 2, 3});
    assertThat(ClassBalance.prior(uneven)).containsExactly(0.5, 0.25, 0.125, 0.125);
  }
}
