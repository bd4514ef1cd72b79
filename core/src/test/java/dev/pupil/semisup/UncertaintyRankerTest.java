package dev.pupil.semisup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.FrozenModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.train.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uncertainty scores on hand-made probabilities, the ranking, its CSV and the model path. */
class UncertaintyRankerTest {
  private static final ImageSet POOL = SyntheticData.bars(6, 3, 6, 1).withLabelsHidden();

  private static final float[][] PROBS = {
    {0.90f, 0.05f, 0.05f}, // 0: confident
    {0.40f, 0.35f, 0.25f}, // 1: margin 0.05, entropy 1.08
    {1f, 0f, 0f}, //          2: one-hot
    {1 / 3f, 1 / 3f, 1 / 3f}, // 3: uniform
    {0.50f, 0.50f, 0f}, //    4: margin 0, entropy log 2 = 0.69
    {0.40f, 0.35f, 0.25f}, // 5: ties with 1
  };

  @Test
  void entropyIsZeroForOneHotAndLogCForUniform() {
    assertThat(Uncertainty.ENTROPY.score(PROBS[2])).isEqualTo(0.0);
    assertThat(Uncertainty.ENTROPY.score(PROBS[3])).isCloseTo(Math.log(3), within(1e-6));
    assertThat(Uncertainty.ENTROPY.score(PROBS[4])).isCloseTo(Math.log(2), within(1e-6));
    assertThat(Uncertainty.ENTROPY.score(new float[] {0.25f, 0.25f, 0.25f, 0.25f}))
        .isCloseTo(Math.log(4), within(1e-6));
  }

  @Test
  void marginIsTopMinusSecondAndLeastConfidenceOneMinusTop() {
    assertThat(Uncertainty.MARGIN.score(PROBS[0])).isCloseTo(0.85, within(1e-6));
    assertThat(Uncertainty.MARGIN.score(PROBS[2])).isEqualTo(1.0);
    assertThat(Uncertainty.MARGIN.score(PROBS[3])).isCloseTo(0.0, within(1e-6));
    assertThat(Uncertainty.MARGIN.score(new float[] {0.1f, 0.2f, 0.7f}))
        .isCloseTo(0.5, within(1e-6));
    assertThat(Uncertainty.LEAST_CONFIDENCE.score(PROBS[2])).isEqualTo(0.0);
    assertThat(Uncertainty.LEAST_CONFIDENCE.score(PROBS[3])).isCloseTo(2 / 3.0, within(1e-6));
    assertThat(Uncertainty.LEAST_CONFIDENCE.score(PROBS[1])).isCloseTo(0.6, within(1e-6));
  }

  @Test
  void parsesCliNamesAndRejectsUnknownOnes() {
    assertThat(Uncertainty.parse("least-confidence")).isEqualTo(Uncertainty.LEAST_CONFIDENCE);
    assertThat(Uncertainty.parse("Margin")).isEqualTo(Uncertainty.MARGIN);
    assertThatThrownBy(() -> Uncertainty.parse("variance"))
        .hasMessageContaining("'variance'")
        .hasMessageContaining("entropy, margin");
  }

  private static Suggestions rank(Uncertainty u, int n) {
    return UncertaintyRanker.builder().setUncertainty(u).optCount(n).build().rank(PROBS, POOL);
  }

  private static int[] indices(Suggestions s) {
    return s.items().stream().mapToInt(Suggestion::index).toArray();
  }

  @Test
  void ranksMostUncertainFirstBreakingTiesByIndex() {
    // entropy: uniform 1.10 > 1 = 5 (1.08, tie by index) > 4 (0.69) > 0 > 2 (0)
    assertThat(indices(rank(Uncertainty.ENTROPY, 10))).containsExactly(3, 1, 5, 4, 0, 2);
    // margin smallest first: 3 and 4 both 0 (tie by index), then 1 = 5 (0.05)
    Suggestions margin = rank(Uncertainty.MARGIN, 3);
    assertThat(indices(margin)).containsExactly(3, 4, 1);
    assertThat(margin.items()).extracting(Suggestion::rank).containsExactly(1, 2, 3);
    // least confidence: 3 (0.67) > 1 = 5 (0.6) > 4 (0.5) > 0 > 2
    assertThat(indices(rank(Uncertainty.LEAST_CONFIDENCE, 4))).containsExactly(3, 1, 5, 4);
  }

  @Test
  void suggestionCarriesPredictionAndTopTwo() {
    Suggestion s = rank(Uncertainty.ENTROPY, 2).items().get(1);
    assertThat(s.index()).isEqualTo(1);
    assertThat(s.id()).isEqualTo(POOL.id(1));
    assertThat(s.predicted()).isZero();
    assertThat(s.top1()).isEqualTo(0.40f);
    assertThat(s.second()).isEqualTo(1);
    assertThat(s.top2()).isEqualTo(0.35f);
  }

  @Test
  void csvHasOneRowPerSuggestionAndQuotesIds(@TempDir Path dir) throws Exception {
    Suggestions s =
        new Suggestions(
            Uncertainty.MARGIN,
            List.of(
                new Suggestion(1, 4, "a,b.png", 0.0, 1, 0.5f, 0, 0.5f),
                new Suggestion(2, 1, "7", 0.05, 0, 0.4f, 1, 0.35f)),
            List.of("cat", "dog", "eel"),
            6);
    Path f = dir.resolve("suggest.csv");
    s.writeCsv(f);
    assertThat(Files.readAllLines(f))
        .containsExactly(
            "rank,index,id,score,predicted,p1,second,p2",
            "1,4,\"a,b.png\",0.000000,dog,0.500000,cat,0.500000",
            "2,1,7,0.050000,cat,0.400000,dog,0.350000");
  }

  @Test
  void builderAndRowsAreValidated() {
    assertThatThrownBy(() -> UncertaintyRanker.builder().build())
        .hasMessageContaining("uncertainty");
    assertThatThrownBy(
            () ->
                UncertaintyRanker.builder().setUncertainty(Uncertainty.MARGIN).optCount(0).build())
        .hasMessageContaining("count must be >= 1, got 0");
    UncertaintyRanker r = UncertaintyRanker.builder().setUncertainty(Uncertainty.MARGIN).build();
    assertThatThrownBy(() -> r.rank(new float[2][3], POOL)).hasMessageContaining("2 rows");
  }

  @Test
  void rankingAModelUsesItsSoftmaxPredictions() {
    ImageSet pool = SyntheticData.bars(10, 3, 8, 2).withLabelsHidden();
    ModelMetadata meta =
        new ModelMetadata(
            "linear", pool.classes(), 1, 8, 8, Normalization.fromImages(pool), "test", 1);
    try (ClassifierModel m = ClassifierModel.create(meta, Device.cpu())) {
      Suggestions s =
          UncertaintyRanker.builder()
              .setUncertainty(Uncertainty.ENTROPY)
              .optCount(4)
              .optBatchSize(3)
              .build()
              .rank(FrozenModel.of(m), pool);
      float[][] p = m.probabilities(pool, 256);
      Suggestions expected =
          UncertaintyRanker.builder()
              .setUncertainty(Uncertainty.ENTROPY)
              .optCount(4)
              .build()
              .rank(p, pool);
      assertThat(s.size()).isEqualTo(4);
      assertThat(s.poolSize()).isEqualTo(10);
      assertThat(indices(s)).containsExactly(indices(expected));
      for (int k = 1; k < s.size(); k++) {
        assertThat(s.items().get(k).score()).isLessThanOrEqualTo(s.items().get(k - 1).score());
      }
    }
  }
}
