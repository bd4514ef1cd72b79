package dev.pupil.semisup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The selection the in-JVM and Spark engines share. */
class PseudoLabelFilterTest {
  private static List<PseudoLabel> candidates(Random rng, int n, int classes) {
    List<PseudoLabel> c = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Confidences on a coarse grid, so that many tie.
      float conf = 0.5f + rng.nextInt(5) / 10f;
      c.add(new PseudoLabel(i, "id" + i, rng.nextInt(classes), conf, new float[0]));
    }
    return c;
  }

  @Test
  void balancingPartitionsThenTheirUnionEqualsBalancingEverythingTiesIncluded() {
    Random rng = new Random(1);
    for (int trial = 0; trial < 20; trial++) {
      List<PseudoLabel> all = candidates(rng, 500, 4);
      PseudoLabelFilter f = new PseudoLabelFilter(0f, 1 + rng.nextInt(60));
      List<PseudoLabel> expected = f.balance(all, 4);
      List<PseudoLabel> shuffled = new ArrayList<>(all);
      Collections.shuffle(shuffled, rng);
      List<PseudoLabel> union = new ArrayList<>();
      int parts = 1 + rng.nextInt(7);
      for (int p = 0; p < parts; p++) {
        int from = shuffled.size() * p / parts;
        int to = shuffled.size() * (p + 1) / parts;
        union.addAll(f.balance(new ArrayList<>(shuffled.subList(from, to)), 4));
      }
      assertThat(f.balance(union, 4)).containsExactlyElementsOf(expected);
      assertThat(expected).hasSizeLessThanOrEqualTo(4 * f.maxPerClass());
    }
  }

  @Test
  void theThresholdIsInclusiveAndFieldsAreValidated() {
    PseudoLabelFilter f = new PseudoLabelFilter(0.5f, 0);
    assertThat(f.keeps(0.5f)).isTrue();
    assertThat(f.keeps(0.4999f)).isFalse();
    assertThatThrownBy(() -> new PseudoLabelFilter(1.5f, 0)).hasMessageContaining("threshold");
    assertThatThrownBy(() -> new PseudoLabelFilter(0.5f, -1)).hasMessageContaining("maxPerClass");
    assertThatThrownBy(() -> f.balance(List.of(new PseudoLabel(0, "a", 3, 0.9f, new float[0])), 3))
        .hasMessageContaining("label 3");
  }
}
