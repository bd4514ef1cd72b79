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

  @Test
  void macroF1AveragesOverTheClassesInTheLabelsOrPredictionsOnly() {
    // A 3-class model on test data without class "c".
    List<String> classes = List.of("a", "b", "c");
    int[] labels = {0, 0, 1, 1};
    float[][] right = {{5, 0, 0}, {5, 0, 0}, {0, 5, 0}, {0, 5, 0}};
    EvalReport perfect = EvalReport.of(right, labels, classes);
    // Every image right: 1, not (1 + 1 + 0) / 3 as if the absent class had F1 0.
    assertThat(perfect.macroF1()).isCloseTo(1.0, offset(1e-12));
    assertThat(perfect.perClass().get(2).support()).isZero();

    // Once "c" is predicted (wrongly), it is present and counts with F1 0, as in scikit-learn:
    // f1_score([0,0,1,1], [0,2,1,1], average="macro") = (2/3 + 1 + 0) / 3.
    float[][] oneWrong = {{5, 0, 0}, {0, 0, 5}, {0, 5, 0}, {0, 5, 0}};
    EvalReport r = EvalReport.of(oneWrong, labels, classes);
    assertThat(r.macroF1()).isCloseTo((2 / 3.0 + 1 + 0) / 3, offset(1e-12));

    // Wrong between present classes only: the mean over "a" and "b".
    float[][] swapped = {{0, 5, 0}, {5, 0, 0}, {0, 5, 0}, {0, 5, 0}};
    EvalReport s = EvalReport.of(swapped, labels, classes);
    // a: p 1, r 1/2, F1 2/3; b: p 2/3, r 1, F1 4/5.
    assertThat(s.macroF1()).isCloseTo((2 / 3.0 + 0.8) / 2, offset(1e-12));

    assertThat(EvalReport.of(new float[0][], new int[0], classes).macroF1()).isNaN();
  }
}
