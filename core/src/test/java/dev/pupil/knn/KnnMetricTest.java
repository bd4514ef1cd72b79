package dev.pupil.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact neighbours and distances for each metric on four hand-computed 2-D points. */
class KnnMetricTest {
  // x0 = (1,0), x1 = (0,2), x2 = (3,4), x3 = (-1,-1); the query is (1,1).
  private static final float[] TRAIN = {1, 0, 0, 2, 3, 4, -1, -1};
  private static final int[] LABELS = {0, 1, 2, 3};
  private static final float[] QUERY = {1, 1};

  private static KnnResult nearestFour(Metric metric) {
    KnnClassifier knn = KnnClassifier.builder().optK(4).optMetric(metric).build();
    try (KnnModel model = knn.fit(TRAIN, 4, 2, LABELS, 4)) {
      List<KnnResult> results = model.predict(QUERY, 1);
      assertThat(results).hasSize(1);
      return results.get(0);
    }
  }

  @Test
  void l2DistancesAreEuclidean() {
    KnnResult r = nearestFour(Metric.L2);
    assertThat(r.neighbours()).containsExactly(0, 1, 3, 2);
    assertThat(r.distances()[0]).isCloseTo(1f, within(1e-6f));
    assertThat(r.distances()[1]).isCloseTo((float) Math.sqrt(2), within(1e-6f));
    assertThat(r.distances()[2]).isCloseTo((float) Math.sqrt(8), within(1e-6f));
    assertThat(r.distances()[3]).isCloseTo((float) Math.sqrt(13), within(1e-6f));
  }

  @Test
  void l1DistancesAreManhattan() {
    KnnResult r = nearestFour(Metric.L1);
    assertThat(r.neighbours()).containsExactly(0, 1, 3, 2);
    assertThat(r.distances()).containsExactly(1f, 2f, 4f, 5f);
  }

  @Test
  void cosineDistancesAreOneMinusCosine() {
    KnnResult r = nearestFour(Metric.COSINE);
    // cos(q, x2) = 7 / (5√2); x0 and x1 tie at 1/√2 and come in index order; x3 is opposite.
    assertThat(r.neighbours()).containsExactly(2, 0, 1, 3);
    assertThat(r.distances()[0]).isCloseTo((float) (1 - 7 / (5 * Math.sqrt(2))), within(1e-6f));
    assertThat(r.distances()[1]).isCloseTo((float) (1 - 1 / Math.sqrt(2)), within(1e-6f));
    assertThat(r.distances()[2]).isEqualTo(r.distances()[1]);
    assertThat(r.distances()[3]).isCloseTo(2f, within(1e-6f));
  }

  @Test
  void l2DuplicateOfATrainingExampleIsAtDistanceZero() {
    float[] train = {100.1f, 200.3f, 300.7f, 0f, 0f, 0f};
    KnnClassifier knn = KnnClassifier.builder().optK(1).build();
    try (KnnModel model = knn.fit(train, 2, 3, new int[] {0, 1}, 2)) {
      KnnResult r = model.predict(new float[] {100.1f, 200.3f, 300.7f}, 1).get(0);
      assertThat(r.neighbours()).containsExactly(0);
      assertThat(r.distances()).containsExactly(0f);
    }
  }
}
