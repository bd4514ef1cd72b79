package dev.pupil.semisup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.data.ImageSet;
import dev.pupil.train.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selection mechanics on given probabilities: no network involved. */
class PseudoLabelerTest {
  /** Six images, 3 classes. */
  private static final ImageSet POOL = SyntheticData.bars(6, 3, 6, 1).withLabelsHidden();

  private static final float[][] PROBS = {
    {0.90f, 0.05f, 0.05f}, // 0 → class 0, 0.90
    {0.40f, 0.35f, 0.25f}, // 1 → class 0, 0.40
    {0.95f, 0.03f, 0.02f}, // 2 → class 0, 0.95
    {0.10f, 0.80f, 0.10f}, // 3 → class 1, 0.80
    {0.90f, 0.05f, 0.05f}, // 4 → class 0, 0.90 (ties with 0)
    {0.20f, 0.20f, 0.60f}, // 5 → class 2, 0.60
  };

  private static PseudoLabeler.Builder labeler() {
    return PseudoLabeler.builder();
  }

  @Test
  void thresholdKeepsOnlyConfidentPredictionsInPoolOrder() {
    PseudoLabels kept = labeler().optThreshold(0.8f).build().select(PROBS, POOL);
    assertThat(kept.indices()).containsExactly(0, 2, 3, 4);
    assertThat(kept.hardLabels()).containsExactly(0, 0, 1, 0);
    assertThat(kept.labels())
        .allSatisfy(p -> assertThat(p.confidence()).isGreaterThanOrEqualTo(0.8f));
    assertThat(kept.poolSize()).isEqualTo(6);
    assertThat(labeler().build().select(PROBS, POOL).size())
        .as("threshold 0 keeps all")
        .isEqualTo(6);
  }

  @Test
  void classBalancingCapsEachClassKeepingTheMostConfidentAndBreakingTiesByIndex() {
    PseudoLabels kept = labeler().optMaxPerClass(2).build().select(PROBS, POOL);
    // Class 0 has 0.90 (0), 0.40 (1), 0.95 (2), 0.90 (4): keep 2 then the tie 0 before 4.
    assertThat(kept.indices()).containsExactly(0, 2, 3, 5);
    assertThat(kept.perClassCounts()).containsExactly(2, 1, 1);
    assertThat(kept.perClass())
        .containsExactly(
            Assertions.entry("c0", 2), Assertions.entry("c1", 1), Assertions.entry("c2", 1));
    PseudoLabels one = labeler().optMaxPerClass(1).optThreshold(0.5f).build().select(PROBS, POOL);
    assertThat(one.indices()).containsExactly(2, 3, 5);
  }

  /** 40 images of 4 classes; the teacher predicts class 0 for the first 16, 8 each for the rest. */
  private static float[][] skewed() {
    float[][] p = new float[40][];
    for (int i = 0; i < 40; i++) {
      int k = i < 16 ? 0 : 1 + (i - 16) / 8;
      float c = 0.5f + 0.01f * i;
      p[i] = new float[] {(1 - c) / 3, (1 - c) / 3, (1 - c) / 3, (1 - c) / 3};
      p[i][k] = c;
    }
    return p;
  }

  @Test
  void theShareCapBalancesATeachersSkewedConfidentPredictions() {
    ImageSet pool = SyntheticData.bars(40, 4, 8, 3).withLabelsHidden();
    double[] uniform = {0.25, 0.25, 0.25, 0.25};
    PseudoLabeler.Selection s = labeler().optShareCap(true).build().select(skewed(), pool, uniform);
    assertThat(s.confident()).containsExactly(16, 8, 8, 8);
    assertThat(s.caps())
        .as("each class's share of the 40 confident images")
        .containsExactly(10, 10, 10, 10);
    assertThat(s.labels().perClassCounts()).containsExactly(10, 8, 8, 8);
    assertThat(s.labels().labels())
        .filteredOn(p -> p.label() == 0)
        .extracting(PseudoLabel::index)
        .as("class 0's ten most confident")
        .containsExactly(6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    PseudoLabeler.Selection uncapped = labeler().build().select(skewed(), pool, uniform);
    assertThat(uncapped.caps()).isNull();
    assertThat(uncapped.labels().perClassCounts()).containsExactly(16, 8, 8, 8);
    assertThat(s.balance(uniform).totalVariation())
        .isLessThan(uncapped.balance(uniform).totalVariation() / 2);
    assertThat(
            labeler()
                .optShareCap(true)
                .optMaxPerClass(9)
                .build()
                .select(skewed(), pool, uniform)
                .labels()
                .perClassCounts())
        .as("the lower cap applies")
        .containsExactly(9, 8, 8, 8);
    assertThat(
            labeler()
                .optShareCap(true)
                .build()
                .select(skewed(), pool, new double[] {0.4, 0.2, 0.2, 0.2})
                .labels()
                .perClassCounts())
        .as("a labeled set where class 0 is as common as that")
        .containsExactly(16, 8, 8, 8);
    assertThat(labeler().optShareCap(true).build().select(skewed(), pool).perClassCounts())
        .as("without labeled shares the classes are equally likely")
        .containsExactly(10, 8, 8, 8);
  }

  @Test
  void softLabelsKeepTheTeachersProbabilitiesAndHardOnesTheTopClass() {
    PseudoLabels soft = labeler().optSoft(true).optThreshold(0.6f).build().select(PROBS, POOL);
    assertThat(soft.soft()).isTrue();
    assertThat(soft.softTargets()[2]).containsExactly(PROBS[3]);
    assertThat(labeler().build().select(PROBS, POOL).soft()).isFalse();
  }

  @Test
  void imagesCarryThePseudoLabels() {
    PseudoLabels kept = labeler().optThreshold(0.8f).build().select(PROBS, POOL);
    ImageSet images = kept.images(POOL);
    assertThat(images.size()).isEqualTo(4);
    assertThat(images.labels()).containsExactly(0, 0, 1, 0);
    assertThat(images.pixel(2, 0, 3, 3)).isEqualTo(POOL.pixel(3, 0, 3, 3));
  }

  @Test
  void csvListsIndexIdLabelClassAndConfidenceAndQuotesIds(@TempDir Path dir) throws Exception {
    PseudoLabels kept =
        new PseudoLabels(
            List.of(
                new PseudoLabel(3, "a,b \"x\".png", 1, 0.8f, PROBS[3]),
                new PseudoLabel(5, "5", 2, 0.6f, PROBS[5])),
            POOL.classes(),
            false,
            6);
    Path file = dir.resolve("pseudo-labels.csv");
    kept.writeCsv(file);
    assertThat(Files.readAllLines(file))
        .containsExactly(
            "index,id,label,class,confidence",
            "3,\"a,b \"\"x\"\".png\",1,c1,0.800000",
            "5,5,2,c2,0.600000");
    assertThat(Files.list(dir)).containsExactly(file);
  }

  @Test
  void builderAndSelectionRejectBadValuesNamingThem() {
    assertThatThrownBy(() -> labeler().optThreshold(1.5f).build())
        .hasMessage("threshold must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> labeler().optMaxPerClass(-1).build())
        .hasMessage("maxPerClass must be >= 0, got -1");
    assertThatThrownBy(() -> labeler().build().select(new float[2][3], POOL))
        .hasMessageContaining("2 rows for 6 images");
  }

  @Test
  void rampUpFollowsLeesSchedule() {
    RampUp r = new RampUp(2, 6, 3f);
    assertThat(r.weight(1)).isZero();
    assertThat(r.weight(2)).isZero();
    assertThat(r.weight(4)).isEqualTo(1.5f);
    assertThat(r.weight(6)).isEqualTo(3f);
    assertThat(r.weight(100)).isEqualTo(3f);
    assertThat(RampUp.constant(0.5f).weight(1)).isEqualTo(0.5f);
    assertThatThrownBy(() -> new RampUp(5, 2, 1f))
        .hasMessage("rampUp end must be >= start (5), got 2");
    assertThatThrownBy(() -> new RampUp(0, 2, -1f))
        .hasMessage("rampUp finalWeight must be >= 0 and finite, got -1.0");
  }
}
