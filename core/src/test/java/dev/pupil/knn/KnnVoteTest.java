package dev.pupil.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Majority and distance-weighted votes, and how class ties are decided. */
class KnnVoteTest {
  // 1-D: one class-0 example close to the query, two class-1 examples far away.
  private static final float[] TRAIN = {0f, 2f, 2.1f};
  private static final int[] LABELS = {0, 1, 1};
  private static final float[] QUERY = {0.1f};

  private static KnnResult predict(Vote vote) {
    KnnClassifier knn = KnnClassifier.builder().optK(3).optVote(vote).build();
    try (KnnModel model = knn.fit(TRAIN, 3, 1, LABELS, 2)) {
      return model.predict(QUERY, 1).get(0);
    }
  }

  @Test
  void majorityFollowsTheCount() {
    KnnResult r = predict(Vote.MAJORITY);
    assertThat(r.label()).isEqualTo(1);
    assertThat(r.scores()[0]).isCloseTo(1f / 3, within(1e-6f));
    assertThat(r.scores()[1]).isCloseTo(2f / 3, within(1e-6f));
  }

  @Test
  void distanceWeightingFollowsTheNearOne() {
    KnnResult r = predict(Vote.DISTANCE);
    assertThat(r.label()).isEqualTo(0);
    double w0 = 1 / (0.1 + 1e-6);
    double w1 = 1 / (1.9 + 1e-6) + 1 / (2.0 + 1e-6);
    assertThat(r.scores()[0]).isCloseTo((float) (w0 / (w0 + w1)), within(1e-4f));
    assertThat(r.scores()[0] + r.scores()[1]).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void majorityTieGoesToTheNearestNeighboursClass() {
    // Query at 0: class 2 at distance 1 and 4, class 1 at distance 2 and 3.
    float[] train = {4f, 2f, 3f, 1f};
    int[] labels = {2, 1, 1, 2};
    KnnClassifier knn = KnnClassifier.builder().optK(4).build();
    try (KnnModel model = knn.fit(train, 4, 1, labels, 3)) {
      KnnResult r = model.predict(new float[] {0f}, 1).get(0);
      assertThat(r.scores()).containsExactly(0f, 0.5f, 0.5f);
      assertThat(r.label()).isEqualTo(2);
    }
    // Mirror the labels: now class 1 holds the nearest.
    try (KnnModel model = knn.fit(train, 4, 1, new int[] {1, 2, 2, 1}, 3)) {
      assertThat(model.predict(new float[] {0f}, 1).get(0).label()).isEqualTo(1);
    }
  }
}
