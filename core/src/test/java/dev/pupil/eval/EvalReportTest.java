package dev.pupil.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvalReportTest {
  @Test
  void confusionPrecisionRecallAndF1MatchAHandCount() {
    float[][] logits = {{5, 0, 0}, {5, 0, 0}, {0, 5, 0}, {0, 5, 0}, {0, 0, 5}};
    int[] labels = {0, 1, 1, 1, 2};
    EvalReport r = EvalReport.of(logits, labels, List.of("a", "b", "c"));
    assertThat(r.accuracy()).isCloseTo(0.8, offset(1e-12));
    assertThat(r.confusion()[1]).containsExactly(1, 2, 0);
    ClassMetrics a = r.perClass().get(0);
    assertThat(a.precision()).isCloseTo(0.5, offset(1e-12));
    assertThat(a.recall()).isCloseTo(1.0, offset(1e-12));
    assertThat(a.f1()).isCloseTo(2 / 3.0, offset(1e-12));
    assertThat(r.perClass().get(1).recall()).isCloseTo(2 / 3.0, offset(1e-12));
    assertThat(r.top5()).isNaN();
  }

  @Test
  void top5CountsLabelsAmongTheFiveHighestScores() {
    float[][] logits = {{9, 8, 7, 6, 5, 4, 3}, {9, 8, 7, 6, 5, 4, 3}};
    int[] labels = {4, 5};
    EvalReport r = EvalReport.of(logits, labels, List.of("0", "1", "2", "3", "4", "5", "6"));
    assertThat(r.accuracy()).isZero();
    assertThat(r.top5()).isCloseTo(0.5, offset(1e-12));
  }
}
